// Single self-contained HTML report: no scripts, no network (a CSP forbids both). Score bars with
// paired-CI whiskers, a delta forest plot, the verdict matrix, the noise floor, the category
// breakdown, and the flip lists with the prompt and both answers side by side.
import { metricRows } from "./compare-runs.js";
import { ciText, pFloor, pts, pval, signed } from "./format.js";
import { noiseSummary } from "./noise.js";
import { readSamplesLog, sampleKey, type SamplesLog, type SampleText } from "./samples-log.js";
import { deltaBar, deltaChart, esc, scoreChart, VERDICT_COLOR, type ScoreGroup } from "./svg.js";
import type { ComparisonReport, LoadedRun, MetricComparison, PairComparison, Verdict } from "./types.js";

/** Flip entries rendered with their texts per list; the rest are listed by id. */
export const MAX_FLIPS_WITH_TEXT = 200;
const MAX_TEXT = 6000;

const CSS = `
body{font:14px/1.45 system-ui,-apple-system,"Segoe UI",sans-serif;margin:24px auto;max-width:1200px;padding:0 16px;color:#24292f}
h1{font-size:22px}h2{font-size:18px;border-bottom:1px solid #d0d7de;padding-bottom:4px;margin-top:32px}h3{font-size:15px;margin:18px 0 6px}
table{border-collapse:collapse;margin:8px 0}th,td{border:1px solid #d0d7de;padding:3px 8px;text-align:right;vertical-align:top}
th{background:#f6f8fa}td.l,th.l{text-align:left}.muted{color:#57606a}.small{font-size:12px}
.v{display:inline-block;padding:0 6px;border-radius:10px;color:#fff;font-size:12px;white-space:nowrap}
svg text{font:12px system-ui,sans-serif;fill:#24292f}svg text.gt{font-weight:600}svg text.ax{fill:#57606a;font-size:11px}
details{margin:6px 0}summary{cursor:pointer}
.flip{border:1px solid #d0d7de;border-radius:6px;margin:8px 0;padding:6px 8px}
.flip .id{font-weight:600;font-family:ui-monospace,monospace}
.sbs{display:grid;grid-template-columns:1fr 1fr;gap:8px}
pre{white-space:pre-wrap;word-break:break-word;background:#f6f8fa;padding:6px;margin:4px 0;max-height:320px;overflow:auto;font:12px/1.4 ui-monospace,monospace}
.nw{white-space:nowrap}.pass{color:#1a7f37}.fail{color:#cf222e}
`;

function chip(v: Verdict): string {
  return `<span class="v" style="background:${VERDICT_COLOR[v]}">${esc(v)}</span>`;
}

function runRow(role: string, r: LoadedRun): string {
  return `<tr><td class="l">${esc(role)}</td><td class="l">${esc(r.label)}</td><td class="l">${esc(r.doc.repo_id)}</td><td class="l">${esc(r.doc.model_format)}</td><td class="l">${esc(r.doc.timestamp)}</td><td class="l small">${esc(r.file)}</td></tr>`;
}

function cut(s: string): string {
  return s.length > MAX_TEXT ? `${s.slice(0, MAX_TEXT)}\n… (${s.length - MAX_TEXT} more characters)` : s;
}

function columns(r: ComparisonReport): string[] {
  const cols: string[] = [];
  for (const p of r.candidates) for (const { benchmark, m } of metricRows(p)) if (!cols.includes(`${benchmark}/${m.metric}`)) cols.push(`${benchmark}/${m.metric}`);
  return cols;
}

function findMetric(p: PairComparison, col: string): MetricComparison | undefined {
  return metricRows(p).find(({ benchmark, m }) => `${benchmark}/${m.metric}` === col)?.m;
}

