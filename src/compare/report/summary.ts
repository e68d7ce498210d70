// What every report says first: per variant, the bottom line in words (one phrase per benchmark,
// the most severe first), short variant names for charts, file sizes, and floor/ceiling detection.
import type { ComparisonReport, LoadedRun, MetricComparison, PairComparison, Verdict } from "../types.js";

const DISPLAY: Record<string, string> = {
  ifeval: "IFEval",
  humaneval: "HumanEval",
  gsm8k: "GSM8K",
  mmlu: "MMLU",
  truthfulqa: "TruthfulQA",
  "truthfulqa-mc1": "TruthfulQA-MC1",
  truthfulqa_mc1: "TruthfulQA-MC1",
  perplexity: "perplexity",
};

/** The benchmark's usual spelling ("humaneval" → "HumanEval"); unknown names unchanged. */
export function benchName(b: string): string {
  return DISPLAY[b.toLowerCase()] ?? b;
}

/** Where a metric sits when both runs score the same on every item: at 0 (floor) or 100 (ceiling). */
export function saturation(m: MetricComparison): "floor" | "ceiling" | null {
  if (m.n === 0 || m.flips.pass_to_fail.length + m.flips.fail_to_pass.length > 0) return null;
  if (m.baseline === 0 && m.candidate === 0) return "floor";
  if (m.baseline === 100 && m.candidate === 100) return "ceiling";
  return null;
}

/** A metric's standing for the headline: its verdict, or "indistinguishable" at a floor/ceiling. */
export type Standing = Verdict | "indistinguishable";

export function standing(m: MetricComparison): Standing {
  return saturation(m) ? "indistinguishable" : m.verdict;
}

/** The word for a standing in tables: the verdict, or "floor" / "ceiling" (either, without a metric). */
export function chipLabel(s: Standing, m?: MetricComparison): string {
  if (s === "indistinguishable") return !m ? "floor/ceiling" : saturation(m) === "floor" ? "floor" : "ceiling";
  return s;
}

/** A benchmark's metric, as a column of the summaries. */
export interface Column {
  benchmark: string;
  metric: string;
}

/** Every benchmark/metric any candidate carries, in order of appearance. */
export function columns(r: ComparisonReport): Column[] {
  const cols: Column[] = [];
  for (const p of r.candidates) for (const b of p.benchmarks) for (const m of b.metrics) if (!cols.some((c) => c.benchmark === b.benchmark && c.metric === m.metric)) cols.push({ benchmark: b.benchmark, metric: m.metric });
  return cols;
}

export function findMetric(p: PairComparison, c: Column): MetricComparison | undefined {
  return p.benchmarks.find((b) => b.benchmark === c.benchmark)?.metrics.find((m) => m.metric === c.metric);
}

/** Most severe first: a loss is the news, then what is undecided, then what is fine. */
const SEVERITY: Standing[] = ["worse", "inconclusive", "indistinguishable", "non-inferior", "better"];

export function severity(s: Standing): number {
  return SEVERITY.indexOf(s);
}

/** One benchmark's part of a variant's headline. */
export interface HeadlinePhrase {
  benchmark: string;
  /** The metric the phrase quotes (the most severe one of the benchmark; the first on ties). */
  metric: string;
  standing: Standing;
  m: MetricComparison;
  /** Number of metrics on the benchmark, and how many share this standing. */
  metrics: number;
  same: number;
}

export interface Headline {
  label: string;
  phrases: HeadlinePhrase[];
  /** The most severe standing over all phrases (null when nothing was compared). */
  overall: Standing | null;
  kld: { mean: number; exact: boolean } | null;
}

export function headline(p: PairComparison): Headline {
  const phrases: HeadlinePhrase[] = [];
  for (const b of p.benchmarks) {
    if (!b.metrics.length) continue;
    let pick = b.metrics[0]!;
    for (const m of b.metrics) if (severity(standing(m)) < severity(standing(pick))) pick = m;
    const s = standing(pick);
    phrases.push({ benchmark: b.benchmark, metric: pick.metric, standing: s, m: pick, metrics: b.metrics.length, same: b.metrics.filter((m) => standing(m) === s).length });
  }
  phrases.sort((a, b) => severity(a.standing) - severity(b.standing));
  const drift = p.drift;
  return {
    label: p.run.label,
    phrases,
    overall: phrases.length ? phrases[0]!.standing : null,
    kld: drift ? { mean: drift.mean_kld, exact: drift.exact } : null,
  };
}

/** Number formatting for sentences: one decimal, a real minus sign unless `ascii`. */
export function num1(x: number, ascii = false, sign = true): string {
  const r = x.toFixed(1);
  if (Number(r) === 0) return "0.0";
  const s = x > 0 && sign ? `+${r}` : r;
  return ascii ? s : s.replace("-", "−");
}

/** "p = 0.002", "p < 0.001". */
export function pShort(p: number): string {
  if (p < 0.001) return "p < 0.001";
  if (p >= 0.9995) return "p = 1";
  return `p = ${(p < 0.01 ? p.toFixed(3) : p.toFixed(2)).replace(/0+$/, "").replace(/\.$/, "")}`;
}

