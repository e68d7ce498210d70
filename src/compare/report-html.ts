// Single self-contained HTML report, built around "which is the smallest variant that is still
// good enough": the bottom line per variant in words, quality against file size with the Pareto
// front, a summary matrix that fits the page, the drift block, then per benchmark the charts,
// tables, category breakdown and (collapsed) flipped items. No scripts, no network (a CSP
// forbids both).
import { ciText, pFloor, pts, pval, signed } from "./format.js";
import { noiseSummary } from "./noise.js";
import { driftSection } from "./report/drift.js";
import { flipSection, loadFlipTexts, MAX_FLIPS_WITH_TEXT, type HtmlTexts } from "./report/flips-html.js";
import { chip, matrixHtml } from "./report/matrix-html.js";
import { sizeChart, type SizePoint } from "./report/scatter.js";
import { benchName, columns, findMetric, headline, kld, phraseText, runNames, sizeBytes, sizeText, standing } from "./report/summary.js";
import { deltaBar, deltaChart, esc, scoreChart, type DeltaGroup, type ScoreGroup } from "./svg.js";
import type { ComparisonReport, LoadedRun, PairComparison } from "./types.js";

export { loadFlipTexts, MAX_FLIPS_WITH_TEXT, type HtmlTexts };

const CSS = `
*{box-sizing:border-box}
body{font:14px/1.45 system-ui,-apple-system,"Segoe UI",sans-serif;margin:24px auto;max-width:1200px;padding:0 20px;color:#24292f}
h1{font-size:22px;margin:0 0 4px}h2{font-size:18px;border-bottom:1px solid #d0d7de;padding-bottom:4px;margin-top:34px}h3{font-size:15px;margin:20px 0 6px}
table{border-collapse:collapse;margin:8px 0}th,td{border:1px solid #d0d7de;padding:3px 7px;text-align:right;vertical-align:top}
th{background:#f6f8fa;font-weight:600}td.l,th.l{text-align:left}.muted{color:#57606a}.small{font-size:12px}
.v{display:inline-block;padding:0 6px;border-radius:10px;color:#fff;font-size:12px;white-space:nowrap;line-height:18px}
svg{max-width:100%;height:auto}
svg text{font:11px ui-monospace,SFMono-Regular,Menlo,Consolas,"DejaVu Sans Mono","Liberation Mono",monospace;fill:#24292f}
svg text.gt{font-weight:700}svg text.ax{fill:#57606a}
.answer{font-size:16px;margin:8px 0 12px}.headlines{list-style:none;padding:0;margin:10px 0}.headline{margin:0 0 10px;padding:8px 12px;border-left:5px solid #8c959f;background:#f6f8fa;border-radius:0 6px 6px 0}
.headline .name{font-weight:700;font-size:16px}.headline .facts{color:#57606a}
.phrases{list-style:none;margin:4px 0 0;padding:0}.phrases li{padding-left:16px;position:relative}
.phrases li::before{content:"";position:absolute;left:2px;top:7px;width:8px;height:8px;border-radius:50%;background:#8c959f}
.phrases li.worse::before{background:#cf222e}.phrases li.inconclusive::before{background:#9a6700}.phrases li.non-inferior::before{background:#0969da}.phrases li.better::before{background:#1a7f37}
.phrases li.worse{color:#82071e}
.sizes{display:grid;grid-template-columns:repeat(auto-fill,minmax(372px,1fr));gap:8px 16px}.sizes figure{margin:0}
table.matrix{width:100%;table-layout:fixed}table.matrix td,table.matrix th{overflow-wrap:anywhere}
table.matrix th.bench{text-align:center;border-bottom:2px solid #8c959f}table.matrix th.metric{font-weight:500;font-size:12px;text-align:center}
table.matrix td.cell{text-align:center}table.matrix tr.base td{background:#f6f8fa}table.matrix tr.grp td{border-top:2px solid #8c959f}
table.matrix th:first-child{width:13%}table.matrix th.size{width:7%}table.matrix.transposed th:nth-child(2){width:16%}
table.matrix th.bench{overflow-wrap:normal}table.matrix td.cell div{line-height:1.35}
table.data td.ts{white-space:nowrap;font-size:12px}
details.cand{border-top:1px solid #d0d7de;margin:0;padding:6px 0}details.cand>summary{font-size:15px}
table.data td.file{word-break:break-all;text-align:left;font-size:12px}
.legend .v{margin-right:4px}
details{margin:6px 0}summary{cursor:pointer}details.flipset{border:1px solid #d0d7de;border-radius:6px;padding:4px 10px;margin:10px 0}
details.flips{margin-left:12px}
.flip{border:1px solid #d0d7de;border-radius:6px;margin:8px 0;padding:6px 8px}
.flip .id{font-weight:600;font-family:ui-monospace,monospace}
.sbs{display:grid;grid-template-columns:minmax(0,1fr) minmax(0,1fr);gap:8px}
pre{white-space:pre-wrap;word-break:break-word;background:#f6f8fa;padding:6px;margin:4px 0;max-height:320px;overflow:auto;font:12px/1.4 ui-monospace,monospace}
.nw{white-space:nowrap}.pass{color:#1a7f37}.fail{color:#cf222e}
.charts{display:flex;flex-wrap:wrap;gap:8px 24px;align-items:flex-start}
.scroll{max-width:100%;overflow-x:auto}
`;

