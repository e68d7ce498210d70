// The drift block: how far each variant's next-token distribution moved from the baseline's
// (KL divergence, top-token agreement, perplexity), as a table and a small log-scale chart of each
// variant's mean KLD with a whisker from the median out to the 99th percentile.
import { CHAR_W, esc, f, fit } from "../svg.js";
import type { ComparisonReport, DriftSummary } from "../types.js";
import { kld } from "./summary.js";

const PLOT_W = 360;
const ROW_H = 20;

function pct(x: number, digits = 2): string {
  return `${(100 * x).toFixed(digits)} %`;
}

function driftChart(rows: Array<{ name: string; title: string; d: DriftSummary }>): string {
  const longest = Math.min(24, Math.max(6, ...rows.map((r) => [...r.name].length)));
  const x0 = Math.ceil(8 + longest * CHAR_W + 12);
  const all = rows.flatMap((r) => [r.d.median_kld, r.d.mean_kld, r.d.p99_kld]).filter((v) => v > 0);
  const l0 = Math.floor(Math.log10(Math.min(...all, 1)));
  const l1 = Math.ceil(Math.log10(Math.max(...all, 1e-6)));
  const x = (v: number) => x0 + ((Math.log10(Math.max(v, 10 ** l0)) - l0) / (l1 - l0 || 1)) * PLOT_W;
  const values = rows.map((r) => `${r.d.exact ? "" : "≥"}${kld(r.d.mean_kld)} (median ${kld(r.d.median_kld)}, p99 ${kld(r.d.p99_kld)})`);
  const valueW = Math.ceil(Math.max(...values.map((v) => [...v].length * CHAR_W)) + 16);
  const parts: string[] = [];
  const h = 4 + rows.length * ROW_H + 20;
  for (let e = l0; e <= l1; e++) {
    parts.push(`<line x1="${f(x(10 ** e))}" y1="2" x2="${f(x(10 ** e))}" y2="${h - 18}" stroke="#d0d7de" stroke-dasharray="2 3"/>`);
    parts.push(`<text x="${f(x(10 ** e))}" y="${h - 5}" text-anchor="middle" class="lbl ax">${esc(kld(10 ** e))}</text>`);
  }
  rows.forEach((r, i) => {
    const y = 4 + i * ROW_H;
    const mid = y + ROW_H / 2;
    const tip = `${r.title}: mean KLD ${kld(r.d.mean_kld)} ± ${kld(r.d.kld_stderr)}, median ${kld(r.d.median_kld)}, p90 ${kld(r.d.p90_kld)}, p99 ${kld(r.d.p99_kld)}, max ${kld(r.d.max_kld)}`;
    parts.push(`<g><title>${esc(tip)}</title>`);
    parts.push(`<text x="8" y="${y + 14}" class="lbl">${esc(fit(r.name, longest))}</text>`);
    const [a, b] = [x(r.d.median_kld), x(r.d.p99_kld)];
    parts.push(`<path class="mark" d="M${f(a)} ${mid}H${f(b)}M${f(a)} ${mid - 4}V${mid + 4}M${f(b)} ${mid - 4}V${mid + 4}" stroke="#24292f" stroke-width="1.5" fill="none"/>`);
    parts.push(`<circle class="mark" cx="${f(x(r.d.mean_kld))}" cy="${mid}" r="5" fill="#8250df"${r.d.exact ? "" : ' fill-opacity="0.35" stroke="#8250df"'}/>`);
    parts.push(`<text x="${x0 + PLOT_W + 12}" y="${y + 14}" class="lbl">${esc(values[i]!)}</text></g>`);
  });
  const w = x0 + PLOT_W + valueW;
  return `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${w} ${h}" width="${w}" height="${h}" role="img" aria-label="KL divergence per variant">${parts.join("")}</svg>`;
}

/** The drift section, or "" when no candidate carries a drift summary. */
export function driftSection(r: ComparisonReport, names: string[]): string {
  const rows = r.candidates.flatMap((p, i) => (p.drift ? [{ name: names[i]!, title: p.run.label, d: p.drift }] : []));
  if (!rows.length) return "";
  const inexact = rows.filter((x) => !x.d.exact);
  const head =
    `<tr><th class="l">variant</th><th>mean KLD</th><th>median</th><th>p90</th><th>p99</th><th>max</th>` +
    `<th>same top token</th><th>PPL baseline → variant</th><th>PPL ratio</th><th>RMS Δp</th><th>tokens</th></tr>`;
  const body = rows
    .map(
      ({ name, title, d }) =>
        `<tr><td class="l" title="${esc(title)}">${esc(name)}</td><td>${d.exact ? "" : "≥ "}${kld(d.mean_kld)} <span class="muted small">± ${kld(d.kld_stderr)}</span></td>` +
        `<td>${kld(d.median_kld)}</td><td>${kld(d.p90_kld)}</td><td>${kld(d.p99_kld)}</td><td>${kld(d.max_kld)}</td>` +
        `<td>${pct(d.same_top_p)} <span class="muted small">± ${pct(d.same_top_p_stderr)}</span></td>` +
        `<td>${d.ppl_base.toFixed(3)} → ${d.ppl_candidate.toFixed(3)}</td><td>${d.ppl_ratio.toFixed(4)}</td><td>${pct(d.rms_delta_p)}</td>` +
        `<td>${d.tokens_scored.toLocaleString("en-US")} <span class="muted small">(${d.units === "answers" ? `${d.n_chunks} answers` : `${d.n_chunks} × ${d.ctx}`})</span></td></tr>`,
    )
    .join("");
  const note = inexact.length
    ? `<p class="small">KLD of ${inexact.map((x) => esc(x.name)).join(", ")} was computed from the baseline's top ${inexact[0]!.d.top_k ?? "k"} tokens only: it is a <b>lower bound</b> of the full-vocabulary value.</p>`
    : "";
  return (
    `<section id="drift"><h2>Drift from the baseline's token distribution</h2>` +
    `<p class="muted small">KL divergence of each variant's next-token distribution from the baseline's on the same text, in nats per token (0: identical). ` +
    `Log scale. Dot: mean (hollow: a lower bound); line: from the median to the 99th percentile. "Same top token": share of positions where both pick the same most likely token.</p>` +
    `<div class="scroll">${driftChart(rows)}</div><table class="data">${head}${body}</table>${note}</section>`
  );
}
