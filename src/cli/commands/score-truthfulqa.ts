import { defineCommand } from "../command.js";
import { SCORE_ARGS, runScoreCommand } from "../../benchmarks/shared/score-command.js";
import { truthfulqaOffline } from "../../benchmarks/truthfulqa/offline.js";

export default defineCommand({
  meta: {
    name: "score truthfulqa-mc1",
    description:
      "Score saved TruthfulQA MC1 (letter choice) replies offline: last line-start 'ANSWER: X' against the per-question shuffled order.",
    usage: "workbench score truthfulqa-mc1 --responses FILE [--json] [--data-dir DIR] [--limit N]",
    examples: ["workbench score truthfulqa-mc1 --responses replies.jsonl"],
  },
  args: SCORE_ARGS,
  run: ({ args, stdout }) => runScoreCommand(truthfulqaOffline, args, stdout),
});
