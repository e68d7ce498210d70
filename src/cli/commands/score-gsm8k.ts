import { defineCommand } from "../command.js";
import { SCORE_ARGS, runScoreCommand } from "../../benchmarks/shared/score-command.js";
import { gsm8kOffline } from "../../benchmarks/gsm8k/offline.js";

export default defineCommand({
  meta: {
    name: "score gsm8k",
    description:
      "Score saved GSM8K replies offline: strict ('The final answer is N', last) and flexible (last number) match, lm-eval gsm8k_cot_llama normalisation, plus numeric equality.",
    usage: "workbench score gsm8k --responses FILE [--json] [--data-dir DIR] [--limit N]",
    examples: ["workbench score gsm8k --responses replies.jsonl", "workbench score gsm8k --responses replies.jsonl --json --limit 100"],
  },
  args: SCORE_ARGS,
  run: ({ args, stdout }) => runScoreCommand(gsm8kOffline, args, stdout),
});
