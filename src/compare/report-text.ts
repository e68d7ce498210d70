// Terminal report: per-candidate tables (scores, delta, CI, p, flips, verdict), verdict sentences,
// instruction-category breakdown, a matrix when there are several candidates, the noise floor,
// and at the end a Markdown summary table and the bottom line of each variant.
import { gateFailures } from "./compare-runs.js";
import { ciText, pFloor, pts, pval, signed } from "./format.js";
import { noiseSummary } from "./noise.js";
import { summaryBlock } from "./report-markdown.js";
import { columns, findMetric, runNames, standing, type Column } from "./report/summary.js";
import { fit } from "./svg.js";
import { renderTable } from "./table.js";
import type { DriftSummary, BenchmarkComparison, ComparisonReport, LoadedRun, MetricComparison, PairComparison } from "./types.js";

const SHORT: Record<string, string> = { better: "better", worse: "WORSE", "non-inferior": "non-inf", inconclusive: "inconcl", indistinguishable: "alike" };

function runLine(role: string, r: LoadedRun): string {
  return `${role.padEnd(10)} ${r.label}  ${r.doc.repo_id} (${r.doc.model_format})  ${r.file}`;
}

function excludedText(b: BenchmarkComparison): string {
  const e = b.excluded;
  if (!e.errored_either) return "none excluded";
  return `${e.errored_either} excluded (errored: ${e.errored_baseline} in baseline, ${e.errored_candidate} in candidate)`;
}

function noiseCell(m: MetricComparison): string {
  if (!m.noise) return "";
  return m.noise.ratio === null ? `${m.noise.flips}` : `${m.noise.flips} (${m.noise.ratio.toFixed(1)}x)`;
}

function categoryLines(b: BenchmarkComparison): string[] {
  const cms = b.metrics.filter((m) => m.kind === "cluster" && m.categories?.length);
  if (!cms.length) return [];
  const first = cms[0]!;
  const rows = first.categories!.map((c) => {
    const deltas = cms.map((m) => {
      const r = m.categories!.find((x) => x.category === c.category);
      return r ? signed(r.delta) : "";
    });
    return [c.category, String(c.n), ...deltas, String(c.pass_to_fail), String(c.fail_to_pass)];
  });
  const header = ["category", "units", ...cms.map((m) => `Δ ${m.metric}`), `p→f`, `f→p`];
  return [
    `  by instruction category (most degraded first; flips for ${first.metric}):`,
    ...renderTable(header, rows, ["l", "r", ...cms.map(() => "r" as const), "r", "r"], "    "),
  ];
}

function pairLines(p: PairComparison, baseline: LoadedRun, showNoise: boolean, resamples: number): string[] {
  const out: string[] = [];
  for (const b of p.benchmarks) {
    out.push("", `${b.benchmark}: ${b.items} items paired, ${excludedText(b)}`);
    const header = ["metric", "baseline", "candidate", "delta", "95% CI", "p", "p→f", "f→p", ...(showNoise ? ["rerun flips"] : []), "verdict"];
    const rows = b.metrics.map((m) => [
      m.kind === "cluster" ? `${m.metric} (${m.units} units)` : m.metric,
      pts(m.baseline),
      pts(m.candidate),
      signed(m.delta),
      ciText(m.ci95[0], m.ci95[1]),
      pval(m.p_value, pFloor(m.p_method, resamples)),
      String(m.flips.pass_to_fail.length),
      String(m.flips.fail_to_pass.length),
      ...(showNoise ? [noiseCell(m)] : []),
      m.verdict,
    ]);
    out.push(...renderTable(header, rows, ["l", "r", "r", "r", "l", "r", "r", "r", ...(showNoise ? ["r" as const] : []), "l"], "  "));
    for (const m of b.metrics) out.push(`  ${m.metric}: ${m.verdict} — ${m.reason}`);
    if (b.skipped_metrics.length) out.push(`  skipped (present in only one file): ${b.skipped_metrics.join(", ")}`);
    out.push(...categoryLines(b));
  }
  if (p.skipped_benchmarks.length) out.push("", `benchmarks in only one of ${baseline.label} / ${p.run.label}, skipped: ${p.skipped_benchmarks.join(", ")}`);
  return out;
}

/** Widest line of the terminal report's matrix. */
export const TEXT_WIDTH = 120;

/**
 * The matrix of several candidates: one row per benchmark/metric, one column per variant (short
 * names), split into blocks of variants so that no line is wider than TEXT_WIDTH.
 */
