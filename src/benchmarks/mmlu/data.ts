// MMLU loader: data/test/<subject>_test.csv (scored) and data/dev/<subject>_dev.csv (the 5 shots),
// no header, columns question,A,B,C,D,answer, every field a raw string.
import { readFileSync } from "node:fs";
import { MMLU_SUBJECTS } from "../../assets/catalog.js";
import { resolveAsset } from "../../assets/resolve.js";
import { sha256Hex } from "../../util/hash.js";
import { parseCsv } from "../shared/csv.js";
import { limitFields, type LimitPer } from "../shared/limit.js";
import type { LoadOptions, LoadedDataset } from "../types.js";

export type Letter = "A" | "B" | "C" | "D";
export const LETTERS: readonly Letter[] = ["A", "B", "C", "D"];

export interface MmluQuestion {
  question: string;
  choices: [string, string, string, string];
  answer: Letter;
}

export interface MmluItem extends MmluQuestion {
  subject: string;
  /** 0-based row in <subject>_test.csv. */
  index: number;
  /** The subject's dev rows in file order (shared by all items of the subject). */
  shots: readonly MmluQuestion[];
}

/** Rows of one MMLU CSV as questions; errors name the file, row and field. */
export function parseMmluCsv(text: string, source: string): MmluQuestion[] {
  const out: MmluQuestion[] = [];
  parseCsv(text, source).forEach((row, r) => {
    if (row.length === 0) return;
    if (row.length !== 6) throw new Error(`${source}: row ${r + 1}: expected 6 fields (question,A,B,C,D,answer), got ${row.length}`);
    const answer = row[5]!.trim();
    if (answer !== "A" && answer !== "B" && answer !== "C" && answer !== "D") {
      throw new Error(`${source}: row ${r + 1}: field answer: expected A, B, C or D, got '${row[5]}'`);
    }
    out.push({ question: row[0]!, choices: [row[1]!, row[2]!, row[3]!, row[4]!], answer });
  });
  return out;
}

export function testFile(subject: string): string {
  return `data/test/${subject}_test.csv`;
}
export function devFile(subject: string): string {
  return `data/dev/${subject}_dev.csv`;
}

/** --limit N takes the first N questions of every subject (lm-eval's per-subtask limit). */
export const MMLU_LIMIT_PER: LimitPer<MmluItem> = { name: "subject", of: (item) => item.subject };

/** All subjects in catalogue order, each subject's rows in file order; with a limit, the first N rows of each subject. */
export async function loadMmlu(opts: LoadOptions): Promise<LoadedDataset<MmluItem>> {
  const asset = await resolveAsset("mmlu", { dataDir: opts.dataDir });
  const items: MmluItem[] = [];
  const sha256: Record<string, string> = {};
  const limit = opts.limit ?? Infinity;
  for (const subject of MMLU_SUBJECTS) {
    const tf = asset.path(testFile(subject));
    const df = asset.path(devFile(subject));
    const devBytes = readFileSync(df);
    const testBytes = readFileSync(tf);
    const shots = parseMmluCsv(devBytes.toString("utf8"), df);
    const rows = parseMmluCsv(testBytes.toString("utf8"), tf);
    sha256[testFile(subject)] = sha256Hex(testBytes);
    sha256[devFile(subject)] = sha256Hex(devBytes);
    for (let i = 0; i < rows.length && i < limit; i++) items.push({ ...rows[i]!, subject, index: i, shots });
  }
  return { items, dataset: { name: "mmlu", version: "hendrycks/test data.tar (2021-01)", sha256, ...limitFields(opts.limit, MMLU_LIMIT_PER) } };
}
