import { defineCommand } from "../command.js";
import { SCORE_ARGS, runScoreCommand } from "../../benchmarks/shared/score-command.js";
import { mmluOffline } from "../../benchmarks/mmlu/offline.js";

export default defineCommand({
  meta: {
    name: "score mmlu",
    description:
      "Score saved MMLU replies offline: leading-letter / last 'answer is X' extraction, HELM exact letter, first-token logprob argmax when given; micro, macro and Hendrycks categories.",
    usage: "workbench score mmlu --responses FILE [--json] [--data-dir DIR] [--limit N]",
    examples: ["workbench score mmlu --responses replies.jsonl", "workbench score mmlu --responses replies.jsonl --json"],
  },
  args: SCORE_ARGS,
  run: ({ args, stdout }) => runScoreCommand(mmluOffline, args, stdout),
});
