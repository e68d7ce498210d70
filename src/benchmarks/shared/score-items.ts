// The per-item loop of the single-sample scorers (GSM8K, MMLU, TruthfulQA): take each item's first
// response, record request errors as unscored items, score the rest, and count truncated replies.
import type { ItemResult } from "../../results/schema.js";
import type { ResponseRecord } from "../types.js";
import { firstResponse, isTruncated } from "./stats.js";

export interface ItemScoring<Item> {
  itemId(item: Item): string;
  /** Scores of one answered item (the benchmark keeps its own side tallies here). */
  score(item: Item, record: ResponseRecord): Record<string, boolean>;
  /** Fields every result row of this item carries, scored or not (e.g. MMLU's subject as category). */
  fields?(item: Item): Partial<ItemResult>;
}

export interface ScoredItems {
  items: ItemResult[];
  scored: number;
  errors: number;
  /** Scored items whose reply stopped at max_tokens. */
  truncated: number;
}

export function scoreEachItem<Item>(items: readonly Item[], responses: Map<string, ResponseRecord[]>, how: ItemScoring<NoInfer<Item>>): ScoredItems {
  const out: ScoredItems = { items: [], scored: 0, errors: 0, truncated: 0 };
  for (const item of items) {
    const id = how.itemId(item);
    const extra = how.fields?.(item) ?? {};
    const { record, error } = firstResponse(responses, id);
    if (error !== undefined) {
      out.errors++;
      out.items.push({ id, scores: {}, ...extra, error, finish_reason: record?.finish_reason ?? null });
      continue;
    }
    const scores = how.score(item, record!);
    out.scored++;
    if (isTruncated(record!)) out.truncated++;
    out.items.push({ id, scores, ...extra, finish_reason: record!.finish_reason });
  }
  return out;
}
