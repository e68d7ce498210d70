// TruthfulQA v0 `data/v0/mc_task.json`: 817 × {question, mc1_targets: {answer: 0|1}, mc2_targets}.
// MC1 has exactly one true answer (listed first in the file); 2-13 choices, so letters run A-M.
import { loadDatasetFile } from "../shared/load-dataset.js";
import type { LoadOptions, LoadedDataset } from "../types.js";
import { choiceOrder } from "./permute.js";

export const TRUTHFULQA_FILE = "data/v0/mc_task.json";
export const MAX_CHOICES = 13;

export interface TruthfulqaItem {
  /** 0-based position in mc_task.json. */
  index: number;
  question: string;
  /** MC1 choices in file order. */
  choices: string[];
  /** File-order index of the one true MC1 answer. */
  correct: number;
  /** Shown order: order[k] is the file-order index of the choice under letter k. */
  order: number[];
  /** Letter of the true answer in the shown order. */
  goldLetter: string;
}

export function letterOf(k: number): string {
  return String.fromCharCode(65 + k);
}

export function parseMcTask(text: string, source: string): TruthfulqaItem[] {
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch (err) {
    throw new Error(`${source}: not valid JSON (${(err as Error).message})`);
  }
  if (!Array.isArray(doc)) throw new Error(`${source}: expected a JSON array of questions`);
  return doc.map((raw, index) => {
    const q = raw as { question?: unknown; mc1_targets?: unknown };
    if (typeof q?.question !== "string") throw new Error(`${source}: item ${index}: field question: expected a string`);
    const t = q.mc1_targets;
    if (!t || typeof t !== "object" || Array.isArray(t)) throw new Error(`${source}: item ${index}: field mc1_targets: expected an object {answer: 0|1}`);
    const entries = Object.entries(t as Record<string, unknown>);
    const choices = entries.map(([c]) => c);
    const trues = entries.flatMap(([, v], i) => (v === 1 ? [i] : []));
    if (trues.length !== 1) throw new Error(`${source}: item ${index}: field mc1_targets: expected exactly one answer labelled 1, got ${trues.length}`);
    if (choices.length < 2 || choices.length > MAX_CHOICES) throw new Error(`${source}: item ${index}: field mc1_targets: expected 2-${MAX_CHOICES} choices, got ${choices.length}`);
    const order = choiceOrder(q.question, choices);
    const correct = trues[0]!;
    return { index, question: q.question, choices, correct, order, goldLetter: letterOf(order.indexOf(correct)) };
  });
}

export function loadTruthfulqa(opts: LoadOptions): Promise<LoadedDataset<TruthfulqaItem>> {
  return loadDatasetFile(
    { name: "truthfulqa", asset: "truthfulqa", file: TRUTHFULQA_FILE, version: "v0 (sylinrl/TruthfulQA 013686a)", parse: (file, bytes) => parseMcTask(bytes.toString("utf8"), file) },
    opts,
  );
}
