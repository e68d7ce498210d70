// `workbench score humaneval`: its reference-compatible flags and what they run.
import { defineScoreCommand } from "../shared/score-command.js";
import { runScoreHumaneval } from "./cli.js";

export const humanevalScoreCommand = defineScoreCommand({
  description:
    "Execute HumanEval samples {task_id, completion} exactly like openai/human-eval (prompt + completion + test + check(entry_point)), " +
    "each in a sandbox (bubblewrap namespaces + rlimits; rlimits + process groups only where bwrap is unavailable), " +
    "write <samples>_results.jsonl (never overwriting without --force) and print pass@k. Exit 0: scored; 2: unusable arguments, files or sandbox.",
  usage:
    "workbench score humaneval --samples <samples.jsonl> [--problems FILE] [--k 1,10,100] [--timeout 3] [--out FILE] [--json] [--extract] [--sandbox auto|bwrap|basic] [--python PATH] [--force]",
  examples: [
    "workbench score humaneval --samples samples.jsonl",
    "workbench score humaneval --samples chat_answers.jsonl --extract --k 1 --json",
    "workbench score humaneval --samples samples.jsonl --problems HumanEvalPlus-OriginFmt.jsonl.gz --timeout 20",
    "workbench score humaneval --samples samples.jsonl --python ~/venvs/he/bin/python   # an interpreter with numpy/sympy",
  ],
  flags: {
    samples: { type: "string", required: true, description: "Samples {task_id, completion} (JSONL, optionally .gz)", valueHint: "file" },
    problems: { type: "string", description: "Problems file in human-eval's format (default: the humaneval asset)", valueHint: "file" },
    k: { type: "string", default: "1,10,100", description: "pass@k values to report (each only if every task has >= k samples)", valueHint: "list" },
    timeout: { type: "string", default: "3", description: "Time limit per program, seconds", valueHint: "s" },
    out: { type: "string", description: "Results file (default: <samples>_results.jsonl)", valueHint: "file" },
    json: { type: "boolean", description: 'Print only {"pass@1": ...} on stdout' },
    extract: { type: "boolean", description: "Treat completion (or response) as a raw chat answer: extract the code first" },
    sandbox: { type: "string", default: "auto", description: "auto (bwrap if it works, else basic with a warning), bwrap, or basic", valueHint: "mode" },
    python: { type: "string", description: "Interpreter for the samples, e.g. a venv's bin/python (else WORKBENCH_PYTHON, else /usr/bin/python3, else python3 on PATH)", valueHint: "path" },
    workers: { type: "string", description: "Concurrent sandboxes (default: one per CPU)", valueHint: "n" },
    memory: { type: "string", description: "Memory cap per program, MiB (default 1024)", valueHint: "MiB" },
    force: { type: "boolean", description: "Overwrite an existing results file" },
    dataDir: { type: "string", description: "Directory holding <dataset>/<file> copies of the data assets (else WORKBENCH_DATA_DIR)", valueHint: "dir" },
  },
  run: (args, io) => runScoreHumaneval(args, io),
});