/** KLD in nats: three decimals from 0.1 up, two significant digits below. */
export function kld(x: number): string {
  if (x === 0) return "0";
  return x >= 0.1 ? x.toFixed(3) : x.toPrecision(2);
}

function marginText(margin: number): string {
  const m = Number(margin.toFixed(2));
  return `${m} pt${m === 1 ? "" : "s"}`;
}

/** The words of one phrase, e.g. "worse on HumanEval (−6.1 pts, 95 % CI −9.8 to −2.4, p = 0.002)". */
export function phraseText(ph: HeadlinePhrase, margin: number, ascii = false): string {
  const { m } = ph;
  const bench = benchName(ph.benchmark);
  const which = ph.metrics > 1 ? ` ${m.metric}` : "";
  const word = ph.standing === "indistinguishable" ? "alike" : ph.standing;
  const others = ph.metrics > 1 ? (ph.same === ph.metrics ? `; all ${ph.metrics} metrics ${word}` : `; ${ph.same} of ${ph.metrics} metrics ${word}`) : "";
  const lvl = `${Math.round(m.ci.level * 1000) / 10}${ascii ? "%" : " %"} CI`;
  const stats = `${num1(m.delta, ascii)} pts, ${lvl} ${num1(m.ci.lo, ascii)} to ${num1(m.ci.hi, ascii)}, ${pShort(m.p_value)}`;
  switch (ph.standing) {
    case "indistinguishable": {
      const sat = saturation(m)!;
      return `not distinguishable by ${bench}${which} (both score ${sat === "floor" ? 0 : 100} on all ${m.n} ${m.kind === "cluster" ? "prompts" : "items"}${others})`;
    }
    case "non-inferior":
      return `non-inferior within ${marginText(margin)} on ${bench}${which} (${num1(m.delta, ascii)} pts, ${lvl} ${num1(m.ci.lo, ascii)} to ${num1(m.ci.hi, ascii)}${others})`;
    default:
      return `${ph.standing} on ${bench}${which} (${stats}${others})`;
  }
}

/** The whole bottom line of a variant: "Q4_K_M: worse on …; non-inferior within 1 pt on …; KLD 0.031". */
export function headlineText(h: Headline, margin: number, ascii = false): string {
  const parts = h.phrases.map((ph) => phraseText(ph, margin, ascii));
  if (h.kld) parts.push(`KLD ${h.kld.exact ? "" : ascii ? ">= " : "≥ "}${kld(h.kld.mean)}`);
  return `${h.label}: ${parts.length ? parts.join("; ") : "nothing compared"}`;
}

/** Every candidate's headline. */
export function headlines(r: ComparisonReport): Headline[] {
  return r.candidates.map(headline);
}

/** The weights' size in bytes from the result file's `model.size_bytes`, when recorded. */
export function sizeBytes(run: LoadedRun): number | null {
  const v = run.doc.model?.size_bytes;
  return typeof v === "number" && Number.isFinite(v) && v > 0 ? v : null;
}

export function sizeText(bytes: number): string {
  const gib = bytes / 2 ** 30;
  if (gib >= 1) return `${gib.toFixed(gib >= 100 ? 0 : gib >= 10 ? 1 : 2)} GiB`;
  const mib = bytes / 2 ** 20;
  if (mib >= 1) return `${mib.toFixed(mib >= 100 ? 0 : 1)} MiB`;
  return `${(bytes / 1024).toFixed(1)} KiB`;
}

/** Where a name may be cut: between its parts, not inside a quantization type such as Q4_K_M. */
const SEP = /[-. ]/;

/**
 * Short names for charts: the labels minus the prefix and suffix they all share (cut at a
 * separator), e.g. "Meta-Llama-3.1-8B-Instruct-Q4_K_M" → "Q4_K_M"; the labels themselves when
 * that would leave an empty or repeated name.
 */
export function shortLabels(labels: string[]): string[] {
  if (labels.length < 2) return labels;
  let pre = labels[0]!;
  for (const l of labels) while (!l.startsWith(pre)) pre = pre.slice(0, -1);
  const cutPre = (() => {
    let i = pre.length;
    if (labels.every((l) => l.length === i || SEP.test(l[i] ?? ""))) return i;
    while (i > 0 && !SEP.test(pre[i - 1]!)) i--;
    return i;
  })();
  let suf = labels[0]!.slice(cutPre);
  for (const l of labels) while (!l.endsWith(suf)) suf = suf.slice(1);
  let cutSuf = suf.length;
  while (cutSuf > 0 && !SEP.test(suf[0]!)) {
    suf = suf.slice(1);
    cutSuf--;
  }
  const out = labels.map((l) => l.slice(cutPre, l.length - cutSuf).replace(/^[-_. ]+|[-_. ]+$/g, ""));
  return out.every((o) => o.length > 0) && new Set(out).size === out.length ? out : labels;
}

/** Short names for the baseline and every candidate, in that order. */
export function runNames(r: ComparisonReport): { baseline: string; candidates: string[] } {
  const all = shortLabels([r.baseline.label, ...r.candidates.map((p) => p.run.label)]);
  return { baseline: all[0]!, candidates: all.slice(1) };
}
