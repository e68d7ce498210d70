// How `workbench score mmlu` matches and summarises saved replies, and its command.
import type { OfflineSpec } from "../shared/offline.js";
import { offlineScoreCommand } from "../shared/score-command.js";
import type { MmluItem } from "./data.js";
import { mmlu } from "./task.js";

interface Acc {
  n: number;
  accuracy: number | null;
}
interface MmluBreakdown {
  macro_accuracy: number | null;
  categories: Record<string, Acc>;
  extraction: { leading: number; answer_phrase: number; none: number };
  truncated: number;
  logprobs: { items: number; no_letter: number; disagrees_with_text: number };
}

const f = (v: number | null) => (v === null ? "n/a" : v.toFixed(4));

export const mmluOffline: OfflineSpec<MmluItem> = {
  benchmark: mmlu,
  questionOf: (it) => it.question,
  subjectOf: (it) => it.subject,
  summarize(out) {
    const b = out.breakdown as unknown as MmluBreakdown;
    const lines = [
      `micro ${f(out.metrics.accuracy ?? null)}, macro over subjects ${f(b.macro_accuracy)}`,
      `categories: ${Object.entries(b.categories).map(([c, a]) => `${c} ${f(a.accuracy)} (${a.n})`).join(", ")}`,
      `extraction: leading letter ${b.extraction.leading}, answer phrase ${b.extraction.answer_phrase}, none ${b.extraction.none}; truncated ${b.truncated}`,
    ];
    if (b.logprobs.items) lines.push(`first-token logprobs on ${b.logprobs.items} items: no letter ${b.logprobs.no_letter}, differs from the text answer ${b.logprobs.disagrees_with_text}`);
    return lines;
  },
};

export const mmluScoreCommand = offlineScoreCommand(mmluOffline, {
  description:
    "Score saved MMLU replies offline: leading-letter / last 'answer is X' extraction, HELM exact letter, first-token logprob argmax when given; micro, macro and Hendrycks categories.",
  usage: "workbench score mmlu --responses FILE [--json] [--data-dir DIR] [--limit N]",
  examples: ["workbench score mmlu --responses replies.jsonl", "workbench score mmlu --responses replies.jsonl --json"],
});