function matrix(r: ComparisonReport): string {
  const cols = columns(r);
  const head = `<tr><th class="l">variant</th>${cols.map((c) => `<th>${esc(c)}</th>`).join("")}</tr>`;
  const base = `<tr><td class="l">${esc(r.baseline.label)} <span class="muted">(baseline)</span></td>${cols
    .map((c) => {
      const m = r.candidates.map((p) => findMetric(p, c)).find((x) => x);
      return `<td>${m ? pts(m.baseline) : ""}</td>`;
    })
    .join("")}</tr>`;
  const rows = r.candidates
    .map(
      (p) =>
        `<tr><td class="l">${esc(p.run.label)}</td>${cols
          .map((c) => {
            const m = findMetric(p, c);
            if (!m) return "<td>—</td>";
            return `<td title="${esc(m.reason)}">${pts(m.candidate)} <span class="muted">${signed(m.delta)}</span><br>${chip(m.verdict)}</td>`;
          })
          .join("")}</tr>`,
    )
    .join("");
  return `<table>${head}${base}${rows}</table>`;
}

function benchmarkCharts(r: ComparisonReport, bench: string): string {
  const metrics: string[] = [];
  for (const p of r.candidates) for (const b of p.benchmarks) if (b.benchmark === bench) for (const m of b.metrics) if (!metrics.includes(m.metric)) metrics.push(m.metric);
  const groups: ScoreGroup[] = [];
  const deltas = [];
  for (const metric of metrics) {
    const per = r.candidates.map((p) => ({ p, m: findMetric(p, `${bench}/${metric}`) })).filter((x) => x.m);
    const first = per[0]!.m!;
    groups.push({
      title: metric,
      rows: [
        { label: `${r.baseline.label} (baseline)`, score: first.baseline },
        ...per.map(({ p, m }) => ({ label: p.run.label, score: m!.candidate, delta: m!.delta, verdict: m!.verdict, ci: [m!.baseline + m!.ci95[0], m!.baseline + m!.ci95[1]] as [number, number] })),
      ],
    });
    for (const { p, m } of per) deltas.push({ label: `${metric} · ${p.run.label}`, delta: m!.delta, lo: m!.ci95[0], hi: m!.ci95[1], verdict: m!.verdict });
  }
  return (
    `<h3>Scores (points) with paired 95% CIs</h3><p class="muted small">Whiskers: the baseline's score plus the paired bootstrap 95% CI of the difference.</p>${scoreChart(groups)}` +
    `<h3>Differences vs baseline</h3>${deltaChart(deltas, r.options.margin)}`
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
        }<td class="l">${chip(m.verdict)} <span class="small">${esc(m.reason)}</span></td></tr>`,
    )
    .join("");
  const ex = b.excluded.errored_either
    ? `<p class="small muted">${b.excluded.errored_either} item(s) excluded (errored: ${b.excluded.errored_baseline} in baseline, ${b.excluded.errored_candidate} in candidate).</p>`
    : "";
  return `<table>${head}${rows}</table>${ex}`;
}

function categoryTables(p: PairComparison, bench: string): string {
  const b = p.benchmarks.find((x) => x.benchmark === bench);
  if (!b) return "";
  const out: string[] = [];
  b.metrics
    .filter((m) => m.categories?.length)
    .forEach((m, i) => {
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
      out.push(
        `<details${i === 0 ? " open" : ""}><summary>${esc(title)} (most degraded first)</summary><table><tr><th class="l">category</th><th>${unit}</th><th>baseline</th><th>candidate</th><th>delta</th><th></th><th>pass→fail</th><th>fail→pass</th><th>p</th></tr>${rows}</table></details>`,
      );
    });
  return out.length ? `<h3>Breakdown</h3><p class="small muted">p: exact McNemar within the category, treating its outcomes as independent.</p>${out.join("")}` : "";
}

interface Texts {
  base: SamplesLog;
  cand: SamplesLog;
}

function answerBox(who: string, label: string, t: SampleText | undefined, ok: boolean): string {
  const state = ok ? `<span class="pass">pass</span>` : `<span class="fail">fail</span>`;
  const sample = t && t.sample > 0 ? ` sample ${t.sample}` : "";
  const fr = t?.finish_reason && t.finish_reason !== "stop" ? ` <span class="muted small">finish_reason: ${esc(t.finish_reason)}</span>` : "";
  const body = t ? `<pre>${esc(cut(t.answer))}</pre>` : `<p class="muted small">(answer not available)</p>`;
  return `<div><div><b>${esc(who)}</b> ${esc(label)}${sample}: ${state}${fr}</div>${body}</div>`;
}

function flipEntries(bench: string, groups: Array<{ id: string; units: string[] }>, dir: "pass_to_fail" | "fail_to_pass", p: PairComparison, base: LoadedRun, texts: Texts): string {
  const shown = groups.slice(0, MAX_FLIPS_WITH_TEXT);
  const rest = groups.slice(MAX_FLIPS_WITH_TEXT);
  const entries = shown.map((g) => {
    const k = sampleKey(bench, g.id);
    const bt = texts.base.texts.get(k);
    const ct = texts.cand.texts.get(k);
    const prompt = bt?.prompt || ct?.prompt;
    const units = g.units.length ? ` <span class="small">instructions: ${g.units.map(esc).join(", ")}</span>` : "";
    return (
      `<div class="flip"><div class="id">${esc(g.id)}${units}</div>` +
      (prompt ? `<details open><summary>prompt</summary><pre>${esc(cut(prompt))}</pre></details>` : "") +
      (bt || ct
        ? `<div class="sbs">${answerBox("baseline", base.label, bt, dir === "pass_to_fail")}${answerBox("candidate", p.run.label, ct, dir === "fail_to_pass")}</div>`
        : "") +
      `</div>`
    );
  });
  const more = rest.length ? `<p class="small">${rest.length} more: ${rest.map((g) => esc(g.id)).join(", ")}</p>` : "";
  return entries.join("") + more;
}

function groupsOf(m: MetricComparison, dir: "pass_to_fail" | "fail_to_pass"): Array<{ id: string; units: string[] }> {
  if (!m.flip_units) return m.flips[dir].map((id) => ({ id, units: [] }));
  const by = new Map<string, string[]>();
  for (const u of m.flip_units[dir]) {
    const list = by.get(u.id) ?? [];
    list.push(u.unit);
    by.set(u.id, list);
  }
  return [...by].map(([id, units]) => ({ id, units }));
}

function flipSection(r: ComparisonReport, p: PairComparison, bench: string, texts: Texts, openFirst: boolean): string {
  const b = p.benchmarks.find((x) => x.benchmark === bench);
  if (!b) return "";
  const note = (s: SamplesLog, who: string) =>
    s.status === "ok" ? "" : `<p class="small muted">${esc(who)} answers unavailable: ${s.status === "none" ? "the result file names no samples log" : `samples log ${esc(s.path ?? "")} ${s.status}`}; ids only.</p>`;
  const parts = [note(texts.base, r.baseline.label), note(texts.cand, p.run.label)];
  b.metrics.forEach((m, i) => {
    for (const dir of ["pass_to_fail", "fail_to_pass"] as const) {
      const groups = groupsOf(m, dir);
      const n = m.flips[dir].length;
      const what = m.kind === "cluster" ? `${n} instruction(s) in ${groups.length} prompt(s)` : `${n} item(s)`;
      const open = openFirst && i === 0 && dir === "pass_to_fail" && n > 0 ? " open" : "";
      parts.push(
        `<details class="flips"${open}><summary>${esc(m.metric)}: ${dir === "pass_to_fail" ? "pass → fail" : "fail → pass"} — ${what}</summary>${n ? flipEntries(bench, groups, dir, p, r.baseline, texts) : '<p class="muted small">none</p>'}</details>`,
      );
    }
  });
  return `<h3>Flips: ${esc(p.run.label)} vs ${esc(r.baseline.label)}</h3>${parts.join("")}`;
}

export interface HtmlTexts {
  /** Samples logs by result file (baseline and candidates). */
  logs: Map<string, SamplesLog>;
}

/** Read, from each run's samples log, only the items that appear in a flip list. */
export async function loadFlipTexts(r: ComparisonReport): Promise<HtmlTexts> {
  const wanted = new Map<string, Set<string>>();
  const want = (file: string, key: string) => {
    let s = wanted.get(file);
    if (!s) wanted.set(file, (s = new Set()));
    s.add(key);
  };
  for (const p of r.candidates) {
    for (const b of p.benchmarks) {
      for (const m of b.metrics) {
        for (const dir of ["pass_to_fail", "fail_to_pass"] as const) {
          for (const g of groupsOf(m, dir).slice(0, MAX_FLIPS_WITH_TEXT)) {
            const k = sampleKey(b.benchmark, g.id);
            want(r.baseline.file, k);
            want(p.run.file, k);
          }
        }
      }
    }
  }
  const logs = new Map<string, SamplesLog>();
  const runs = [r.baseline, ...r.candidates.map((p) => p.run)];
  for (const run of runs) {
    if (logs.has(run.file)) continue;
    logs.set(run.file, await readSamplesLog(run.file, run.doc, wanted.get(run.file) ?? new Set()));
  }
  return { logs };
}

export function renderHtml(r: ComparisonReport, texts: HtmlTexts): string {
  const o = r.options;
  const empty: SamplesLog = { texts: new Map(), status: "none", path: null, badLines: 0 };
  const benches: string[] = [];
  for (const p of r.candidates) for (const b of p.benchmarks) if (!benches.includes(b.benchmark)) benches.push(b.benchmark);
  const runs = [runRow("baseline", r.baseline), ...(r.noise ? [runRow("baseline rerun", r.noise.run)] : []), ...r.candidates.map((p) => runRow("candidate", p.run))].join("");
  const noise = r.noise
    ? `<h2>Noise floor</h2><p>How many outcomes flip between two runs of the baseline model itself; the tables below set each candidate's flips beside these.</p><ul>${noiseSummary(r.noise)
        .map((l) => `<li>${esc(l)}</li>`)
        .join("")}</ul>`
    : "";
  const sections = benches.map((bench) => {
    const perCand = r.candidates
      .map((p, i) => {
        const t: Texts = { base: texts.logs.get(r.baseline.file) ?? empty, cand: texts.logs.get(p.run.file) ?? empty };
        return `<h3>${esc(p.run.label)} vs ${esc(r.baseline.label)}</h3>${metricTable(p, bench, o.resamples)}${categoryTables(p, bench)}${flipSection(r, p, bench, t, i === 0)}`;
      })
      .join("");
    return `<section id="bench-${esc(bench)}"><h2>${esc(bench)}</h2>${benchmarkCharts(r, bench)}${perCand}</section>`;
  });
  return `<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; img-src data:">
