// The end of the terminal report: a compact Markdown table to paste into an issue or a model card
// (one row per variant, one column per benchmark's first metric, plus size and KLD when known),
// and the one-line bottom line of each variant.
import { benchName, chipLabel, columns, findMetric, type Column, headlineText, headlines, kld, num1, sizeBytes, sizeText, standing } from "./report/summary.js";
import type { ComparisonReport } from "./types.js";

function cellEsc(s: string): string {
  return s.replace(/\|/g, "\\|");
}

/** The first metric of every benchmark, in order. */
export function primaryColumns(r: ComparisonReport): Column[] {
  const cols = columns(r);
  return cols.filter((c, i) => cols.findIndex((x) => x.benchmark === c.benchmark) === i);
}

export function markdownTable(r: ComparisonReport): string[] {
  const cols = primaryColumns(r);
  const runs = [r.baseline, ...r.candidates.map((p) => p.run)];
  const hasSize = runs.some((x) => sizeBytes(x) !== null);
  const hasKld = r.candidates.some((p) => p.drift);
  const head = ["variant", ...(hasSize ? ["size"] : []), ...cols.map((c) => `${benchName(c.benchmark)} ${c.metric}`), ...(hasKld ? ["mean KLD"] : [])];
  const align = ["---", ...(hasSize ? ["--:"] : []), ...cols.map(() => "--:"), ...(hasKld ? ["--:"] : [])];
  const size = (b: number | null) => (hasSize ? [b === null ? "—" : sizeText(b)] : []);
  const baseRow = [
    `${r.baseline.label} (baseline)`,
    ...size(sizeBytes(r.baseline)),
    ...cols.map((c) => {
      const m = r.candidates.map((p) => findMetric(p, c)).find((x) => x);
      return m ? m.baseline.toFixed(1) : "";
    }),
    ...(hasKld ? ["0"] : []),
  ];
  const rows = r.candidates.map((p) => [
    p.run.label,
    ...size(sizeBytes(p.run)),
    ...cols.map((c) => {
      const m = findMetric(p, c);
      if (!m) return "—";
      const s = standing(m);
      const word = chipLabel(s, m);
      return `${m.candidate.toFixed(1)} (${num1(m.delta, true)}) ${s === "worse" ? `**${word}**` : word}`;
    }),
    ...(hasKld ? [p.drift ? `${p.drift.exact ? "" : ">= "}${kld(p.drift.mean_kld)}` : "—"] : []),
  ]);
  const line = (cells: string[]) => `| ${cells.map(cellEsc).join(" | ")} |`;
  return [line(head), line(align), line(baseRow), ...rows.map(line)];
}

/** One line per variant, bottom line first (ASCII only, for terminals and logs). */
export function bottomLines(r: ComparisonReport): string[] {
  return headlines(r).map((h) => headlineText(h, r.options.margin, true));
}

/** The closing block of `compare` (and `sweep`): the Markdown table, then the bottom lines. */
export function summaryBlock(r: ComparisonReport): string[] {
  const metrics = primaryColumns(r).length < columns(r).length ? " (first metric of each benchmark; score, delta in points, verdict)" : " (score, delta in points, verdict)";
  return ["", `Summary, Markdown${metrics}:`, "", ...markdownTable(r), "", "Bottom line:", ...bottomLines(r).map((l) => `  ${l}`)];
}
