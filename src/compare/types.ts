// Shared shapes of a comparison: loaded runs, aligned benchmarks and per-metric results.
// All scores, deltas and intervals are in points (percent, 0–100); p-values are probabilities.
import type { ResultDocument, ItemResult } from "../results/schema.js";

/** A validated result file, with the label used in tables. */
export interface LoadedRun {
  file: string;
  label: string;
  doc: ResultDocument;
}

export type Verdict = "better" | "worse" | "non-inferior" | "inconclusive";

export interface Flips {
  pass_to_fail: string[];
  fail_to_pass: string[];
}

/** Items left out of one pairwise comparison of a benchmark. */
export interface Exclusions {
  /** Items errored in the baseline, in the other run, and in either (the union, which is what is excluded). */
  errored_baseline: number;
  errored_candidate: number;
  errored_either: number;
  ids: string[];
}

/** One benchmark's items, paired by id between two runs (errored items removed). */
export interface AlignedBenchmark {
  benchmark: string;
  ids: string[];
  base: ItemResult[];
  cand: ItemResult[];
  excluded: Exclusions;
}

export type MetricKind = "item" | "cluster";

export interface CategoryRow {
  category: string;
  /** Items (item-level metrics) or units (cluster-level metrics) in the category. */
  n: number;
  baseline: number;
  candidate: number;
  delta: number;
  pass_to_fail: number;
  fail_to_pass: number;
  /** Exact McNemar p on the category's binary outcomes (units treated as independent), or null for rates. */
  p_value: number | null;
}

export interface UnitRef {
  id: string;
  unit: string;
}

export interface NoiseRef {
  /** Flips between the baseline and its rerun on this metric. */
  flips: number;
  pass_to_fail: number;
  fail_to_pass: number;
  /** Candidate flips divided by the baseline's own flips (null when the rerun had none). */
  ratio: number | null;
}

export interface MetricComparison {
  metric: string;
  kind: MetricKind;
  /** Items paired (item-level) or prompts resampled as clusters (cluster-level). */
  n: number;
  /** Units compared (cluster-level only). */
  units?: number;
  /** Items without this metric on either side (excluded for this metric only). */
  missing: number;
  binary: boolean;
  baseline: number;
  candidate: number;
  delta: number;
  ci95: [number, number];
  /** The interval at level 1 − alpha that the verdict uses. */
  ci: { level: number; lo: number; hi: number };
  p_value: number;
  p_method: "mcnemar-exact" | "sign-flip-exact" | "sign-flip-monte-carlo" | "none";
  flips: Flips;
  /** Cluster-level only: the item and unit label of each flipped unit (for reports; not in the JSON). */
  flip_units?: { pass_to_fail: UnitRef[]; fail_to_pass: UnitRef[] };
  verdict: Verdict;
  reason: string;
  noise?: NoiseRef;
  categories?: CategoryRow[];
}

export interface BenchmarkComparison {
  benchmark: string;
  items: number;
  excluded: Exclusions;
  metrics: MetricComparison[];
  /** Metrics present on only one side, skipped. */
  skipped_metrics: string[];
}

/**
 * How far a candidate's next-token distribution drifted from the baseline's on the same text
 * (the perplexity / KL-divergence benchmark). Fractions, not percents; KLD in nats per token.
 */
export interface DriftSummary {
  ctx: number;
  /** Units scored: chunks of a text, or (scored answers) one per answer, ctx then the longest. */
  n_chunks: number;
  units?: "chunks" | "answers";
  tokens_scored: number;
  mean_kld: number;
  kld_stderr: number;
  median_kld: number;
  p90_kld: number;
  p99_kld: number;
  max_kld: number;
  /** Share of tokens where both models put the same token on top. */
  same_top_p: number;
  same_top_p_stderr: number;
  ppl_base: number;
  ppl_candidate: number;
  ppl_ratio: number;
  mean_delta_p: number;
  rms_delta_p: number;
  /** Tokens of the baseline distribution kept (null: the full vocabulary). */
  top_k: number | null;
  /** False when the KLD was computed from a truncated distribution, so it is a lower bound. */
  exact: boolean;
  /** "exact", or "lower bound" (top-K + tail-bucket estimator): how to read mean_kld and its percentiles. */
  kld_semantics?: "exact" | "lower bound";
  ppl_base_stderr?: number;
  ppl_candidate_stderr?: number;
  ppl_ratio_stderr?: number;
  delta_p_stderr?: number;
  p95_kld?: number;
  p99_9_kld?: number;
  /** Δp percentiles keyed by percent ("1" ... "99", "min", "median", "max"), fractions. */
  delta_p_percentiles?: Record<string, number>;
  /** Paired bootstrap intervals over chunks (whole chunks resampled, both runs together). */
  bootstrap?: Record<"mean_kld" | "same_top_p" | "ppl_ratio" | "mean_delta_p", { lo: number; hi: number; level: number; resamples: number; seed: number }>;
  /** The scorers of the two runs (embedded, llama-server, vllm, sglang). */
  scorers?: { baseline: string | null; candidate: string | null };
  /** One sentence saying how far the candidate moved. */
  verdict?: string;
}

export interface PairComparison {
  run: LoadedRun;
  benchmarks: BenchmarkComparison[];
  /** Benchmarks in only one of the two files, skipped. */
  skipped_benchmarks: string[];
  /** Distribution drift against the baseline, when a perplexity comparison was made. */
  drift?: DriftSummary;
}

export interface CompareOptions {
  /** Significance level; the verdict uses the (1 − alpha) interval and p < alpha. */
  alpha: number;
  /** Non-inferiority margin in points. */
  margin: number;
  seed: number;
  resamples: number;
}

export interface ComparisonReport {
  options: CompareOptions & { margin_explicit: boolean };
  baseline: LoadedRun;
  candidates: PairComparison[];
  /** Baseline vs its rerun (noise floor), when --baseline-rerun was given. */
  noise: PairComparison | null;
}