export function matrixLines(r: ComparisonReport): string[] {
  const cols = columns(r);
  const names = runNames(r);
  const rowName = (c: Column) => fit(`${c.benchmark}/${c.metric}`, 34);
  const nameW = Math.max(6, ...cols.map((c) => rowName(c).length));
  const base = cols.map((c) => {
    const m = r.candidates.map((p) => findMetric(p, c)).find((x) => x);
    return m ? pts(m.baseline) : "";
  });
  const baseHead = fit(`${names.baseline} (base)`, 18);
  const variants = r.candidates.map((p, i) => ({
    head: fit(names.candidates[i]!, 18),
    cells: cols.map((c) => {
      const m = findMetric(p, c);
      return m ? `${pts(m.candidate)} ${signed(m.delta)} ${SHORT[standing(m)]}` : "—";
    }),
  }));
  const width = (head: string, cells: string[]) => Math.max(head.length, ...cells.map((x) => x.length));
  const fixed = 2 + nameW + 2 + width(baseHead, base);
  const blocks: Array<typeof variants> = [];
  let cur: typeof variants = [];
  let w = fixed;
  for (const v of variants) {
    const vw = 2 + width(v.head, v.cells);
    if (cur.length && w + vw > TEXT_WIDTH) {
      blocks.push(cur);
      cur = [];
      w = fixed;
    }
    cur.push(v);
    w += vw;
  }
  if (cur.length) blocks.push(cur);
  const out = ["", "Matrix (score, delta in points vs baseline, verdict):"];
  for (const b of blocks) {
    const header = ["metric", baseHead, ...b.map((v) => v.head)];
    const rows = cols.map((c, k) => [rowName(c), base[k]!, ...b.map((v) => v.cells[k]!)]);
    if (out.length > 2) out.push("");
    out.push(...renderTable(header, rows, ["l", "r", ...b.map(() => "r" as const)], "  "));
  }
  const full = [r.baseline.label, ...r.candidates.map((p) => p.run.label)];
  const short = [names.baseline, ...names.candidates];
  if (full.some((l, i) => l !== short[i])) out.push("  names:", ...short.map((s, i) => `    ${s} = ${full[i]}`));
  return out;
}

function driftLines(d: DriftSummary): string[] {
  const lb = d.exact ? "" : ">= ";
  const ci = (b: { lo: number; hi: number } | undefined, f: (x: number) => string): string => (b ? ` [${f(b.lo)}, ${f(b.hi)}]` : "");
  const k = (x: number): string => x.toPrecision(4);
  const pc = (x: number): string => `${(100 * x).toFixed(2)} %`;
  return [
    "",
    `perplexity drift (${d.units === "answers" ? `${d.n_chunks} answers` : `ctx ${d.ctx}, ${d.n_chunks} chunks`}, ${d.tokens_scored} tokens; ${d.exact ? "full distributions: exact" : `top-${d.top_k} + tail bucket: KLD is a lower bound`}; 95% paired bootstrap over ${d.units === "answers" ? "answers" : "chunks"} in brackets):`,
    `  mean KLD ${lb}${k(d.mean_kld)} ± ${k(d.kld_stderr)}${ci(d.bootstrap?.mean_kld, k)}, median ${lb}${k(d.median_kld)}, p90 ${k(d.p90_kld)}, p99 ${k(d.p99_kld)}, max ${k(d.max_kld)}`,
    `  same top token ${pc(d.same_top_p)} ± ${pc(d.same_top_p_stderr)}${ci(d.bootstrap?.same_top_p, pc)}`,
    `  PPL ${d.ppl_base.toFixed(4)} -> ${d.ppl_candidate.toFixed(4)}, ratio ${d.ppl_ratio.toFixed(4)}${ci(d.bootstrap?.ppl_ratio, (x) => x.toFixed(4))}`,
    `  mean Δp ${pc(d.mean_delta_p)}${ci(d.bootstrap?.mean_delta_p, pc)}, RMS Δp ${pc(d.rms_delta_p)}`,
    ...(d.verdict ? [`  ${d.verdict}`] : []),
  ];
}

export function reportText(r: ComparisonReport, opts: { failOnRegression: boolean }): string {
  const o = r.options;
  const out: string[] = [runLine("baseline", r.baseline)];
  if (r.noise) out.push(runLine("rerun", r.noise.run));
  for (const p of r.candidates) out.push(runLine("candidate", p.run));
  out.push(
    "",
    `Scores in points (percent). Paired bootstrap ${o.resamples} resamples (seed ${o.seed}); p: exact McNemar for binary per-item outcomes, sign-flip test for rates and prompt clusters; ` +
      `alpha ${o.alpha}; non-inferiority margin ${o.margin} point(s)${o.margin_explicit ? "" : " (default)"}.`,
  );
  if (r.noise) out.push("", "Noise floor (baseline vs its rerun):", ...noiseSummary(r.noise).map((l) => `  ${l}`));
  if (r.candidates.length > 1) out.push(...matrixLines(r));
  for (const p of r.candidates) {
    if (r.candidates.length > 1) out.push("", `== ${p.run.label} vs ${r.baseline.label} ==`);
    out.push(...pairLines(p, r.baseline, r.noise !== null, o.resamples));
    if (p.drift) out.push(...driftLines(p.drift));
  }
  out.push(...summaryBlock(r));
  const failures = gateFailures(r);
  if (opts.failOnRegression) {
    out.push("");
    if (failures.length) {
      const rule = o.margin_explicit ? `not non-inferior within ${o.margin} point(s)` : "worse";
      out.push(`REGRESSION (${rule}): ${failures.map((f) => `${f.candidate} ${f.benchmark}/${f.metric} (${f.verdict})`).join(", ")}`);
    } else out.push("No regression: gate passed.");
  }
  return out.join("\n") + "\n";
}
