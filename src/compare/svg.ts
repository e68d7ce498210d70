// Inline SVG charts for the HTML report (no scripts): score bars with paired-CI whiskers, and a
// forest plot of deltas against 0 and the non-inferiority margin.
import { ciText, pts, signed } from "./format.js";
import type { Verdict } from "./types.js";

export function esc(s: string): string {
  return s.replace(/[&<>"']/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c]!);
}

export const VERDICT_COLOR: Record<Verdict, string> = {
  better: "#1a7f37",
  worse: "#cf222e",
  "non-inferior": "#0969da",
  inconclusive: "#9a6700",
};

export interface ScoreRow {
  label: string;
  score: number;
  /** Paired 95% CI of the candidate's score (baseline + delta CI); absent for the baseline. */
  ci?: [number, number];
  delta?: number;
  verdict?: Verdict;
}

export interface ScoreGroup {
  title: string;
  rows: ScoreRow[];
}

const LABEL_W = 230;
const PLOT_W = 400;
const VALUE_W = 170;
const ROW_H = 18;

function f(x: number): string {
  return (Math.round(x * 10) / 10).toString();
}

/** Horizontal bars (0–100 points), one group per metric: baseline first, then each candidate with its whisker. */
export function scoreChart(groups: ScoreGroup[]): string {
  const x = (v: number) => LABEL_W + (Math.max(0, Math.min(100, v)) / 100) * PLOT_W;
  const parts: string[] = [];
  let y = 4;
  for (const g of groups) {
    parts.push(`<text x="4" y="${y + 12}" class="gt">${esc(g.title)}</text>`);
    y += ROW_H;
    for (const r of g.rows) {
      const color = r.verdict ? VERDICT_COLOR[r.verdict] : "#8c959f";
      const tip = r.ci ? `${r.label}: ${pts(r.score)} (${signed(r.delta ?? 0)}; paired 95% CI ${ciText(r.ci[0], r.ci[1])} around the baseline)` : `${r.label}: ${pts(r.score)} (baseline)`;
      parts.push(`<g><title>${esc(tip)}</title>`);
      parts.push(`<text x="14" y="${y + 12}">${esc(r.label)}</text>`);
      parts.push(`<rect x="${LABEL_W}" y="${y + 3}" width="${f(x(r.score) - LABEL_W)}" height="${ROW_H - 6}" fill="${color}" opacity="0.8"/>`);
      if (r.ci) {
        const [a, b] = [x(r.ci[0]), x(r.ci[1])];
        const mid = y + ROW_H / 2;
        parts.push(`<path d="M${f(a)} ${mid}H${f(b)}M${f(a)} ${mid - 5}V${mid + 5}M${f(b)} ${mid - 5}V${mid + 5}" stroke="#24292f" stroke-width="1.5" fill="none"/>`);
      }
      const val = r.delta === undefined ? pts(r.score) : `${pts(r.score)} (${signed(r.delta)})`;
      parts.push(`<text x="${LABEL_W + PLOT_W + 8}" y="${y + 12}">${esc(val)}</text></g>`);
      y += ROW_H;
    }
    y += 6;
  }
  const axisY = y;
  for (const t of [0, 25, 50, 75, 100]) {
    parts.push(`<line x1="${f(x(t))}" y1="4" x2="${f(x(t))}" y2="${axisY}" stroke="#d0d7de" stroke-dasharray="2 3"/>`);
    parts.push(`<text x="${f(x(t))}" y="${axisY + 12}" text-anchor="middle" class="ax">${t}</text>`);
  }
  const h = axisY + 18;
  const w = LABEL_W + PLOT_W + VALUE_W;
  return `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${w} ${h}" width="${w}" height="${h}" role="img" aria-label="scores with paired 95% confidence intervals">${parts.join("")}</svg>`;
}

export interface DeltaRow {
  label: string;
  delta: number;
  lo: number;
  hi: number;
  verdict: Verdict;
}

/** Forest plot of deltas with their CIs; solid line at 0, dashed at −margin. */
export function deltaChart(rows: DeltaRow[], margin: number): string {
  const lo = Math.min(-margin, ...rows.map((r) => r.lo), 0);
  const hi = Math.max(0, ...rows.map((r) => r.hi), margin / 2);
  const pad = Math.max(0.5, (hi - lo) * 0.08);
  const d0 = lo - pad;
  const d1 = hi + pad;
  const x = (v: number) => LABEL_W + ((v - d0) / (d1 - d0)) * PLOT_W;
  const parts: string[] = [];
  const h = rows.length * ROW_H + 30;
  parts.push(`<line x1="${f(x(0))}" y1="2" x2="${f(x(0))}" y2="${h - 20}" stroke="#57606a"/>`);
  parts.push(`<line x1="${f(x(-margin))}" y1="2" x2="${f(x(-margin))}" y2="${h - 20}" stroke="#cf222e" stroke-dasharray="4 3"/>`);
  parts.push(`<text x="${f(x(-margin))}" y="${h - 6}" text-anchor="end" class="ax">-${margin} margin </text>`);
  parts.push(`<text x="${f(x(0))}" y="${h - 6}" text-anchor="start" class="ax"> 0</text>`);
  rows.forEach((r, i) => {
    const y = 4 + i * ROW_H + ROW_H / 2;
    const c = VERDICT_COLOR[r.verdict];
    parts.push(`<g><title>${esc(`${r.label}: ${signed(r.delta)} points, 95% CI ${ciText(r.lo, r.hi)}, ${r.verdict}`)}</title>`);
    parts.push(`<text x="4" y="${y + 4}">${esc(r.label)}</text>`);
    parts.push(`<path d="M${f(x(r.lo))} ${y}H${f(x(r.hi))}" stroke="${c}" stroke-width="2"/>`);
    parts.push(`<circle cx="${f(x(r.delta))}" cy="${y}" r="4" fill="${c}"/>`);
    parts.push(`<text x="${LABEL_W + PLOT_W + 8}" y="${y + 4}">${esc(`${signed(r.delta)} ${ciText(r.lo, r.hi)}`)}</text></g>`);
  });
  const w = LABEL_W + PLOT_W + VALUE_W;
  return `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${w} ${h}" width="${w}" height="${h}" role="img" aria-label="deltas with 95% confidence intervals">${parts.join("")}</svg>`;
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
