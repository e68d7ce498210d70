// Machine-readable comparison (`compare --json`): per candidate, benchmark and metric the paired
// scores, delta, interval, p-value, flips and verdict. Scores are in points (percent, 0–100).
import { gateFailures } from "./compare-runs.js";
import { round4, roundP } from "./format.js";
import type { ComparisonReport, LoadedRun, MetricComparison, PairComparison } from "./types.js";

export const JSON_FORMAT_VERSION = 1;

function runInfo(r: LoadedRun) {
  const size = r.doc.model?.size_bytes;
  return {
    file: r.file,
    label: r.label,
    repo_id: r.doc.repo_id,
    model_format: r.doc.model_format,
    model_identity: r.doc.settings.model_identity,
    timestamp: r.doc.timestamp,
    ...(typeof size === "number" ? { size_bytes: size } : {}),
  };
}

function metricJson(m: MetricComparison) {
  return {
    kind: m.kind,
    n: m.n,
    ...(m.units !== undefined ? { units: m.units } : {}),
    missing: m.missing,
    baseline: round4(m.baseline),
    candidate: round4(m.candidate),
    delta: round4(m.delta),
    ci95: [round4(m.ci95[0]), round4(m.ci95[1])],
    ci: { level: m.ci.level, lo: round4(m.ci.lo), hi: round4(m.ci.hi) },
    p_value: roundP(m.p_value),
    p_method: m.p_method,
    flips: m.flips,
    ...(m.noise ? { noise: m.noise } : {}),
    verdict: m.verdict,
    reason: m.reason,
    ...(m.categories
      ? {
          categories: m.categories.map((c) => ({
            ...c,
            baseline: round4(c.baseline),
            candidate: round4(c.candidate),
            delta: round4(c.delta),
            p_value: c.p_value === null ? null : roundP(c.p_value),
          })),
        }
      : {}),
  };
}

function pairJson(p: PairComparison) {
  return {
    ...runInfo(p.run),
    benchmarks: Object.fromEntries(
      p.benchmarks.map((b) => [
        b.benchmark,
        {
          items: b.items,
          excluded: b.excluded,
          skipped_metrics: b.skipped_metrics,
          metrics: Object.fromEntries(b.metrics.map((m) => [m.metric, metricJson(m)])),
        },
      ]),
    ),
    skipped_benchmarks: p.skipped_benchmarks,
    ...(p.drift ? { drift: p.drift } : {}),
  };
}

export function reportJson(r: ComparisonReport, opts: { failOnRegression: boolean }) {
  const failures = gateFailures(r);
  return {
    format: "workbench-compare",
    format_version: JSON_FORMAT_VERSION,
    units:
      "baseline, candidate, delta, ci95 and ci are in points (percent, 0-100); p_value is a probability. " +
      "Item-level metrics are means of per-item outcomes; cluster-level (instruction-level) metrics are micro-averaged over units, with prompts resampled as clusters. " +
      "Flips: pass means outcome >= 0.5 (a per-item rate counts as passed when at least half its samples passed).",
    settings: {
      alpha: r.options.alpha,
      confidence: 1 - r.options.alpha,
      margin: r.options.margin,
      margin_explicit: r.options.margin_explicit,
      seed: r.options.seed,
      resamples: r.options.resamples,
      bootstrap: "paired percentile bootstrap (mid-quantile), resampling items; prompts as clusters for instruction-level metrics",
    },
    baseline: runInfo(r.baseline),
    baseline_rerun: r.noise ? pairJson(r.noise) : null,
    candidates: r.candidates.map(pairJson),
    gate: { fail_on_regression: opts.failOnRegression, failed: opts.failOnRegression && failures.length > 0, failures },
  };
}
