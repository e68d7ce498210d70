// Aggregates strict and loose result rows into the report: prompt-level and instruction-level (micro)
// accuracy, per instruction id and per category. Error rows are excluded from their mode's figures.
import { isErrorRow, type IfevalAccuracy, type IfevalMetrics, type IfevalReport, type IfevalRow } from "./types.js";

interface Tally {
  prompts: number;
  promptsFollowed: number;
  instructions: number;
  instructionsFollowed: number;
  perId: Map<string, [number, number]>;
  perCategory: Map<string, [number, number]>;
}

function bump(map: Map<string, [number, number]>, k: string, ok: boolean): void {
  let t = map.get(k);
  if (!t) map.set(k, (t = [0, 0]));
  t[0]++;
  if (ok) t[1]++;
}

function tally(rows: IfevalRow[]): Tally {
  const t: Tally = { prompts: 0, promptsFollowed: 0, instructions: 0, instructionsFollowed: 0, perId: new Map(), perCategory: new Map() };
  for (const row of rows) {
    if (isErrorRow(row)) continue;
    t.prompts++;
    if (row.follow_all_instructions) t.promptsFollowed++;
    row.instruction_id_list.forEach((id, i) => {
      const ok = row.follow_instruction_list[i] === true;
      t.instructions++;
      if (ok) t.instructionsFollowed++;
      bump(t.perId, id, ok);
      bump(t.perCategory, id.split(":")[0]!, ok);
    });
  }
  return t;
}

const ratio = (a: number, b: number): number => (b === 0 ? 0 : a / b);

function merge(strict: Map<string, [number, number]>, loose: Map<string, [number, number]>): Record<string, IfevalAccuracy> {
  const out: Record<string, IfevalAccuracy> = {};
  for (const k of [...new Set([...strict.keys(), ...loose.keys()])].sort()) {
    const s = strict.get(k) ?? [0, 0];
    const l = loose.get(k) ?? [0, 0];
    out[k] = { strict: ratio(s[1], s[0]), loose: ratio(l[1], l[0]), total: s[0], loose_total: l[0] };
  }
  return out;
}

export function buildReport(strict: IfevalRow[], loose: IfevalRow[]): IfevalReport {
  const s = tally(strict);
  const l = tally(loose);
  const metrics: IfevalMetrics = {
    prompt_level_strict: ratio(s.promptsFollowed, s.prompts),
    inst_level_strict: ratio(s.instructionsFollowed, s.instructions),
    prompt_level_loose: ratio(l.promptsFollowed, l.prompts),
    inst_level_loose: ratio(l.instructionsFollowed, l.instructions),
  };
  let errors = 0;
  for (let i = 0; i < strict.length; i++) if (isErrorRow(strict[i]!) || (loose[i] !== undefined && isErrorRow(loose[i]!))) errors++;
  return {
    strict,
    loose,
    metrics,
    errors,
    scored: strict.length - errors,
    per_instruction: merge(s.perId, l.perId),
    per_category: merge(s.perCategory, l.perCategory),
  };
}
