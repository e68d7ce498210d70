// Read and validate result files for comparison; beyond the schema, check what the statistics rely on
// (scores in [0, 1], unit arrays aligned with their labels, unique item ids).
import { readFileSync, realpathSync } from "node:fs";
import { basename } from "node:path";
import { ResultFileError, validateResultDocument, type ResultDocument } from "../results/schema.js";
import type { LoadedRun } from "./types.js";

function fail(file: string, field: string, msg: string): never {
  throw new ResultFileError(`${file}: field ${field}: ${msg}`);
}

/** Checks the per-item data a comparison needs; throws ResultFileError naming file and field. */
export function checkItems(doc: ResultDocument, file: string): void {
  for (const [name, bench] of Object.entries(doc.benchmarks)) {
    const seen = new Set<string>();
    bench.items.forEach((item, i) => {
      const at = `benchmarks.${name}.items.${i}`;
      if (seen.has(item.id)) fail(file, `${at}.id`, `duplicate item id "${item.id}"`);
      seen.add(item.id);
      for (const [m, v] of Object.entries(item.scores)) {
        if (typeof v === "number" && !(Number.isFinite(v) && v >= 0 && v <= 1)) {
          fail(file, `${at}.scores.${m}`, `expected a boolean or a number in [0, 1], got ${v}`);
        }
      }
      if (!item.units) return;
      let len = item.unit_labels?.length;
      for (const [m, arr] of Object.entries(item.units)) {
        if (len === undefined) len = arr.length;
        else if (arr.length !== len) {
          const against = item.unit_labels ? "unit_labels" : "the other units arrays";
          fail(file, `${at}.units.${m}`, `expected ${len} entries (as in ${against}), got ${arr.length}`);
        }
      }
    });
  }
}

/** Parse + validate one result file. Throws ResultFileError (file and field named) when unusable. */
export function loadResultFile(file: string): ResultDocument {
  let text: string;
  try {
    text = readFileSync(file, "utf8");
  } catch (err) {
    const e = err as NodeJS.ErrnoException;
    throw new ResultFileError(`${file}: cannot read the file (${e.code ?? e.message})`);
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (err) {
    throw new ResultFileError(`${file}: not valid JSON (${(err as Error).message})`);
  }
  const doc = validateResultDocument(parsed, file);
  checkItems(doc, file);
  return doc;
}

/** Drop the "_"-separated tokens that every name shares at its start and end (dates, benchmark lists). */
function stripCommonTokens(names: string[]): string[] {
  if (names.length < 2) return names;
  const toks = names.map((n) => n.split("_"));
  const minLen = Math.min(...toks.map((t) => t.length));
  let pre = 0;
  while (pre < minLen - 1 && toks.every((t) => t[pre] === toks[0]![pre])) pre++;
  let suf = 0;
  while (suf < minLen - 1 - pre && toks.every((t) => t[t.length - 1 - suf] === toks[0]![toks[0]!.length - 1 - suf])) suf++;
  const out = toks.map((t) => t.slice(pre, t.length - suf).join("_"));
  return out.every((o) => o.length > 0) && new Set(out).size === out.length ? out : names;
}

/**
 * Short, distinct labels for tables: the file name without .json, minus the tokens all files share
 * (e.g. "2025-06-01_org_Qwen-7B-Q4_K_M_ifeval" and "2025-06-01_org_Qwen-7B-F16_ifeval" → "Qwen-7B-Q4_K_M", "Qwen-7B-F16"), numbered when two collide.
 */
export function labelRuns(files: string[]): string[] {
  const base = stripCommonTokens(files.map((f) => basename(f).replace(/\.json$/i, "")));
  const count = new Map<string, number>();
  for (const b of base) count.set(b, (count.get(b) ?? 0) + 1);
  const used = new Map<string, number>();
  return base.map((b) => {
    if (count.get(b) === 1) return b;
    const k = (used.get(b) ?? 0) + 1;
    used.set(b, k);
    return `${b}#${k}`;
  });
}

function realOrSelf(file: string): string {
  try {
    return realpathSync(file);
  } catch {
    return file;
  }
}

/** Refuse the same file (by real path) given twice: comparing a run with itself shows no difference by construction. */
export function checkDistinctFiles(files: string[]): void {
  const seen = new Map<string, string>();
  for (const f of files) {
    const real = realOrSelf(f);
    const prev = seen.get(real);
    if (prev !== undefined) throw new ResultFileError(`${f}: given twice${prev !== f ? ` (also as ${prev})` : ""}; a run compared with itself shows no difference`);
    seen.set(real, f);
  }
}

export function loadRuns(files: string[]): LoadedRun[] {
  checkDistinctFiles(files);
  const labels = labelRuns(files);
  return files.map((file, i) => ({ file, label: labels[i]!, doc: loadResultFile(file) }));
}