const BORDER: Record<string, string> = { worse: "#cf222e", inconclusive: "#9a6700", indistinguishable: "#6e7781", "non-inferior": "#0969da", better: "#1a7f37" };

function headlineItem(r: ComparisonReport, p: PairComparison, name: string): string {
  const h = headline(p);
  const b = sizeBytes(p.run);
  const bb = sizeBytes(r.baseline);
  const facts: string[] = [];
  if (b !== null) facts.push(`${sizeText(b)}${bb ? ` (${Math.round((100 * b) / bb)} % of the baseline)` : ""}`);
  if (h.kld) facts.push(`<span class="phrase kld" data-kld="${h.kld.mean}">KLD ${h.kld.exact ? "" : "≥ "}${esc(kld(h.kld.mean))}</span>`);
  const phrases = h.phrases.map(
    (ph) =>
      `<li class="phrase ${esc(ph.standing)}" data-benchmark="${esc(ph.benchmark)}" data-metric="${esc(ph.metric)}" data-verdict="${esc(ph.m.verdict)}" data-standing="${esc(ph.standing)}" title="${esc(ph.m.reason)}">${esc(phraseText(ph, r.options.margin))}</li>`,
  );
  const border = h.overall ? BORDER[h.overall] : "#8c959f";
  return (
    `<li class="headline" data-variant="${esc(p.run.label)}" style="border-left-color:${border}"><div class="top">${h.overall ? chip(h.overall, h.phrases[0]!.m) + " " : ""}` +
    `<span class="name" title="${esc(p.run.label)}">${esc(name)}</span>${facts.length ? ` <span class="facts">· ${facts.join(" · ")}</span>` : ""}</div>` +
    `<ul class="phrases">${phrases.length ? phrases.join("") : "<li>nothing compared</li>"}</ul></li>`
  );
}

/** "Smallest variant …": the answer to the page's question, from the verdicts (and sizes when recorded). */
function smallestText(r: ComparisonReport, names: { baseline: string; candidates: string[] }): string {
  const all = r.candidates.map((p, i) => ({ p, name: names.candidates[i]!, h: headline(p), bytes: sizeBytes(p.run) }));
  const sized = all.every((x) => x.bytes !== null);
  const order = sized ? [...all].sort((a, b) => a.bytes! - b.bytes!) : all;
  const ok = order.find((x) => x.h.phrases.length && x.h.phrases.every((ph) => ph.standing === "non-inferior" || ph.standing === "better"));
  const notWorse = order.find((x) => x.h.phrases.length && x.h.phrases.every((ph) => ph.standing !== "worse"));
  const what = (x: (typeof all)[number] | undefined) => (x ? `<b title="${esc(x.p.run.label)}">${esc(x.name)}</b>${x.bytes !== null ? ` (${sizeText(x.bytes)})` : ""}` : "none");
  const lead = sized ? "Smallest variant" : "First variant";
  return (
    `<p class="answer" data-good-enough="${esc(ok?.p.run.label ?? "")}" data-not-worse="${esc(notWorse?.p.run.label ?? "")}">${lead} shown non-inferior within ${r.options.margin} point(s) (or better) on every benchmark: ${what(ok)}.` +
    `${notWorse !== ok ? ` ${lead} not shown worse on any: ${what(notWorse)}.` : ""}${sized ? "" : " (File sizes not recorded: in the order given.)"}</p>`
  );
}

