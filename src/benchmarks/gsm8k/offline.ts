// How `workbench score gsm8k` matches and summarises saved replies, and its command.
import type { OfflineSpec } from "../shared/offline.js";
import { offlineScoreCommand } from "../shared/score-command.js";
import type { Gsm8kItem } from "./data.js";
import { gsm8k } from "./task.js";

interface Gsm8kBreakdown {
  disagreements: { strict_vs_flexible: number; strict_string_vs_numeric: number; flexible_string_vs_numeric: number };
  format_failures: { strict_no_match: number; flexible_no_number: number };
  truncated: number;
}

export const gsm8kOffline: OfflineSpec<Gsm8kItem> = {
  benchmark: gsm8k,
  questionOf: (it) => it.question,
  summarize(out) {
    const b = out.breakdown as unknown as Gsm8kBreakdown;
    return [
      `rule disagreements: strict vs flexible ${b.disagreements.strict_vs_flexible}, string vs numeric ${b.disagreements.strict_string_vs_numeric} (strict) / ${b.disagreements.flexible_string_vs_numeric} (flexible)`,
      `format failures: no "The final answer is" ${b.format_failures.strict_no_match}, no number ${b.format_failures.flexible_no_number}; truncated ${b.truncated}`,
    ];
  },
};

export const gsm8kScoreCommand = offlineScoreCommand(gsm8kOffline, {
  description:
    "Score saved GSM8K replies offline: strict ('The final answer is N', last) and flexible (last number) match, lm-eval gsm8k_cot_llama normalisation, plus numeric equality.",
  usage: "workbench score gsm8k --responses FILE [--json] [--data-dir DIR] [--limit N]",
  examples: ["workbench score gsm8k --responses replies.jsonl", "workbench score gsm8k --responses replies.jsonl --json --limit 100"],
});