<meta name="viewport" content="width=device-width, initial-scale=1">
<link rel="icon" href="data:,">
<title>workbench compare: ${esc(r.candidates.map((p) => p.run.label).join(", "))} vs ${esc(r.baseline.label)}</title>
<style>${CSS}</style></head>
<body>
<h1>Is the candidate really worse? ${esc(r.candidates.map((p) => p.run.label).join(", "))} vs ${esc(r.baseline.label)}</h1>
<table><tr><th class="l">role</th><th class="l">label</th><th class="l">repo</th><th class="l">format</th><th class="l">timestamp</th><th class="l">file</th></tr>${runs}</table>
<p class="small muted">Scores in points (percent). Paired bootstrap with ${o.resamples} resamples (seed ${o.seed}), resampling items (prompts as clusters for instruction-level metrics); p: exact McNemar for binary per-item outcomes, sign-flip test for rates and prompt clusters. alpha ${o.alpha}; non-inferiority margin ${o.margin} point(s). Verdicts: ${(["better", "worse", "non-inferior", "inconclusive"] as const).map(chip).join(" ")}</p>
<h2>Summary</h2>${matrix(r)}
${noise}
${sections.join("\n")}
</body></html>
`;
}

/** The full report: read the needed texts from the samples logs, then render. */
export async function reportHtml(r: ComparisonReport): Promise<string> {
  return renderHtml(r, await loadFlipTexts(r));
}
