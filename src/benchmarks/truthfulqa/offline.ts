// How `workbench score truthfulqa-mc1` matches and summarises saved replies, and its command.
import type { OfflineSpec } from "../shared/offline.js";
import { offlineScoreCommand } from "../shared/score-command.js";
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

export const truthfulqaScoreCommand = offlineScoreCommand(truthfulqaOffline, {
  description:
    "Score saved TruthfulQA MC1 (letter choice) replies offline: last line-start 'ANSWER: X' against the per-question shuffled order.",
  usage: "workbench score truthfulqa-mc1 --responses FILE [--json] [--data-dir DIR] [--limit N]",
  examples: ["workbench score truthfulqa-mc1 --responses replies.jsonl"],
});
