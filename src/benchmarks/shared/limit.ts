// `--limit N`: which items a limited run uses. A benchmark with categories (MMLU subjects) takes
// the first N items of each category, as lm-eval applies a limit to each subtask, so that a
// limited run still covers every category; one without takes its first N items. Dataset order is
// kept, so the selection is the same on every run.
import type { DatasetRef } from "../types.js";

/** The category a benchmark's limit applies to (e.g. MMLU's subject). */
export interface LimitPer<Item> {
  /** Recorded in results as dataset.limit_per, e.g. "subject". */
  name: string;
  of(item: Item): string;
}

/** The items a limit selects: the first `limit` of each category (or of the whole list without `per`). */
export function applyLimit<Item>(items: readonly Item[], limit: number | undefined, per?: LimitPer<Item>): Item[] {
  if (limit === undefined) return [...items];
  if (!per) return items.slice(0, limit);
  const taken = new Map<string, number>();
  return items.filter((it) => {
    const k = per.of(it);
    const n = taken.get(k) ?? 0;
    if (n >= limit) return false;
    taken.set(k, n + 1);
    return true;
  });
}

/** The dataset record's limit fields: `limit_per` only when a limit was applied per category. */
export function limitFields<Item>(limit: number | undefined, per?: LimitPer<Item>): Pick<DatasetRef, "limit_per"> {
  return limit !== undefined && per ? { limit_per: per.name } : {};
}
