// Comparing runs: for every benchmark two runs share and every metric they carry, the paired
// scores, bootstrap interval of the delta, p-value, flips and verdict.
import { alignRuns } from "./align.js";
import { categoryBreakdown } from "./breakdown.js";
import { extractMetrics, type ClusterMetricData, type ItemMetricData } from "./metrics.js";
import { attachNoise } from "./noise.js";
import { clusterBootstrap, DEFAULT_RESAMPLES, pairedBootstrap, percentileInterval } from "./stats/bootstrap.js";
import { mcnemarExact } from "./stats/mcnemar.js";
import { signFlipTest } from "./stats/permutation.js";
import { streamRng } from "./stats/prng.js";
import { decideVerdict } from "./verdict.js";
import { driftBetween } from "./drift.js";
import type { BenchmarkComparison, CompareOptions, ComparisonReport, Flips, LoadedRun, MetricComparison, PairComparison, UnitRef } from "./types.js";

export const DEFAULT_OPTIONS: CompareOptions = { alpha: 0.05, margin: 1, seed: 1, resamples: DEFAULT_RESAMPLES };

type Core = Omit<MetricComparison, "verdict" | "reason" | "metric" | "kind" | "missing" | "categories" | "noise">;

function intervals(sorted: Float64Array, alpha: number): Pick<Core, "ci95" | "ci"> {
  const [lo95, hi95] = percentileInterval(sorted, 0.95);
  const level = 1 - alpha;
  const [lo, hi] = level === 0.95 ? [lo95, hi95] : percentileInterval(sorted, level);
  return { ci95: [100 * lo95, 100 * hi95], ci: { level, lo: 100 * lo, hi: 100 * hi } };
}

function itemCore(d: ItemMetricData, opts: CompareOptions, stream: string): Core {
  const n = d.x.length;
  const diff = new Float64Array(n);
  const flips: Flips = { pass_to_fail: [], fail_to_pass: [] };
  let sx = 0;
  let sy = 0;
  for (let i = 0; i < n; i++) {
    const x = d.x[i]!;
    const y = d.y[i]!;
    diff[i] = y - x;
    sx += x;
    sy += y;
    if (x >= 0.5 && y < 0.5) flips.pass_to_fail.push(d.ids[i]!);
    else if (x < 0.5 && y >= 0.5) flips.fail_to_pass.push(d.ids[i]!);
  }
  const rng = streamRng(opts.seed, stream);
  const boot = pairedBootstrap(diff, opts.resamples, rng);
  let p: number;
  let method: Core["p_method"];
  if (n === 0) {
    p = 1;
    method = "none";
  } else if (d.binary) {
    p = mcnemarExact(flips.pass_to_fail.length, flips.fail_to_pass.length);
    method = "mcnemar-exact";
  } else {
    const t = signFlipTest(diff, opts.resamples, rng);
    p = t.p;
    method = t.method;
  }
  const base = n ? (100 * sx) / n : 0;
  const cand = n ? (100 * sy) / n : 0;
  return { n, binary: d.binary, baseline: base, candidate: cand, delta: n ? (100 * (sy - sx)) / n : 0, ...intervals(boot, opts.alpha), p_value: p, p_method: method, flips };
}

function clusterCore(d: ClusterMetricData, opts: CompareOptions, stream: string): Core {
  const k = d.ids.length;
  const diff = new Float64Array(k);
  let sx = 0;
  let sy = 0;
  let units = 0;
  for (let i = 0; i < k; i++) {
    diff[i] = d.ys[i]! - d.xs[i]!;
    sx += d.xs[i]!;
    sy += d.ys[i]!;
    units += d.sizes[i]!;
  }
  const flips: Flips = { pass_to_fail: [], fail_to_pass: [] };
  const flipUnits: { pass_to_fail: UnitRef[]; fail_to_pass: UnitRef[] } = { pass_to_fail: [], fail_to_pass: [] };
  for (let u = 0; u < d.ux.length; u++) {
    const dir = d.ux[u] && !d.uy[u] ? "pass_to_fail" : !d.ux[u] && d.uy[u] ? "fail_to_pass" : null;
    if (!dir) continue;
    flips[dir].push(d.unitIds[u]!);
    flipUnits[dir].push({ id: d.ids[d.unitItem[u]!]!, unit: d.unitLabel[u]! });
  }
  const rng = streamRng(opts.seed, stream);
  const boot = clusterBootstrap(diff, d.sizes, opts.resamples, rng);
  const t = k ? signFlipTest(diff, opts.resamples, rng) : { p: 1, method: "none" as const };
  return {
    n: k,
    units,
    binary: true,
    baseline: units ? (100 * sx) / units : 0,
    candidate: units ? (100 * sy) / units : 0,
    delta: units ? (100 * (sy - sx)) / units : 0,
    ...intervals(boot, opts.alpha),
    p_value: t.p,
    p_method: t.method,
    flips,
    flip_units: flipUnits,
  };
}

