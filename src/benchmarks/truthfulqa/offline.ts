// How `workbench score truthfulqa-mc1` matches and summarises saved replies.
import type { OfflineSpec } from "../shared/offline.js";
import type { TruthfulqaItem } from "./data.js";
import { truthfulqaMc1 } from "./task.js";

interface TqaBreakdown {
  chance_accuracy: number | null;
  extraction: { line_start: number; anywhere: number; none: number };
  letter_out_of_range: number;
  truncated: number;
}

export const truthfulqaOffline: OfflineSpec<TruthfulqaItem> = {
  benchmark: truthfulqaMc1,
  questionOf: (it) => it.question,
  summarize(out) {
    const b = out.breakdown as unknown as TqaBreakdown;
    return [
      `MC1 (letter choice), not comparable to log-likelihood MC1; chance ${b.chance_accuracy === null ? "n/a" : b.chance_accuracy.toFixed(4)}`,
      `extraction: line-start ANSWER ${b.extraction.line_start}, anywhere ${b.extraction.anywhere}, none ${b.extraction.none}, letter beyond the choices ${b.letter_out_of_range}; truncated ${b.truncated}`,
    ];
  },
};
