// The flip lists of the HTML report: per candidate and benchmark one collapsed block with the
// counts, opening to one list per metric and direction, each item with its prompt and both
// answers side by side (read from the runs' samples logs, only for the items shown).
import { readSamplesLog, sampleKey, type SamplesLog, type SampleText } from "../samples-log.js";
import { esc } from "../svg.js";
import type { ComparisonReport, LoadedRun, MetricComparison, PairComparison } from "../types.js";

/** Flip entries rendered with their texts per list; the rest are listed by id. */
export const MAX_FLIPS_WITH_TEXT = 200;
const MAX_TEXT = 6000;

export interface HtmlTexts {
  /** Samples logs by result file (baseline and candidates). */
  logs: Map<string, SamplesLog>;
}

interface Texts {
  base: SamplesLog;
  cand: SamplesLog;
}

const EMPTY: SamplesLog = { texts: new Map(), status: "none", path: null, badLines: 0 };

function cut(s: string): string {
  return s.length > MAX_TEXT ? `${s.slice(0, MAX_TEXT)}\n… (${s.length - MAX_TEXT} more characters)` : s;
}

function answerBox(who: string, label: string, t: SampleText | undefined, ok: boolean): string {
  const state = ok ? `<span class="pass">pass</span>` : `<span class="fail">fail</span>`;
  const sample = t && t.sample > 0 ? ` sample ${t.sample}` : "";
  const fr = t?.finish_reason && t.finish_reason !== "stop" ? ` <span class="muted small">finish_reason: ${esc(t.finish_reason)}</span>` : "";
  const body = t ? `<pre>${esc(cut(t.answer))}</pre>` : `<p class="muted small">(answer not available)</p>`;
  return `<div><div><b>${esc(who)}</b> ${esc(label)}${sample}: ${state}${fr}</div>${body}</div>`;
}

export function groupsOf(m: MetricComparison, dir: "pass_to_fail" | "fail_to_pass"): Array<{ id: string; units: string[] }> {
  if (!m.flip_units) return m.flips[dir].map((id) => ({ id, units: [] }));
  const by = new Map<string, string[]>();
  for (const u of m.flip_units[dir]) {
    const list = by.get(u.id) ?? [];
    list.push(u.unit);
    by.set(u.id, list);
  }
  return [...by].map(([id, units]) => ({ id, units }));
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
      (prompt ? `<div class="prompt"><div class="small muted">prompt</div><pre>${esc(cut(prompt))}</pre></div>` : "") +
      (bt || ct ? `<div class="sbs">${answerBox("baseline", base.label, bt, dir === "pass_to_fail")}${answerBox("candidate", p.run.label, ct, dir === "fail_to_pass")}</div>` : "") +
      `</div>`
    );
  });
  const more = rest.length ? `<p class="small">${rest.length} more: ${rest.map((g) => esc(g.id)).join(", ")}</p>` : "";
  return entries.join("") + more;
}

function count(m: MetricComparison, dir: "pass_to_fail" | "fail_to_pass"): string {
  const n = m.flips[dir].length;
  return m.kind === "cluster" ? `${n} instruction(s) in ${groupsOf(m, dir).length} prompt(s)` : `${n} item(s)`;
}

/** One collapsed block of a candidate's flips on a benchmark, with the counts in its summary. */
export function flipSection(r: ComparisonReport, p: PairComparison, bench: string, texts: HtmlTexts): string {
  const b = p.benchmarks.find((x) => x.benchmark === bench);
  if (!b) return "";
  const t: Texts = { base: texts.logs.get(r.baseline.file) ?? EMPTY, cand: texts.logs.get(p.run.file) ?? EMPTY };
  const note = (s: SamplesLog, who: string) =>
    s.status === "ok" ? "" : `<p class="small muted">${esc(who)} answers unavailable: ${s.status === "none" ? "the result file names no samples log" : s.status === "refused" ? "its samples_file is not a file name in the result's own folder (not followed)" : `samples log ${esc(s.path ?? "")} ${s.status}`}; ids only.</p>`;
  const parts = [note(t.base, r.baseline.label), note(t.cand, p.run.label)];
  let total = 0;
  const counts: string[] = [];
  for (const m of b.metrics) {
    const pf = m.flips.pass_to_fail.length;
    const fp = m.flips.fail_to_pass.length;
    total += pf + fp;
    counts.push(`${esc(m.metric)} ${pf}↓ ${fp}↑`);
    for (const dir of ["pass_to_fail", "fail_to_pass"] as const) {
      const n = m.flips[dir].length;
      if (!n) continue;
      parts.push(
        `<details class="flips"><summary>${esc(m.metric)}: ${dir === "pass_to_fail" ? "pass → fail" : "fail → pass"} — ${count(m, dir)}</summary>${flipEntries(bench, groupsOf(m, dir), dir, p, r.baseline, t)}</details>`,
      );
    }
  }
  const none = total ? "" : `<p class="muted small">No outcome flipped.</p>`;
  return `<details class="flipset"><summary><b>Flipped items</b> <span class="small">(${counts.join(" · ")}; ↓ pass → fail, ↑ fail → pass)</span></summary>${parts.join("")}${none}</details>`;
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
  for (const run of [r.baseline, ...r.candidates.map((p) => p.run)]) {
    if (logs.has(run.file)) continue;
    logs.set(run.file, await readSamplesLog(run.file, run.doc, wanted.get(run.file) ?? new Set()));
  }
  return { logs };
}