/** Compare one other run against the baseline, benchmark by benchmark and metric by metric. */
export function comparePair(baseline: LoadedRun, other: LoadedRun, opts: CompareOptions): PairComparison {
  const { aligned, skipped } = alignRuns(baseline, other);
  // Distribution benchmarks (perplexity) have no items: they are compared through their distributions files.
  const benchmarks: BenchmarkComparison[] = aligned.filter((a) => !baseline.doc.benchmarks[a.benchmark]?.distributions).map((a) => {
    const { metrics, skipped: skippedMetrics } = extractMetrics(a);
    const rows = metrics.map((d): MetricComparison => {
      const stream = `${a.benchmark}/${d.metric}`;
      const core = d.kind === "item" ? itemCore(d, opts, stream) : clusterCore(d, opts, stream);
      const nflips = core.flips.pass_to_fail.length + core.flips.fail_to_pass.length;
      const identical = d.kind === "item" ? d.x.every((x, i) => x === d.y[i]) : nflips === 0;
      const v = decideVerdict({
        n: core.n,
        delta: core.delta,
        lo: core.ci.lo,
        hi: core.ci.hi,
        level: core.ci.level,
        p: core.p_value,
        alpha: opts.alpha,
        margin: opts.margin,
        flips: nflips,
        identical,
        score: core.baseline,
      });
      const categories = d.kind === "item" ? categoryBreakdown(d.categories, d.x, d.y) : categoryBreakdown(d.unitCategory, d.ux, d.uy);
      return { metric: d.metric, kind: d.kind, missing: d.missing, ...core, ...v, ...(categories ? { categories } : {}) };
    });
    return { benchmark: a.benchmark, items: a.ids.length, excluded: a.excluded, metrics: rows, skipped_metrics: skippedMetrics };
  });
  const drift = driftBetween(baseline, other, { seed: opts.seed, bootstrapResamples: Math.min(opts.resamples, 2000) });
  return { run: other, benchmarks, skipped_benchmarks: skipped, ...(drift ? { drift } : {}) };
}

/** Compare each candidate (and the optional baseline rerun, as noise floor) against the baseline. */
export function compareRuns(
  baseline: LoadedRun,
  candidates: LoadedRun[],
  opts: CompareOptions & { margin_explicit?: boolean; rerun?: LoadedRun | null },
): ComparisonReport {
  const noise = opts.rerun ? comparePair(baseline, opts.rerun, opts) : null;
  const pairs = candidates.map((c) => comparePair(baseline, c, opts));
  if (noise) for (const p of pairs) attachNoise(p, noise);
  const { alpha, margin, seed, resamples } = opts;
  return { options: { alpha, margin, seed, resamples, margin_explicit: opts.margin_explicit ?? false }, baseline, candidates: pairs, noise };
}

/** Metric rows of a pair, flattened with their benchmark. */
export function metricRows(p: PairComparison): Array<{ benchmark: string; m: MetricComparison }> {
  return p.benchmarks.flatMap((b) => b.metrics.map((m) => ({ benchmark: b.benchmark, m })));
}

/** The CI gate: which candidate metrics fail (worse; with an explicit margin, anything not better/non-inferior). */
export function gateFailures(r: ComparisonReport): Array<{ candidate: string; benchmark: string; metric: string; verdict: string }> {
  const out: Array<{ candidate: string; benchmark: string; metric: string; verdict: string }> = [];
  for (const p of r.candidates) {
    for (const { benchmark, m } of metricRows(p)) {
      const fails = r.options.margin_explicit ? m.verdict !== "better" && m.verdict !== "non-inferior" : m.verdict === "worse";
      if (fails) out.push({ candidate: p.run.label, benchmark, metric: m.metric, verdict: m.verdict });
    }
  }
  return out;
}
