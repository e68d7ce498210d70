// `workbench score ifeval`: its reference-compatible flags and what they run.
import { defineScoreCommand } from "../shared/score-command.js";
import { runScoreIfeval } from "./cli.js";

export const ifevalScoreCommand = defineScoreCommand({
  description:
    "Score IFEval responses with the exact semantics of Google's reference (strict and loose). Writes DIR/eval_results_{strict,loose}.jsonl when --out is given (never overwriting without --force). Exit 0: all records scored; 3: some records failed (reported, excluded from the metrics); 2: unusable arguments or files.",
  usage: "workbench score ifeval --input <input_data.jsonl> --responses <responses.jsonl> [--out DIR] [--json] [--data-dir DIR] [--force]",
  examples: [
    "workbench score ifeval --input input_data.jsonl --responses responses.jsonl --out results/",
    "workbench score ifeval --input input_data.jsonl --responses responses.jsonl --json",
  ],
  flags: {
    input: { type: "string", required: true, description: "Input records {key, prompt, instruction_id_list, kwargs} (JSONL)", valueHint: "file" },
    responses: { type: "string", required: true, description: "Responses {prompt, response} (JSONL; matched by key when both carry one, else by prompt)", valueHint: "file" },
    out: { type: "string", description: "Directory for eval_results_strict.jsonl and eval_results_loose.jsonl", valueHint: "dir" },
    json: { type: "boolean", description: "Print the metrics as JSON (fractions in [0,1])" },
    dataDir: { type: "string", description: "Directory holding <dataset>/<file> copies of the data assets (else WORKBENCH_DATA_DIR)", valueHint: "dir" },
    force: { type: "boolean", description: "Replace existing result files in --out" },
  },
  run: (args, io) => runScoreIfeval({ input: args.input, responses: args.responses, out: args.out, json: args.json, dataDir: args.dataDir, force: args.force }, io),
});
