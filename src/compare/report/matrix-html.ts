// The summary matrix of the HTML report: variants as rows and metrics as columns grouped under
// their benchmark, or metrics as rows when there are too many metrics for the page width.
import { pts, signed } from "../format.js";
import { esc, VERDICT_COLOR } from "../svg.js";
import type { ComparisonReport, MetricComparison, PairComparison } from "../types.js";
import { benchName, chipLabel, columns, findMetric, sizeBytes, sizeText, standing, type Column, type Standing } from "./summary.js";

/** More metric columns than this and the matrix is transposed. */
export const MAX_METRIC_COLUMNS = 9;

export function chip(s: Standing, m?: MetricComparison): string {
  return `<span class="v" style="background:${VERDICT_COLOR[s]}">${esc(chipLabel(s, m))}</span>`;
}

/** Break long metric names after underscores so narrow columns wrap them. */
function wrapName(s: string): string {
  return esc(s).replace(/([_/])/g, "$1<wbr>");
}

function cell(m: MetricComparison | undefined): string {
  if (!m) return `<td class="na">—</td>`;
  const s = standing(m);
  return `<td class="cell" title="${esc(m.reason)}" data-verdict="${esc(m.verdict)}"><div><b>${pts(m.candidate)}</b></div><div class="muted small">${signed(m.delta)}</div><div>${chip(s, m)}</div></td>`;
}

function baseCell(r: ComparisonReport, c: Column): string {
  const m = r.candidates.map((p) => findMetric(p, c)).find((x) => x);
  return `<td class="cell"><b>${m ? pts(m.baseline) : ""}</b></td>`;
}

export function matrixHtml(r: ComparisonReport, names: { baseline: string; candidates: string[] }): string {
  const cols = columns(r);
  const hasSize = [r.baseline, ...r.candidates.map((p) => p.run)].some((x) => sizeBytes(x) !== null);
  const size = (b: number | null) => (hasSize ? `<td class="nw">${b === null ? "—" : sizeText(b)}</td>` : "");
  const variants = [
    { name: names.baseline, title: r.baseline.label, base: true, bytes: sizeBytes(r.baseline), p: null as PairComparison | null },
    ...r.candidates.map((p, i) => ({ name: names.candidates[i]!, title: p.run.label, base: false, bytes: sizeBytes(p.run), p })),
  ];
  const vname = (v: (typeof variants)[number]) => `<span title="${esc(v.title)}">${esc(v.name)}</span>${v.base ? ' <span class="muted small">baseline</span>' : ""}`;
  if (cols.length > MAX_METRIC_COLUMNS) {
    // Transposed: one row per metric, one column per variant.
    const head = `<tr><th class="l">benchmark</th><th class="l">metric</th>${variants.map((v) => `<th>${vname(v)}</th>`).join("")}</tr>`;
    const sizeRow = hasSize ? `<tr><td class="l" colspan="2">file size</td>${variants.map((v) => size(v.bytes)).join("")}</tr>` : "";
    const rows = cols
      .map((c, i) => {
        const first = i === 0 || cols[i - 1]!.benchmark !== c.benchmark;
        return `<tr${first ? ' class="grp"' : ""}><td class="l">${first ? esc(benchName(c.benchmark)) : ""}</td><td class="l">${wrapName(c.metric)}</td>${variants.map((v) => (v.p ? cell(findMetric(v.p, c)) : baseCell(r, c))).join("")}</tr>`;
      })
      .join("");
    return `<table class="matrix transposed">${head}${sizeRow}${rows}</table>`;
  }
  const benches = [...new Set(cols.map((c) => c.benchmark))];
  const top =
    `<tr><th class="l" rowspan="2">variant</th>${hasSize ? '<th rowspan="2" class="size">size</th>' : ""}` +
    benches.map((b) => `<th colspan="${cols.filter((c) => c.benchmark === b).length}" class="bench">${esc(benchName(b))}</th>`).join("") +
    `</tr>`;
  const sub = `<tr>${cols.map((c) => `<th class="metric">${wrapName(c.metric)}</th>`).join("")}</tr>`;
  const rows = variants
    .map((v) => `<tr${v.base ? ' class="base"' : ""}><td class="l">${vname(v)}</td>${size(v.bytes)}${cols.map((c) => (v.p ? cell(findMetric(v.p, c)) : baseCell(r, c))).join("")}</tr>`)
    .join("");
  return `<table class="matrix">${top}${sub}${rows}</table>`;
}
