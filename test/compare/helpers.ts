// Synthetic, seeded result documents for the compare tests and benchmark (no third-party data).
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Writable } from "node:stream";
import { validateResultDocument, type ItemResult, type ResultDocument } from "../../src/results/schema.js";

/** mulberry32: a tiny seeded generator, independent of the engine's own PRNG. */
export function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export interface BenchSpec {
  items: ItemResult[];
  dataset?: Partial<ResultDocument["benchmarks"][string]["dataset"]>;
  protocol?: string;
  n_samples?: number;
}

export function makeDoc(
  benchmarks: Record<string, BenchSpec>,
  meta: { repo_id?: string; model_format?: string; samples_file?: string; model?: Record<string, unknown> } = {},
): ResultDocument {
  const doc = {
    schema_version: 1,
    tool: { name: "model-workbench", version: "0.1.0" },
    timestamp: "2025-01-01T00:00:00.000Z",
    repo_id: meta.repo_id ?? "test/model",
    model_path: null,
    model_format: meta.model_format ?? "gguf",
    gpu_info: { available: false, reason: "test" },
    settings: { backend: "fake", base_url: null, model_name: null, model_identity: meta.repo_id ?? "test/model", concurrency: 1, limit: null, benchmarks: Object.keys(benchmarks) },
    benchmarks: Object.fromEntries(
      Object.entries(benchmarks).map(([name, spec]) => {
        const ok = spec.items.filter((i) => i.error === undefined);
        const metricNames = [...new Set(ok.flatMap((i) => Object.keys(i.scores)))];
        const metrics = Object.fromEntries(metricNames.map((m) => [m, ok.length ? ok.reduce((s, i) => s + Number(i.scores[m] ?? 0), 0) / ok.length : null]));
        return [
          name,
          {
            benchmark: name,
            protocol: spec.protocol ?? `${name}-test`,
            questions: spec.items.length,
            overall_score: metricNames.length ? (metrics[metricNames[0]!] ?? null) : null,
            metrics,
            ...(spec.n_samples ? { n_samples: spec.n_samples } : {}),
            dataset: { name, version: "v1", sha256: { "data.jsonl": "ab".repeat(32) }, limit: null, items: spec.items.length, ...spec.dataset },
            generation: {},
            usage: { requests: 0, cached: 0, prompt_tokens: 0, completion_tokens: 0, wall_s: 0, tokens_per_s: 0, truncated: 0, truncation_rate: 0, errors: 0 },
            items: spec.items,
          },
        ];
      }),
    ),
    ...(meta.samples_file ? { samples_file: meta.samples_file } : {}),
    ...(meta.model ? { model: meta.model } : {}),
  };
  return validateResultDocument(doc, "(synthetic)");
}

/** Binary single-metric items from a list of outcomes. */
export function binaryItems(outcomes: boolean[], metric = "accuracy", prefix = "q"): ItemResult[] {
  return outcomes.map((v, i) => ({ id: `${prefix}${i}`, scores: { [metric]: v } }));
}

/** n outcomes, each true with probability p. */
export function bernoulli(n: number, p: number, seed: number): boolean[] {
  const r = rng(seed);
  return Array.from({ length: n }, () => r() < p);
}

export const INSTRUCTIONS = [
  "punctuation:no_comma",
  "detectable_format:title",
  "detectable_format:number_bullet_lists",
  "length_constraints:number_words",
  "keywords:existence",
  "change_case:english_lowercase",
  "startend:quotation",
  "combination:repeat_prompt",
];

/** IFEval-shaped items: prompt-level strict/loose booleans, instruction-level units with labels. */
export function ifevalItems(n: number, seed: number, pStrict = 0.8): ItemResult[] {
  const r = rng(seed);
  return Array.from({ length: n }, (_, i) => {
    const k = 1 + Math.floor(r() * 3);
    const labels = Array.from({ length: k }, () => INSTRUCTIONS[Math.floor(r() * INSTRUCTIONS.length)]!);
    const strict = labels.map(() => r() < pStrict);
    const loose = strict.map((s) => s || r() < 0.5);
    return {
      id: String(1000 + i),
      scores: { prompt_level_strict: strict.every(Boolean), prompt_level_loose: loose.every(Boolean) },
      units: { inst_level_strict: strict, inst_level_loose: loose },
      unit_labels: labels,
    };
  });
}

/** Make every instruction of the given prompts fail (strict and loose). */
export function failIfeval(items: ItemResult[], ids: Set<string>): ItemResult[] {
  return items.map((it) => {
    if (!ids.has(it.id)) return it;
    const k = it.unit_labels!.length;
    const f = Array.from({ length: k }, () => false);
    return { ...it, scores: { prompt_level_strict: false, prompt_level_loose: false }, units: { inst_level_strict: f, inst_level_loose: [...f] } };
  });
}

/** HumanEval-shaped items: `samples` verdicts per task, pass@1 = per-task pass rate. shift lowers every task's pass probability. */
export function humanevalItems(n: number, samples: number, seed: number, shift = 0): ItemResult[] {
  const r = rng(seed);
  const rs = rng(seed + 7919);
  return Array.from({ length: n }, (_, i) => {
    const p = Math.max(0, Math.min(1, rs() - shift));
    const s = Array.from({ length: samples }, () => r() < p);
    return { id: `HumanEval/${i}`, scores: { "pass@1": s.filter(Boolean).length / samples }, samples: s };
  });
}

const made: string[] = [];
process.on("exit", () => {
  for (const d of made) rmSync(d, { recursive: true, force: true });
});

/** A fresh temporary directory, removed when the process exits. */
export function tempDir(prefix = "wb-compare-"): string {
  const d = mkdtempSync(join(tmpdir(), prefix));
  made.push(d);
  return d;
}

export function writeDoc(dir: string, name: string, doc: ResultDocument | unknown): string {
  const path = join(dir, name);
  writeFileSync(path, JSON.stringify(doc));
  return path;
}

/** A samples-log line in the runner's format (src/runner/evaluate.ts SamplesLogLine, fields compare reads). */
export interface SampleLine {
  benchmark: string;
  id: string;
  sample: number;
  prompt: string;
  response: string;
  raw?: string;
  finish_reason: string | null;
  error?: string;
}

export function writeSamples(dir: string, name: string, lines: SampleLine[]): void {
  writeFileSync(join(dir, name), lines.map((l) => JSON.stringify(l)).join("\n") + "\n");
}

/** A writable stream that keeps what was written. */
export function capture(): { stream: Writable; text: () => string } {
  const chunks: string[] = [];
  const stream = new Writable({
    write(chunk, _enc, cb) {
      chunks.push(String(chunk));
      cb();
    },
  });
  return { stream, text: () => chunks.join("") };
}
