// The quality-vs-size chart: each variant's file size (x) against a score or the KLD (y), the
// baseline drawn as a diamond, the Pareto front (nothing smaller is at least as good) as a
// stepped line, dominated variants hollow. Point labels are placed where they cover no point,
// no other label and stay inside the plot, moving outwards with a leader line when crowded.
import { CHAR_W, esc, f, fit, FONT_PX, VERDICT_COLOR } from "../svg.js";
import type { Standing } from "./summary.js";

export interface SizePoint {
  label: string;
  title: string;
  bytes: number;
  value: number;
  baseline: boolean;
  standing?: Standing;
}

export interface SizeChart {
  title: string;
  /** Axis caption of the y values, e.g. "points" or "mean KLD (nats)". */
  unit: string;
  /** True for scores (higher is better), false for a drift (lower is better). */
  higherIsBetter: boolean;
  points: SizePoint[];
  format: (v: number) => string;
  /** A logarithmic y axis (for KLD, which spans decades); points at 0 are left out. */
  log?: boolean;
}

const W = 372;
const H = 250;
const M = { l: 46, r: 14, t: 26, b: 38 };
const R = 4.5;
const LABEL_MAX = 18;

interface Box {
  x: number;
  y: number;
  w: number;
  h: number;
}

function overlaps(a: Box, b: Box): boolean {
  return a.x < b.x + b.w && b.x < a.x + a.w && a.y < b.y + b.h && b.y < a.y + a.h;
}

/** Up to six round ticks covering [lo, hi]. */
export function niceTicks(lo: number, hi: number, count = 5): number[] {
  const span = hi - lo || Math.abs(hi) || 1;
  const raw = span / count;
  const mag = 10 ** Math.floor(Math.log10(raw));
  const step = [1, 2, 2.5, 5, 10].map((s) => s * mag).find((s) => span / s <= count) ?? 10 * mag;
  const out: number[] = [];
  for (let t = Math.ceil(lo / step) * step; t <= hi + step * 1e-9; t += step) out.push(Number(t.toPrecision(12)));
  return out;
}

/** Indices of the points on the Pareto front: no other point is as small and at least as good. */
export function paretoFront(points: Array<{ bytes: number; value: number }>, higherIsBetter: boolean): Set<number> {
  const better = (a: number, b: number) => (higherIsBetter ? a > b : a < b);
  const front = new Set<number>();
  points.forEach((p, i) => {
    const dominated = points.some((q, j) => j !== i && q.bytes <= p.bytes && !better(p.value, q.value) && (q.bytes < p.bytes || better(q.value, p.value)));
    if (!dominated) front.add(i);
  });
  return front;
}

function gib(bytes: number): number {
  return bytes / 2 ** 30;
}

/** Ticks of a log axis: every decade, with 2 and 5 between when the span is short. */
export function logTicks(lo: number, hi: number): number[] {
  const a = Math.floor(Math.log10(lo));
  const b = Math.ceil(Math.log10(hi));
  const steps = b - a <= 2 ? [1, 2, 5] : [1];
  const out: number[] = [];
  for (let e = a; e <= b; e++) for (const s of steps) out.push(Number((s * 10 ** e).toPrecision(6)));
  return out.filter((t) => t >= lo * 0.999 && t <= hi * 1.001);
}