function sizeSection(r: ComparisonReport, names: { baseline: string; candidates: string[] }): string {
  const runs = [r.baseline, ...r.candidates.map((p) => p.run)];
  const missing = runs.filter((x) => sizeBytes(x) === null).map((x) => x.label);
  const head = `<section id="quality-vs-size"><h2>Quality against file size</h2>`;
  if (missing.length === runs.length) {
    return `${head}<p class="muted">No result file records its weights' size (<code>model.size_bytes</code>, written by <code>eval --model</code>), so there is no quality-vs-size chart.</p></section>`;
  }
  const charts: string[] = [];
  const cols = columns(r);
  // One chart per benchmark: its first metric.
  for (const c of cols.filter((x, i) => cols.findIndex((y) => y.benchmark === x.benchmark) === i)) {
    const points: SizePoint[] = [];
    const bb = sizeBytes(r.baseline);
    const first = r.candidates.map((p) => findMetric(p, c)).find((m) => m);
    if (bb !== null && first) points.push({ label: names.baseline, title: r.baseline.label, bytes: bb, value: first.baseline, baseline: true });
    r.candidates.forEach((p, i) => {
      const m = findMetric(p, c);
      const b = sizeBytes(p.run);
      if (m && b !== null) points.push({ label: names.candidates[i]!, title: p.run.label, bytes: b, value: m.candidate, baseline: false, standing: standing(m) });
    });
    if (points.length) charts.push(sizeChart({ title: `${benchName(c.benchmark)} ${c.metric}`, unit: "points", higherIsBetter: true, points, format: (v) => String(Number(v.toFixed(1))) }));
  }
  const drift: SizePoint[] = [];
  const bb = sizeBytes(r.baseline);
  if (r.candidates.some((p) => p.drift)) {
    if (bb !== null) drift.push({ label: names.baseline, title: r.baseline.label, bytes: bb, value: 0, baseline: true });
    r.candidates.forEach((p, i) => {
      const b = sizeBytes(p.run);
      if (p.drift && b !== null) drift.push({ label: names.candidates[i]!, title: p.run.label, bytes: b, value: p.drift.mean_kld, baseline: false });
    });
    if (drift.some((d) => !d.baseline)) charts.push(sizeChart({ title: "mean KLD from the baseline", unit: "nats, log scale", higherIsBetter: false, points: drift, format: (v) => String(Number(v.toPrecision(2))), log: true }));
  }
  const note = missing.length ? `<p class="small muted">No recorded size for ${missing.map(esc).join(", ")}: left out of the charts.</p>` : "";
  return (
    `${head}<p class="muted small">x: the weights' file size; y: the score of the benchmark's first metric (KLD: lower is better). ◆ baseline; filled points lie on the Pareto front (dashed: nothing smaller scores as well), hollow ones are beaten by a smaller variant. Colour: the variant's verdict on that metric.</p>` +
    `<div class="sizes">${charts.join("")}</div>${note}</section>`
  );
}

function runsTable(r: ComparisonReport, names: { baseline: string; candidates: string[] }): string {
  const row = (role: string, name: string, x: LoadedRun) => {
    const q = x.doc.model?.quantization;
    const b = sizeBytes(x);
    return `<tr><td class="l">${esc(name)}</td><td class="l">${esc(role)}</td><td class="l">${esc(x.label)}</td><td class="l">${esc(typeof q === "string" ? q : x.doc.model_format)}</td><td class="nw">${b === null ? "—" : sizeText(b)}</td><td class="ts">${esc(x.doc.timestamp)}</td><td class="file">${esc(x.file)}</td></tr>`;
  };
  const rows = [row("baseline", names.baseline, r.baseline), ...(r.noise ? [row("baseline rerun", r.noise.run.label, r.noise.run)] : []), ...r.candidates.map((p, i) => row("candidate", names.candidates[i]!, p.run))];
  return `<table class="data"><tr><th class="l">name</th><th class="l">role</th><th class="l">label</th><th class="l">quantization</th><th>size</th><th class="l">timestamp</th><th class="l">file</th></tr>${rows.join("")}</table>`;
}

