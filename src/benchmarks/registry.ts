// The benchmarks `workbench eval --benchmark` and `workbench score <name>` know, by name. A benchmark
// is its folder plus one entry here. Exhaustive and fail-closed: an unknown name is a usage error
// listing the known ones. Modules load only when a benchmark is used.
import { UsageError } from "../util/usage-error.js";
import type { ScoreCommand } from "./shared/score-command.js";
import type { AnyBenchmark } from "./types.js";

export interface BenchmarkOptions {
  /** Chat backend (messages) or completion backend (raw prompt): changes prompting/extraction for some benchmarks. */
  chat: boolean;
  /** Each benchmark's own options by benchmark name (e.g. ifeval: {inputFile}); the benchmark checks them. */
  options?: Record<string, Record<string, unknown> | undefined>;
}

/** Static facts of the dataset revision a benchmark uses (test/cli/list.test.ts checks them against the loaded data). */
export interface DatasetFacts {
  /** Items in the full set. */
  items: number;
  /** The categories --limit N is applied per (N of each): their name, how many, and the size of the smallest. */
  limitPer?: { name: string; count: number; smallest: number };
}

interface Entry {
  description: string;
  facts: DatasetFacts;
  /** Create the benchmark from the run's backend kind and its own (unchecked) options. */
  create(ctx: { chat: boolean }, options: Record<string, unknown> | undefined): Promise<AnyBenchmark>;
  /** Offline scorer behind `workbench score <name>`: the one-line summary and the command. */
  score?: { summary: string; command(): Promise<ScoreCommand<any>> };
}

const REGISTRY: Record<string, Entry> = {
  ifeval: {
    description: "IFEval: 541 prompts with verifiable instructions (Google's reference scoring)",
    facts: { items: 541 },
    create: async (_, o) => {
      const m = await import("./ifeval/task.js");
      return m.createIfevalBenchmark(m.parseIfevalOptions(o));
    },
    score: { summary: "Score saved IFEval responses exactly like Google's reference", command: async () => (await import("./ifeval/score-command.js")).ifevalScoreCommand },
  },
  humaneval: {
    description: "HumanEval: 164 Python problems, executed in the sandbox, pass@k",
    facts: { items: 164 },
    create: async (c, o) => {
      const m = await import("./humaneval/task.js");
      return m.createHumanEvalBenchmark({ mode: c.chat ? "chat" : "completion", ...m.parseHumanEvalOptions(o) });
    },
    score: { summary: "Execute HumanEval samples in the sandbox and report pass@k", command: async () => (await import("./humaneval/score-command.js")).humanevalScoreCommand },
  },
  gsm8k: {
    description: "GSM8K: 1,319 grade-school math problems, 8-shot chain of thought (strict and flexible match)",
    facts: { items: 1319 },
    create: async (_, o) => noOptions("gsm8k", o, (await import("./gsm8k/task.js")).gsm8k),
    score: { summary: "Score saved GSM8K answers (strict and flexible match)", command: async () => (await import("./gsm8k/offline.js")).gsm8kScoreCommand },
  },
  mmlu: {
    description: "MMLU: 14,042 multiple-choice questions in 57 subjects, 5-shot, letter answer",
    facts: { items: 14042, limitPer: { name: "subject", count: 57, smallest: 100 } },
    create: async (_, o) => noOptions("mmlu", o, (await import("./mmlu/task.js")).mmlu),
    score: { summary: "Score saved MMLU answers (letter extraction)", command: async () => (await import("./mmlu/offline.js")).mmluScoreCommand },
  },
  "truthfulqa-mc1": {
    description: "TruthfulQA MC1 (v0, 817 questions), letter choice over deterministically shuffled options",
    facts: { items: 817 },
    create: async (_, o) => noOptions("truthfulqa-mc1", o, (await import("./truthfulqa/task.js")).truthfulqaMc1),
    score: { summary: "Score saved TruthfulQA MC1 letter answers", command: async () => (await import("./truthfulqa/offline.js")).truthfulqaScoreCommand },
  },
};

