// Human-readable and JSON renderings of an IFEval report.
import { isErrorRow, type IfevalAccuracy, type IfevalReport } from "./types.js";

const pct = (x: number): string => (x * 100).toFixed(2);

function table(title: string, rows: Record<string, IfevalAccuracy>): string[] {
  const names = Object.keys(rows);
  const w = Math.max(title.length, ...names.map((n) => n.length));
  const out = [`${title.padEnd(w)}  ${"n".padStart(5)}  ${"strict".padStart(7)}  ${"loose".padStart(7)}`];
  for (const n of names) {
    const r = rows[n]!;
    out.push(`${n.padEnd(w)}  ${String(r.total).padStart(5)}  ${pct(r.strict).padStart(7)}  ${pct(r.loose).padStart(7)}`);
  }
  return out;
}

export function renderText(report: IfevalReport): string {
  const m = report.metrics;
  const lines = [
    `IFEval: ${report.scored} record(s) scored, ${report.errors} error(s)`,
    "",
    `${"".padEnd(18)}  ${"strict".padStart(7)}  ${"loose".padStart(7)}`,
    `${"prompt-level".padEnd(18)}  ${pct(m.prompt_level_strict).padStart(7)}  ${pct(m.prompt_level_loose).padStart(7)}`,
    `${"instruction-level".padEnd(18)}  ${pct(m.inst_level_strict).padStart(7)}  ${pct(m.inst_level_loose).padStart(7)}`,
    "",
    ...table("category", report.per_category),
    "",
    ...table("instruction", report.per_instruction),
  ];
  return lines.join("\n") + "\n";
}

/** One line per failed record (strict message, and the loose one where it differs). */
export function renderErrors(report: IfevalReport, max = 20): string {
  const lines: string[] = [];
  for (let i = 0; i < report.strict.length; i++) {
    const s = report.strict[i]!;
    const l = report.loose[i];
    const msgs = [isErrorRow(s) ? s.error : undefined, l && isErrorRow(l) ? `loose: ${l.error}` : undefined];
    if (!msgs[0] && !msgs[1]) continue;
    if (msgs[0] && msgs[1] === `loose: ${msgs[0]}`) msgs[1] = undefined;
    lines.push(`key ${JSON.stringify(s.key)}: ${msgs.filter(Boolean).join("; ")}`);
  }
  if (lines.length > max) lines.splice(max, lines.length - max, `... and ${lines.length - max} more (see the error rows in the output files)`);
  return lines.length ? lines.join("\n") + "\n" : "";
}

export function reportJson(report: IfevalReport): Record<string, unknown> {
  return {
    ...report.metrics,
    errors: report.errors,
    scored: report.scored,
    per_instruction: report.per_instruction,
    per_category: report.per_category,
  };
}