function benchmarkCharts(r: ComparisonReport, bench: string, names: { baseline: string; candidates: string[] }): string {
  const metrics = columns(r).filter((c) => c.benchmark === bench);
  const groups: ScoreGroup[] = [];
  const deltas: DeltaGroup[] = [];
  for (const c of metrics) {
    const per = r.candidates.map((p, i) => ({ p, i, m: findMetric(p, c) })).filter((x) => x.m);
    const first = per[0]!.m!;
    groups.push({
      title: c.metric,
      rows: [
        { label: `${names.baseline} (baseline)`, title: r.baseline.label, score: first.baseline },
        ...per.map(({ p, i, m }) => ({ label: names.candidates[i]!, title: p.run.label, score: m!.candidate, delta: m!.delta, standing: standing(m!), ci: [m!.baseline + m!.ci95[0], m!.baseline + m!.ci95[1]] as [number, number] })),
      ],
    });
    deltas.push({ title: c.metric, rows: per.map(({ p, i, m }) => ({ label: names.candidates[i]!, title: p.run.label, delta: m!.delta, lo: m!.ci95[0], hi: m!.ci95[1], standing: standing(m!) })) });
  }
  return (
    `<div class="charts"><figure style="margin:0"><h3>Scores (points) with paired 95% CIs</h3><p class="muted small">Whisker: the baseline's score plus the paired bootstrap 95% CI of the difference.</p>${scoreChart(groups)}</figure>` +
    `<figure style="margin:0"><h3>Difference from the baseline (points)</h3><p class="muted small">Dot: delta; line: 95% CI; dashed: the −${r.options.margin}-point non-inferiority margin.</p>${deltaChart(deltas, r.options.margin)}</figure></div>`
  );
}

function metricTable(p: PairComparison, bench: string, resamples: number): string {
  const b = p.benchmarks.find((x) => x.benchmark === bench);
  if (!b) return "";
  const hasNoise = b.metrics.some((m) => m.noise);
  const head = `<tr><th class="l">metric</th><th>n</th><th>baseline</th><th>candidate</th><th>delta</th><th>95% CI</th><th>p</th><th>pass→fail</th><th>fail→pass</th>${hasNoise ? "<th>rerun flips</th>" : ""}<th class="l">verdict</th></tr>`;
  const rows = b.metrics
    .map(
      (m) =>
        `<tr><td class="l">${esc(m.metric)}</td><td>${m.kind === "cluster" ? `${m.units} units / ${m.n} prompts` : m.n}</td><td>${pts(m.baseline)}</td><td>${pts(m.candidate)}</td><td>${signed(m.delta)}</td><td class="nw">${ciText(m.ci95[0], m.ci95[1])}</td><td title="${esc(m.p_method)}">${esc(pval(m.p_value, pFloor(m.p_method, resamples)))}</td><td>${m.flips.pass_to_fail.length}</td><td>${m.flips.fail_to_pass.length}</td>${
          hasNoise ? `<td>${m.noise ? `${m.noise.flips}${m.noise.ratio !== null ? ` (${m.noise.ratio.toFixed(1)}×)` : ""}` : ""}</td>` : ""
        }<td class="l">${chip(standing(m), m)} <span class="small">${esc(m.reason)}</span></td></tr>`,
    )
    .join("");
  const ex = b.excluded.errored_either
    ? `<p class="small muted">${b.excluded.errored_either} item(s) excluded (errored: ${b.excluded.errored_baseline} in baseline, ${b.excluded.errored_candidate} in candidate).</p>`
    : "";
  return `<table class="data">${head}${rows}</table>${ex}`;
}

function categoryTables(p: PairComparison, bench: string): string {
  const b = p.benchmarks.find((x) => x.benchmark === bench);
  if (!b) return "";
  const out = b.metrics
    .filter((m) => m.categories?.length)
    .map((m) => {
      const cats = m.categories!;
      const maxAbs = Math.max(...cats.map((c) => Math.abs(c.delta)), 1e-9);
      const unit = m.kind === "cluster" ? "units" : "items";
      const rows = cats
        .map(
          (c) =>
            `<tr><td class="l">${esc(c.category)}</td><td>${c.n}</td><td>${pts(c.baseline)}</td><td>${pts(c.candidate)}</td><td>${signed(c.delta)}</td><td>${deltaBar(c.delta, maxAbs)}</td><td>${c.pass_to_fail}</td><td>${c.fail_to_pass}</td><td>${pval(c.p_value)}</td></tr>`,
        )
        .join("");
      const title = m.kind === "cluster" ? `${m.metric} by instruction category` : `${m.metric} by category`;
      return `<details class="cats"><summary>${esc(title)} (most degraded first)</summary><p class="small muted">p: exact McNemar within the category, treating its outcomes as independent.</p><table class="data"><tr><th class="l">category</th><th>${unit}</th><th>baseline</th><th>candidate</th><th>delta</th><th></th><th>pass→fail</th><th>fail→pass</th><th>p</th></tr>${rows}</table></details>`;
    });
  return out.join("");
}

