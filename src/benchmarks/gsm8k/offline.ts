// How `workbench score gsm8k` matches and summarises saved replies.
import type { OfflineSpec } from "../shared/offline.js";
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
