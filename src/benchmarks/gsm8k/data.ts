// GSM8K test split loader: `gsm8k/test.jsonl` ({question, answer}); the gold is what follows "#### ".
import { loadDatasetFile } from "../shared/load-dataset.js";
import type { LoadOptions, LoadedDataset } from "../types.js";

export interface Gsm8kItem {
  /** 0-based line number in test.jsonl. */
  index: number;
  question: string;
  /** The reference solution (with calculator annotations and the final "#### N"). */
  answer: string;
  /** The gold answer as upstream extracts it: first `#### (-?[0-9.,]+)`, stripped, commas removed. */
  gold: string;
}

export const GSM8K_FILE = "test.jsonl";
const GOLD_RE = /#### (-?[0-9.,]+)/;

/** Upstream grade-school-math `extract_answer` on a reference solution; null when there is no "#### N". */
export function goldFromSolution(answer: string): string | null {
  const m = GOLD_RE.exec(answer);
  return m ? m[1]!.trim().replaceAll(",", "") : null;
}

export function parseGsm8kJsonl(text: string, source: string): Gsm8kItem[] {
  const items: Gsm8kItem[] = [];
  const lines = text.split("\n");
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!.trim();
    if (!line) continue;
    let obj: unknown;
    try {
      obj = JSON.parse(line);
    } catch (err) {
      throw new Error(`${source}:${i + 1}: not valid JSON (${(err as Error).message})`);
    }
    const rec = obj as { question?: unknown; answer?: unknown };
    if (typeof rec?.question !== "string") throw new Error(`${source}:${i + 1}: field question: expected a string`);
    if (typeof rec.answer !== "string") throw new Error(`${source}:${i + 1}: field answer: expected a string`);
    const gold = goldFromSolution(rec.answer);
    if (gold === null) throw new Error(`${source}:${i + 1}: field answer: expected a final "#### N" line`);
    items.push({ index: items.length, question: rec.question, answer: rec.answer, gold });
  }
  return items;
}

export function loadGsm8k(opts: LoadOptions): Promise<LoadedDataset<Gsm8kItem>> {
  return loadDatasetFile(
    { name: "gsm8k", asset: "gsm8k", file: GSM8K_FILE, version: "openai/grade-school-math 3101c7d", parse: (file, bytes) => parseGsm8kJsonl(bytes.toString("utf8"), file) },
    opts,
  );
}