/**
 * Benchmarks that score a text with the model's next-token distributions instead of generating
 * answers: no prompts, no --limit; the runner gives them a token scorer (runner/perplexity.ts).
 */
const DISTRIBUTION_BENCHMARKS: Record<string, { description: string; protocol: string }> = {
  perplexity: {
    description: "Perplexity and next-token distributions on a text (default wikitext-2-raw test), llama-perplexity's protocol; compare two runs for KL divergence",
    protocol: "llama-perplexity",
  },
};

/** Names of the distribution benchmarks (perplexity), in order. */
export function distributionBenchmarks(): Array<{ name: string; description: string; protocol: string }> {
  return Object.entries(DISTRIBUTION_BENCHMARKS).map(([name, e]) => ({ name, ...e }));
}

export function isDistributionBenchmark(name: string): boolean {
  return name in DISTRIBUTION_BENCHMARKS;
}

function allNames(): string[] {
  return [...knownBenchmarks(), ...Object.keys(DISTRIBUTION_BENCHMARKS)];
}

function noOptions(name: string, options: Record<string, unknown> | undefined, bench: AnyBenchmark): AnyBenchmark {
  const keys = Object.keys(options ?? {}).filter((k) => options![k] !== undefined);
  if (keys.length) throw new UsageError(`${name}: unknown option '${keys[0]}' (it takes none)`);
  return bench;
}

/** What `eval` runs when --benchmark is not given (the seed's pair). */
export const DEFAULT_BENCHMARKS: readonly string[] = ["ifeval", "humaneval"];

/** The generation benchmarks (prompts through a backend); see distributionBenchmarks() for the others. */
export function knownBenchmarks(): string[] {
  return Object.keys(REGISTRY);
}

export function benchmarkDescription(name: string): string | undefined {
  return REGISTRY[name]?.description ?? DISTRIBUTION_BENCHMARKS[name]?.description;
}

export function datasetFacts(name: string): DatasetFacts | undefined {
  return REGISTRY[name]?.facts;
}

/** Validate and de-duplicate names (order kept); unknown → UsageError listing the known ones. */
export function checkBenchmarkNames(names: readonly string[]): string[] {
  const out: string[] = [];
  for (const raw of names) {
    for (const name of raw.split(",").map((s) => s.trim().toLowerCase()).filter(Boolean)) {
      if (!(name in REGISTRY) && !(name in DISTRIBUTION_BENCHMARKS)) throw new UsageError(`unknown benchmark '${name}' (known: ${allNames().join(", ")})`);
      if (!out.includes(name)) out.push(name);
    }
  }
  if (out.length === 0) throw new UsageError(`no benchmark named (known: ${allNames().join(", ")})`);
  return out;
}

export async function loadBenchmark(name: string, opts: BenchmarkOptions): Promise<AnyBenchmark> {
  const entry = REGISTRY[name];
  if (!entry) throw new UsageError(`unknown benchmark '${name}' (known: ${knownBenchmarks().join(", ")})`);
  return entry.create({ chat: opts.chat }, opts.options?.[name]);
}

/** The benchmarks with an offline scorer and its summary, in registry order. */
export function scorableBenchmarks(): Array<{ name: string; summary: string }> {
  return Object.entries(REGISTRY).flatMap(([name, e]) => (e.score ? [{ name, summary: e.score.summary }] : []));
}

/** The offline score command of a benchmark; UsageError naming the scorable ones when it has none. */
export async function loadScoreCommand(name: string): Promise<ScoreCommand<any>> {
  const entry = REGISTRY[name];
  const known = scorableBenchmarks().map((b) => b.name).join(", ");
  if (!entry) throw new UsageError(`score: unknown benchmark '${name}' (scorable: ${known})`);
  if (!entry.score) throw new UsageError(`score: benchmark '${name}' has no offline scorer (scorable: ${known})`);
  return entry.score.command();
}
