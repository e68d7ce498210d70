// A synthetic quantization ladder for the report tests: one 8B model in five precisions, five
// benchmarks, each variant losing more than the last (seeded, paired by item), with file sizes,
// samples logs and, optionally, a KL-divergence drift summary per variant.
import { compareRuns, DEFAULT_OPTIONS } from "../../src/compare/compare-runs.js";
import { loadRuns } from "../../src/compare/load.js";
import type { ComparisonReport, DriftSummary } from "../../src/compare/types.js";
import type { ItemResult } from "../../src/results/schema.js";
import { bernoulli, failIfeval, humanevalItems, ifevalItems, makeDoc, rng, writeDoc, writeSamples, type SampleLine } from "./helpers.js";

export interface Variant {
  quant: string;
  bytes: number;
  /** Share of passing items that fail in this variant (0 for the baseline), and of failing ones that pass. */
  lose: number;
  gain: number;
  kld?: number;
}

export const MODEL = "Meta-Llama-3.1-8B-Instruct";

export const LADDER: Variant[] = [
  { quant: "BF16", bytes: 16_068_890_624, lose: 0, gain: 0 },
  { quant: "Q8_0", bytes: 8_540_775_424, lose: 0.004, gain: 0.004, kld: 0.0021 },
  { quant: "Q6_K", bytes: 6_596_006_912, lose: 0.012, gain: 0.006, kld: 0.0064 },
  { quant: "Q4_K_M", bytes: 4_920_734_208, lose: 0.06, gain: 0.012, kld: 0.031 },
  { quant: "IQ2_XXS", bytes: 2_396_264_448, lose: 0.3, gain: 0.02, kld: 0.41 },
];

function degrade(outcomes: boolean[], v: Variant, seed: number): boolean[] {
  const r = rng(seed);
  return outcomes.map((o) => (o ? r() >= v.lose : r() < v.gain));
}

function binary(prefix: string, outcomes: boolean[][], metrics: string[]): ItemResult[] {
  return outcomes[0]!.map((_, i) => ({ id: `${prefix}${i}`, scores: Object.fromEntries(metrics.map((m, k) => [m, outcomes[k]![i]!])) }));
}

export function drift(v: Variant, exact = true): DriftSummary {
  const k = v.kld!;
  return {
    ctx: 512,
    n_chunks: 80,
    tokens_scored: 40_880,
    mean_kld: k,
    kld_stderr: k * 0.03,
    median_kld: k * 0.35,
    p90_kld: k * 2.1,
    p99_kld: k * 9,
    max_kld: k * 40,
    same_top_p: 1 - Math.min(0.5, k * 1.6),
    same_top_p_stderr: 0.0012,
    ppl_base: 7.214,
    ppl_candidate: 7.214 * (1 + k * 0.9),
    ppl_ratio: 1 + k * 0.9,
    mean_delta_p: -k * 0.05,
    rms_delta_p: Math.sqrt(k) * 0.12,
    top_k: exact ? null : 32,
    exact,
  };
}

/** Write the ladder's result files and samples logs into dir; return their paths, baseline first. */
export function writeLadder(dir: string, ladder: Variant[] = LADDER, model = MODEL, extra = false): string[] {
  const ife = ifevalItems(300, 11);
  const gsm = [bernoulli(400, 0.82, 21), bernoulli(400, 0.05, 22)];
  gsm[1] = gsm[0]!.map((s, i) => s || gsm[1]![i]!);
  const mmlu = bernoulli(500, 0.68, 31);
  const tqa = bernoulli(300, 0.41, 41);
  return ladder.map((v, vi) => {
    const name = `${model}-${v.quant}`;
    const strictPass = ife.filter((it) => it.scores.prompt_level_strict === true);
    const lost = new Set(strictPass.filter((_, i) => rng(100 * vi + i)() < v.lose).map((it) => it.id));
    const ifeval = vi === 0 ? ife : failIfeval(ife, lost);
    const he = humanevalItems(164, 5, 9, v.lose * 0.8);
    const g0 = vi === 0 ? gsm[0]! : degrade(gsm[0]!, v, 200 + vi);
    const g1 = g0.map((s, i) => s || gsm[1]![i]!);
    const benchmarks = {
      ifeval: { items: ifeval },
      humaneval: { items: he, n_samples: 5 },
      gsm8k: { items: binary("gsm8k/", [g0, g1], ["strict_match", "flexible_match"]) },
      mmlu: { items: binary("mmlu/", [vi === 0 ? mmlu : degrade(mmlu, v, 300 + vi)], ["accuracy"]) },
      truthfulqa: { items: binary("tqa/", [vi === 0 ? tqa : degrade(tqa, v, 400 + vi)], ["accuracy"]) },
      ...(extra ? { "arc-challenge-25shot-normalized": { items: binary("arc/", [vi === 0 ? mmlu : degrade(mmlu, v, 500 + vi), vi === 0 ? mmlu.map((x, i) => x && i % 3 > 0) : degrade(mmlu.map((x, i) => x && i % 3 > 0), v, 600 + vi)], ["acc_norm_with_long_name", "acc"]) } } : {}),
    };
    const samples = `${name}.samples.jsonl`;
    const lines: SampleLine[] = Object.entries(benchmarks).flatMap(([b, spec]) =>
      spec.items.map((it) => ({
        benchmark: b,
        id: it.id,
        sample: 0,
        prompt: `(${b} ${it.id}) Write a short answer. Keep it under 50 words, and do not use any commas in your reply.`,
        response: `${v.quant} says: ${"a considered answer ".repeat(1 + (it.id.length % 4))}for ${it.id}`,
        finish_reason: "stop",
      })),
    );
    writeSamples(dir, samples, lines);
    const doc = makeDoc(benchmarks, { repo_id: `meta-llama/${model}`, samples_file: samples, model: { quantization: v.quant, size_bytes: v.bytes, model_format: "gguf" } });
    return writeDoc(dir, `2025-06-01_${name}_ifeval-humaneval-gsm8k-mmlu-truthfulqa.json`, doc);
  });
}

/** Compare the ladder's files as `compare` would, attaching drift summaries when asked. */
export function ladderReport(files: string[], ladder: Variant[] = LADDER, withDrift = true): ComparisonReport {
  const runs = loadRuns(files);
  const r = compareRuns(runs[0]!, runs.slice(1), { ...DEFAULT_OPTIONS, resamples: 2000 });
  if (withDrift) r.candidates.forEach((p, i) => (p.drift = drift(ladder[i + 1]!, ladder[i + 1]!.quant !== "IQ2_XXS")));
  return r;
}