function candSummary(p: PairComparison, bench: string, name: string, base: string): string {
  const b = p.benchmarks.find((x) => x.benchmark === bench)!;
  const by = new Map<string, number>();
  for (const m of b.metrics) by.set(standing(m), (by.get(standing(m)) ?? 0) + 1);
  const verdicts = [...by].map(([s, n]) => `${n} ${s === "indistinguishable" ? "floor/ceiling" : s}`).join(", ");
  const down = b.metrics.reduce((a, m) => a + m.flips.pass_to_fail.length, 0);
  const up = b.metrics.reduce((a, m) => a + m.flips.fail_to_pass.length, 0);
  return `<b>${esc(name)}</b> vs ${esc(base)} <span class="muted small">— ${b.items} items; ${esc(verdicts)}; flips over all metrics ${down}↓ ${up}↑ — details, categories and flipped items</span>`;
}

const LEGEND = (["better", "non-inferior", "inconclusive", "worse"] as const).map((v) => chip(v)).join("") + chip("indistinguishable");

export function renderHtml(r: ComparisonReport, texts: HtmlTexts): string {
  const o = r.options;
  const names = runNames(r);
  const benches: string[] = [];
  for (const p of r.candidates) for (const b of p.benchmarks) if (!benches.includes(b.benchmark)) benches.push(b.benchmark);
  const noise = r.noise
    ? `<h2>Noise floor</h2><p>How many outcomes flip between two runs of the baseline model itself; the tables below set each candidate's flips beside these.</p><ul>${noiseSummary(r.noise)
        .map((l) => `<li>${esc(l)}</li>`)
        .join("")}</ul>`
    : "";
  const sections = benches.map((bench) => {
    const perCand = r.candidates
      .filter((p) => p.benchmarks.some((b) => b.benchmark === bench))
      .map((p) => {
        const i = r.candidates.indexOf(p);
        return `<details class="cand"><summary>${candSummary(p, bench, names.candidates[i]!, names.baseline)}</summary>${metricTable(p, bench, o.resamples)}${categoryTables(p, bench)}${flipSection(r, p, bench, texts)}</details>`;
      })
      .join("");
    return `<section id="bench-${esc(bench)}"><h2>${esc(benchName(bench))}</h2>${benchmarkCharts(r, bench, names)}${perCand}</section>`;
  });
  const title = `${r.candidates.map((p) => p.run.label).join(", ")} vs ${r.baseline.label}`;
  return `<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; img-src data:">
<meta name="viewport" content="width=device-width, initial-scale=1">
<link rel="icon" href="data:,">
<title>workbench compare: ${esc(title)}</title>
<style>${CSS}</style></head>
<body>
<h1>Which variant is still good enough?</h1>
<p class="muted">${r.candidates.length} variant${r.candidates.length === 1 ? "" : "s"} against the baseline <b title="${esc(r.baseline.label)}">${esc(names.baseline)}</b> (${esc(r.baseline.doc.repo_id)}), with paired statistics on the same items.</p>
<section id="bottom-line"><h2>Bottom line</h2>${smallestText(r, names)}<ul class="headlines">${r.candidates.map((p, i) => headlineItem(r, p, names.candidates[i]!)).join("")}</ul>
<p class="small muted legend">Verdicts: ${LEGEND} — non-inferior: the ${Math.round((1 - o.alpha) * 1000) / 10}% CI of the difference stays above −${o.margin} point(s); floor/ceiling: both runs score 0 (or 100) on every item, so the benchmark cannot tell them apart. Scores in points (percent).</p></section>
${sizeSection(r, names)}
<section id="summary"><h2>Summary</h2>${matrixHtml(r, names)}
<p class="small muted">Cells: the variant's score, its difference from the baseline in points, and the verdict (hover for the reason). Paired bootstrap with ${o.resamples} resamples (seed ${o.seed}), resampling items (prompts as clusters for instruction-level metrics); p: exact McNemar for binary per-item outcomes, sign-flip test for rates and prompt clusters; alpha ${o.alpha}; margin ${o.margin} point(s).</p></section>
${driftSection(r, names.candidates)}
${noise}
${sections.join("\n")}
<section id="runs"><h2>Files compared</h2>${runsTable(r, names)}</section>
</body></html>
`;
}

/** The full report: read the needed texts from the samples logs, then render. */
export async function reportHtml(r: ComparisonReport): Promise<string> {
  return renderHtml(r, await loadFlipTexts(r));
}