export function sizeChart(c: SizeChart): string {
  const pts = c.log ? c.points.filter((p) => p.value > 0) : c.points;
  const sizes = pts.map((p) => gib(p.bytes));
  const maxX = Math.max(...sizes);
  const unitX = maxX >= 1 ? "GiB" : "MiB";
  const scaleX = unitX === "GiB" ? 1 : 1024;
  const xTicks = niceTicks(0, maxX * scaleX * 1.08);
  const x1 = Math.max(xTicks[xTicks.length - 1]!, maxX * scaleX * 1.08);
  const vals = pts.map((p) => p.value);
  let lo = Math.min(...vals);
  let hi = Math.max(...vals);
  if (!c.higherIsBetter) lo = 0;
  const pad = Math.max((hi - lo) * 0.12, c.higherIsBetter ? 0.5 : hi * 0.12 || 0.001);
  let y0 = c.higherIsBetter ? Math.max(0, lo - pad) : 0;
  let y1 = c.higherIsBetter ? Math.min(100, hi + pad) : hi + pad;
  if (y1 - y0 < 1e-9) [y0, y1] = [y0 - 1, y1 + 1];
  let yTicks = niceTicks(y0, y1, 4).filter((t) => t >= y0 - 1e-9 && t <= y1 + 1e-9);
  const X = (b: number) => M.l + (gib(b) * scaleX / x1) * (W - M.l - M.r);
  let Y = (v: number) => H - M.b - ((v - y0) / (y1 - y0)) * (H - M.t - M.b);
  if (c.log) {
    const l0 = Math.log10(Math.min(...vals)) - 0.25;
    const l1 = Math.log10(Math.max(...vals)) + 0.25;
    Y = (v: number) => H - M.b - ((Math.log10(v) - l0) / (l1 - l0)) * (H - M.t - M.b);
    yTicks = logTicks(10 ** l0, 10 ** l1);
  }
  const parts: string[] = [];
  parts.push(`<text x="${M.l}" y="15" class="lbl gt">${esc(fit(`${c.title} · ${c.unit}`, Math.floor((W - M.l) / CHAR_W)))}</text>`);
  for (const t of yTicks) {
    parts.push(`<line x1="${M.l}" y1="${f(Y(t))}" x2="${W - M.r}" y2="${f(Y(t))}" stroke="#eaeef2"/>`);
    parts.push(`<text x="${M.l - 6}" y="${f(Y(t) + 4)}" text-anchor="end" class="lbl ax">${esc(c.format(t))}</text>`);
  }
  for (const t of xTicks) {
    if (t > x1 + 1e-9) continue;
    const xt = M.l + (t / x1) * (W - M.l - M.r);
    parts.push(`<line x1="${f(xt)}" y1="${H - M.b}" x2="${f(xt)}" y2="${H - M.b + 4}" stroke="#8c959f"/>`);
    parts.push(`<text x="${f(xt)}" y="${H - M.b + 15}" text-anchor="middle" class="lbl ax">${t}</text>`);
  }
  parts.push(`<path d="M${M.l} ${M.t}V${H - M.b}H${W - M.r}" stroke="#8c959f" fill="none"/>`);
  parts.push(`<text x="${(M.l + W - M.r) / 2}" y="${H - 6}" text-anchor="middle" class="lbl ax">file size (${unitX}) · ${c.higherIsBetter ? "up" : "down"} and left is better</text>`);

  const front = paretoFront(pts, c.higherIsBetter);
  const order = [...front].sort((a, b) => pts[a]!.bytes - pts[b]!.bytes);
  // The front's steps are axis-parallel, so boxes around them are exact obstacles for labels.
  const steps: Box[] = [];
  if (order.length > 1) {
    let px = X(pts[order[0]!]!.bytes);
    let py = Y(pts[order[0]!]!.value);
    let d = `M${f(px)} ${f(py)}`;
    for (const i of order.slice(1)) {
      const nx = X(pts[i]!.bytes);
      const ny = Y(pts[i]!.value);
      d += `H${f(nx)}V${f(ny)}`;
      steps.push({ x: Math.min(px, nx), y: py - 1.5, w: Math.abs(nx - px), h: 3 }, { x: nx - 1.5, y: Math.min(py, ny), w: 3, h: Math.abs(ny - py) });
      px = nx;
      py = ny;
    }
    parts.push(`<path d="${d}" stroke="#57606a" stroke-width="1.2" stroke-dasharray="5 3" fill="none"/>`);
  }
  const marks: Box[] = pts.map((p) => ({ x: X(p.bytes) - R - 1, y: Y(p.value) - R - 1, w: 2 * R + 2, h: 2 * R + 2 }));
  parts.push("<!--marks-->");
  pts.forEach((p, i) => {
    const cx = X(p.bytes);
    const cy = Y(p.value);
    const color = p.baseline ? "#24292f" : p.standing ? VERDICT_COLOR[p.standing] : "#8250df";
    const onFront = front.has(i);
    const tip = `${p.title}: ${c.format(p.value)} at ${(gib(p.bytes) * scaleX).toFixed(2)} ${unitX}${p.baseline ? " (baseline)" : ""}${onFront ? ", on the Pareto front" : ", dominated"}`;
    const fill = onFront || p.baseline ? color : "#fff";
    const shape = p.baseline
      ? `<path class="mark" d="M${f(cx)} ${f(cy - R - 1)}L${f(cx + R + 1)} ${f(cy)}L${f(cx)} ${f(cy + R + 1)}L${f(cx - R - 1)} ${f(cy)}Z" fill="${fill}" stroke="${color}" stroke-width="1.5"/>`
      : `<circle class="mark" cx="${f(cx)}" cy="${f(cy)}" r="${R}" fill="${fill}" stroke="${color}" stroke-width="1.8"/>`;
    parts.push(`<g><title>${esc(tip)}</title>${shape}</g>`);
  });
  // Labels: smaller variants first (they crowd the left), each at the first free spot.
  const placed: Box[] = [];
  const bounds: Box = { x: M.l + 2, y: M.t, w: W - M.r - M.l - 2, h: H - M.b - M.t };
  const inside = (b: Box) => b.x >= bounds.x && b.y >= bounds.y && b.x + b.w <= bounds.x + bounds.w && b.y + b.h <= bounds.y + bounds.h;
  const byX = pts.map((_, i) => i).sort((a, b) => pts[a]!.bytes - pts[b]!.bytes);
  const unplaced: string[] = [];
  const leaders: string[] = [];
  const labels: string[] = [];
  for (const i of byX) {
    const p = pts[i]!;
    const text = fit(p.label, LABEL_MAX);
    const tw = [...text].length * CHAR_W;
    const th = FONT_PX + 2;
    const cx = X(p.bytes);
    const cy = Y(p.value);
    let done = false;
    for (const dist of [R + 3, R + 14, R + 26, R + 40]) {
      const spots: Box[] = [
        { x: cx + dist, y: cy - th / 2, w: tw, h: th },
        { x: cx - dist - tw, y: cy - th / 2, w: tw, h: th },
        { x: cx - tw / 2, y: cy - dist - th, w: tw, h: th },
        { x: cx - tw / 2, y: cy + dist, w: tw, h: th },
        { x: cx + dist * 0.7, y: cy - dist * 0.7 - th, w: tw, h: th },
        { x: cx + dist * 0.7, y: cy + dist * 0.7, w: tw, h: th },
        { x: cx - dist * 0.7 - tw, y: cy - dist * 0.7 - th, w: tw, h: th },
        { x: cx - dist * 0.7 - tw, y: cy + dist * 0.7, w: tw, h: th },
      ];
      const free = (b: Box) => inside(b) && !placed.some((q) => overlaps(b, q)) && !marks.some((m) => overlaps(b, m));
      const spot = spots.find((b) => free(b) && !steps.some((m) => overlaps(b, m))) ?? (dist === R + 40 ? spots.find(free) : undefined);
      if (!spot) continue;
      placed.push(spot);
      if (dist > R + 3) {
        const tx = Math.max(spot.x, Math.min(cx, spot.x + spot.w));
        const ty = Math.max(spot.y, Math.min(cy, spot.y + spot.h));
        leaders.push(`<line x1="${f(cx)}" y1="${f(cy)}" x2="${f(tx)}" y2="${f(ty)}" stroke="#8c959f" stroke-width="0.8"/>`);
      }
      labels.push(`<text x="${f(spot.x)}" y="${f(spot.y + th - 3)}" class="lbl${p.baseline ? " gt" : ""}">${esc(text)}</text>`);
      done = true;
      break;
    }
    if (!done) unplaced.push(p.label);
  }
  const body = parts.join("").replace("<!--marks-->", leaders.join("")) + labels.join("");
  const note = unplaced.length ? `<p class="small muted">Not labelled (no free space): ${unplaced.map(esc).join(", ")}.</p>` : "";
  return `<figure class="size"><svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${W} ${H}" width="${W}" height="${H}" role="img" aria-label="${esc(`${c.title} against file size`)}">${body}</svg>${note}</figure>`;
}
