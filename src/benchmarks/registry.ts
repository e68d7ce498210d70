// The benchmarks `workbench eval --benchmark` knows, by name. Exhaustive and fail-closed: an
// unknown name is a usage error listing the known ones. Modules load only when a benchmark is used.
import { UsageError } from "../util/usage-error.js";
import type { AnyBenchmark } from "./types.js";

export interface BenchmarkOptions {
  /** Chat backend (messages) or completion backend (raw prompt): changes prompting/extraction for some benchmarks. */
  chat: boolean;
  /** Per-benchmark replacement data file (e.g. ifeval → an older prompts revision). */
  inputFiles?: Record<string, string>;
}

interface Entry {
  description: string;
  create(opts: BenchmarkOptions): Promise<AnyBenchmark>;
}

const REGISTRY: Record<string, Entry> = {
  ifeval: {
    description: "IFEval: 541 prompts with verifiable instructions (Google's reference scoring)",
    create: async (o) => (await import("./ifeval/task.js")).createIfevalBenchmark({ inputFile: o.inputFiles?.ifeval }),
  },
  humaneval: {
    description: "HumanEval: 164 Python problems, executed in the sandbox, pass@k",
    create: async (o) => (await import("./humaneval/task.js")).createHumanEvalBenchmark({ mode: o.chat ? "chat" : "completion", file: o.inputFiles?.humaneval }),
  },
  gsm8k: {
    description: "GSM8K: 1,319 grade-school math problems, 8-shot chain of thought (strict and flexible match)",
    create: async () => (await import("./gsm8k/task.js")).gsm8k,
  },
  mmlu: {
    description: "MMLU: 14,042 multiple-choice questions in 57 subjects, 5-shot, letter answer",
    create: async () => (await import("./mmlu/task.js")).mmlu,
  },
  "truthfulqa-mc1": {
    description: "TruthfulQA MC1 (v0, 817 questions), letter choice over deterministically shuffled options",
    create: async () => (await import("./truthfulqa/task.js")).truthfulqaMc1,
  },
};

/** What `eval` runs when --benchmark is not given (the seed's pair). */
export const DEFAULT_BENCHMARKS: readonly string[] = ["ifeval", "humaneval"];

export function knownBenchmarks(): string[] {
  return Object.keys(REGISTRY);
}

export function benchmarkDescription(name: string): string | undefined {
  return REGISTRY[name]?.description;
}

/** Validate and de-duplicate names (order kept); unknown → UsageError listing the known ones. */
export function checkBenchmarkNames(names: readonly string[]): string[] {
  const out: string[] = [];
  for (const raw of names) {
    for (const name of raw.split(",").map((s) => s.trim().toLowerCase()).filter(Boolean)) {
      if (!(name in REGISTRY)) throw new UsageError(`unknown benchmark '${name}' (known: ${knownBenchmarks().join(", ")})`);
      if (!out.includes(name)) out.push(name);
    }
  }
  if (out.length === 0) throw new UsageError(`no benchmark named (known: ${knownBenchmarks().join(", ")})`);
  return out;
}

export async function loadBenchmark(name: string, opts: BenchmarkOptions): Promise<AnyBenchmark> {
  const entry = REGISTRY[name];
  if (!entry) throw new UsageError(`unknown benchmark '${name}' (known: ${knownBenchmarks().join(", ")})`);
  return entry.create(opts);
}
