// The drift block: how far each variant's next-token distribution moved from the baseline's
// (KL divergence, top-token agreement, perplexity), as a table and a small bar chart of the mean
// KLD with the median marked and a whisker out to the 99th percentile.
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
  const top = Math.max(...rows.map((r) => r.d.p99_kld), ...rows.map((r) => r.d.mean_kld), 1e-6) * 1.05;
  const x = (v: number) => x0 + (Math.max(0, v) / top) * PLOT_W;
  const values = rows.map((r) => `mean ${kld(r.d.mean_kld)} · p99 ${kld(r.d.p99_kld)}`);
  const valueW = Math.ceil(Math.max(...values.map((v) => [...v].length * CHAR_W)) + 16);
  const parts: string[] = [];
  rows.forEach((r, i) => {
    const y = 4 + i * ROW_H;
    const mid = y + ROW_H / 2;
    const tip = `${r.title}: mean KLD ${kld(r.d.mean_kld)} ± ${kld(r.d.kld_stderr)}, median ${kld(r.d.median_kld)}, p90 ${kld(r.d.p90_kld)}, p99 ${kld(r.d.p99_kld)}, max ${kld(r.d.max_kld)}`;
    parts.push(`<g><title>${esc(tip)}</title>`);
    parts.push(`<text x="8" y="${y + 14}" class="lbl">${esc(fit(r.name, longest))}</text>`);
    parts.push(`<rect class="mark" x="${x0}" y="${y + 4}" width="${f(Math.max(1, x(r.d.mean_kld) - x0))}" height="${ROW_H - 8}" fill="#8250df" opacity="0.8"/>`);
    parts.push(`<path class="mark" d="M${f(x(r.d.median_kld))} ${y + 2}V${y + ROW_H - 2}M${f(x(r.d.mean_kld))} ${mid}H${f(x(r.d.p99_kld))}M${f(x(r.d.p99_kld))} ${mid - 4}V${mid + 4}" stroke="#24292f" stroke-width="1.5" fill="none"/>`);
    parts.push(`<text x="${x0 + PLOT_W + 10}" y="${y + 14}" class="lbl">${esc(values[i]!)}</text></g>`);
  });
  const h = 4 + rows.length * ROW_H + 20;
  parts.push(`<path d="M${x0} 2V${h - 18}" stroke="#57606a"/>`);
  parts.push(`<text x="${x0}" y="${h - 5}" class="lbl ax">0 nats</text>`);
  parts.push(`<text x="${x0 + PLOT_W}" y="${h - 5}" text-anchor="end" class="lbl ax">${esc(kld(top))}</text>`);
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
        `<td>${d.tokens_scored.toLocaleString("en-US")} <span class="muted small">(${d.n_chunks} × ${d.ctx})</span></td></tr>`,
    )
    .join("");
  const note = inexact.length
    ? `<p class="small">KLD of ${inexact.map((x) => esc(x.name)).join(", ")} was computed from the baseline's top ${inexact[0]!.d.top_k ?? "k"} tokens only: it is a <b>lower bound</b> of the full-vocabulary value.</p>`
    : "";
  return (
    `<section id="drift"><h2>Drift from the baseline's token distribution</h2>` +
    `<p class="muted small">KL divergence of each variant's next-token distribution from the baseline's on the same text, in nats per token (0: identical). ` +
    `Bar: mean; tick: median; whisker: out to the 99th percentile. "Same top token": share of positions where both pick the same most likely token.</p>` +
    `<div class="scroll">${driftChart(rows)}</div><table class="data">${head}${body}</table>${note}</section>`
  );
}
