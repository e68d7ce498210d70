// Inline SVG charts for the HTML report (no scripts): score bars with paired-CI whiskers, a forest
// plot of deltas against 0 and the non-inferiority margin, and a small centred bar for categories.
// Labels are set in a monospace face so their width is known here; the label column is sized to
// the longest label (long ones are cut with an ellipsis, the full text stays in the tooltip), so
// a label never reaches into the bars. Marks carry class "mark", texts class "lbl".
import { ciText, pts, signed } from "./format.js";
import type { Standing } from "./report/summary.js";

export function esc(s: string): string {
  return s.replace(/[&<>"']/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c]!);
}

export const VERDICT_COLOR: Record<Standing, string> = {
  better: "#1a7f37",
  worse: "#cf222e",
  "non-inferior": "#0969da",
  inconclusive: "#9a6700",
  indistinguishable: "#6e7781",
};

/** Chart text: 11 px monospace, whose advance is 0.6 em; 0.64 em leaves room for font differences. */
export const FONT_PX = 11;
export const CHAR_W = FONT_PX * 0.64;

export function textWidth(s: string): number {
  return [...s].length * CHAR_W;
}

/**
 * Cut a label to at most `max` characters with an ellipsis in the middle, keeping the start and
 * the end, where variant names differ ("Meta-Llama-3…Q4_K_M").
 */
export function fit(s: string, max: number): string {
  const cs = [...s];
  if (cs.length <= max) return s;
  const tail = Math.ceil((max - 1) * 0.55);
  return `${cs.slice(0, max - 1 - tail).join("")}…${cs.slice(cs.length - tail).join("")}`;
}

export interface ScoreRow {
  label: string;
  /** Full name for the tooltip (defaults to the label). */
  title?: string;
  score: number;
  /** Paired CI of the candidate's score (baseline + delta CI); absent for the baseline. */
  ci?: [number, number];
  delta?: number;
  standing?: Standing;
}

export interface ScoreGroup {
  title: string;
  rows: ScoreRow[];
}

const PLOT_W = 270;
const ROW_H = 18;
const MAX_LABEL = 34;

export function f(x: number): string {
  return (Math.round(x * 10) / 10).toString();
}

function labelColumn(labels: string[]): { width: number; max: number } {
  const longest = Math.min(MAX_LABEL, Math.max(8, ...labels.map((l) => [...l].length)));
  return { width: Math.ceil(14 + longest * CHAR_W + 12), max: longest };
}

function svg(w: number, h: number, label: string, body: string): string {
  return `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${w} ${h}" width="${w}" height="${h}" role="img" aria-label="${esc(label)}">${body}</svg>`;
}

/** Horizontal bars (0–100 points), one group per metric: baseline first, then each candidate with its whisker. */
export function scoreChart(groups: ScoreGroup[]): string {
  const col = labelColumn(groups.flatMap((g) => g.rows.map((r) => r.label)));
  const values = groups.flatMap((g) => g.rows.map((r) => (r.delta === undefined ? pts(r.score) : `${pts(r.score)} (${signed(r.delta)})`)));
  const valueW = Math.ceil(Math.max(...values.map(textWidth), 40) + 16);
  const x0 = col.width;
  const x = (v: number) => x0 + (Math.max(0, Math.min(100, v)) / 100) * PLOT_W;
  const parts: string[] = [];
  let y = 4;
  let k = 0;
  for (const g of groups) {
    parts.push(`<text x="4" y="${y + 12}" class="lbl gt">${esc(fit(g.title, Math.floor((x0 + PLOT_W) / CHAR_W)))}</text>`);
    y += ROW_H;
    for (const r of g.rows) {
      const color = r.standing ? VERDICT_COLOR[r.standing] : "#8c959f";
      const name = r.title ?? r.label;
      const tip = r.ci ? `${name}: ${pts(r.score)} (${signed(r.delta ?? 0)}; paired 95% CI ${ciText(r.ci[0], r.ci[1])} around the baseline)` : `${name}: ${pts(r.score)} (baseline)`;
      parts.push(`<g><title>${esc(tip)}</title>`);
      parts.push(`<text x="14" y="${y + 13}" class="lbl">${esc(fit(r.label, col.max))}</text>`);
      parts.push(`<rect class="mark" x="${x0}" y="${y + 3}" width="${f(Math.max(1, x(r.score) - x0))}" height="${ROW_H - 6}" fill="${color}" opacity="${r.ci ? 0.85 : 0.55}"/>`);
      if (r.ci) {
        const [a, b] = [x(r.ci[0]), x(r.ci[1])];
        const mid = y + ROW_H / 2;
        parts.push(`<path class="mark" d="M${f(a)} ${mid}H${f(b)}M${f(a)} ${mid - 5}V${mid + 5}M${f(b)} ${mid - 5}V${mid + 5}" stroke="#24292f" stroke-width="1.5" fill="none"/>`);
      }
      parts.push(`<text x="${x0 + PLOT_W + 10}" y="${y + 13}" class="lbl">${esc(values[k++]!)}</text></g>`);
      y += ROW_H;
    }
    y += 6;
  }
  const axisY = y;
  for (const t of [0, 25, 50, 75, 100]) {
    parts.push(`<line x1="${f(x(t))}" y1="4" x2="${f(x(t))}" y2="${axisY}" stroke="#d0d7de" stroke-dasharray="2 3"/>`);
    parts.push(`<text x="${f(x(t))}" y="${axisY + 13}" text-anchor="middle" class="lbl ax">${t}</text>`);
  }
  return svg(x0 + PLOT_W + valueW, axisY + 18, "scores with paired 95% confidence intervals", parts.join(""));
}

export interface DeltaRow {
  label: string;
  title?: string;
  delta: number;
  lo: number;
  hi: number;
  standing: Standing;
}

export interface DeltaGroup {
  title: string;
  rows: DeltaRow[];
}

/** Forest plot of deltas with their CIs, one group per metric; solid line at 0, dashed at −margin. */
export function deltaChart(groups: DeltaGroup[], margin: number): string {
  const rows = groups.flatMap((g) => g.rows);
  const col = labelColumn(rows.map((r) => r.label));
  const values = rows.map((r) => `${signed(r.delta)} ${ciText(r.lo, r.hi)}`);
  const valueW = Math.ceil(Math.max(...values.map(textWidth), 40) + 16);
  const lo = Math.min(-margin, ...rows.map((r) => r.lo), 0);
  const hi = Math.max(0, ...rows.map((r) => r.hi), margin / 2);
  const pad = Math.max(0.5, (hi - lo) * 0.06);
  const d0 = lo - pad;
  const d1 = hi + pad;
  const x0 = col.width;
  const x = (v: number) => x0 + ((v - d0) / (d1 - d0)) * PLOT_W;
  const body: string[] = [];
  let y = 4;
  let k = 0;
  for (const g of groups) {
    body.push(`<text x="4" y="${y + 12}" class="lbl gt">${esc(fit(g.title, Math.floor((x0 + PLOT_W) / CHAR_W)))}</text>`);
    y += ROW_H;
    for (const r of g.rows) {
      const mid = y + ROW_H / 2;
      const c = VERDICT_COLOR[r.standing];
      body.push(`<g><title>${esc(`${r.title ?? r.label}: ${signed(r.delta)} points, 95% CI ${ciText(r.lo, r.hi)}, ${r.standing}`)}</title>`);
      body.push(`<text x="14" y="${y + 13}" class="lbl">${esc(fit(r.label, col.max))}</text>`);
      body.push(`<path class="mark" d="M${f(x(r.lo))} ${mid}H${f(Math.max(x(r.hi), x(r.lo) + 1))}" stroke="${c}" stroke-width="2"/>`);
      body.push(`<circle class="mark" cx="${f(x(r.delta))}" cy="${mid}" r="4" fill="${c}"/>`);
      body.push(`<text x="${x0 + PLOT_W + 10}" y="${y + 13}" class="lbl">${esc(values[k++]!)}</text></g>`);
      y += ROW_H;
    }
    y += 6;
  }
  const h = y + 18;
  const lines = [
    `<line x1="${f(x(0))}" y1="2" x2="${f(x(0))}" y2="${y}" stroke="#57606a"/>`,
    `<line x1="${f(x(-margin))}" y1="2" x2="${f(x(-margin))}" y2="${y}" stroke="#cf222e" stroke-dasharray="4 3"/>`,
    `<text x="${f(x(-margin) - 3)}" y="${y + 13}" text-anchor="end" class="lbl ax">−${margin} margin</text>`,
    `<text x="${f(x(0) + 3)}" y="${y + 13}" text-anchor="start" class="lbl ax">0</text>`,
  ];
  return svg(x0 + PLOT_W + valueW, h, "differences from the baseline with 95% confidence intervals", lines.join("") + body.join(""));
}

/** A small centred bar for a category delta (negative red to the left, positive green to the right). */
export function deltaBar(delta: number, maxAbs: number): string {
  const w = 120;
  const half = w / 2;
  const len = maxAbs > 0 ? (Math.min(Math.abs(delta), maxAbs) / maxAbs) * half : 0;
  const x0 = delta < 0 ? half - len : half;
  const color = delta < 0 ? "#cf222e" : "#1a7f37";
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${w}" height="12" viewBox="0 0 ${w} 12"><rect x="${f(x0)}" y="2" width="${f(len)}" height="8" fill="${color}"/><line x1="${half}" y1="0" x2="${half}" y2="12" stroke="#57606a"/></svg>`;
}
