// `workbench merge`: join the result files of `eval --shard I/N` runs into the one result an
// unsharded run would have written (scored again over all items from the shards' answers).
import { mergeShards, readShardFiles } from "../../runner/merge.js";
import { writeRunResults } from "../../results/write.js";
import { defineCommand } from "../command.js";

const SANDBOX_MODES = ["auto", "bwrap", "basic"] as const;

export default defineCommand({
  meta: {
    name: "merge",
    description:
      "Merge the results of `eval --shard I/N` runs (every shard once, same model, settings and dataset) into one result, " +
      "as an unsharded run would have written it: every benchmark scored again over all items from the shards' samples logs.",
    usage: "workbench merge SHARD.json SHARD.json ... [--out DIR]",
    examples: ["workbench merge evals/shards/*.json --out evals", "workbench merge shard-1.json shard-2.json shard-3.json --json"],
  },
  args: {
    out: { type: "string", description: "Output directory", default: "evals", valueHint: "dir" },
    json: { type: "boolean", description: "Print the merged result document on stdout" },
    dataDir: { type: "string", description: "Directory holding <dataset>/<file> copies (else WORKBENCH_DATA_DIR); the shards' datasets", valueHint: "dir" },
    sandbox: { type: "string", choices: SANDBOX_MODES, description: `HumanEval execution sandbox: ${SANDBOX_MODES.join("|")}`, valueHint: "mode" },
    workers: { type: "int", min: 1, max: 4096, description: "HumanEval sandbox workers (default: one per CPU, at most 32)", valueHint: "n" },
    ifevalInput: { type: "string", description: "IFEval prompts file, when the shards were run with --ifeval-input", valueHint: "file" },
    python: { type: "string", description: "Interpreter for HumanEval's samples (else WORKBENCH_PYTHON, else /usr/bin/python3, else python3 on PATH)", valueHint: "path" },
  },
  positionals: { name: "shard result files", min: 1, max: Infinity },
  async run({ args, stdout, stderr }) {
    const shards = readShardFiles(args._);
    const outcome = await mergeShards(shards, {
      dataDir: args.dataDir,
      benchmarkOptions: { ifeval: { inputFile: args.ifevalInput || undefined }, humaneval: { sandbox: args.sandbox, workers: args.workers, python: args.python } },
    });
    if (outcome.differences.length) {
      stderr.write(`workbench: merge: ${outcome.differences.length} item(s) scored differently than in their shard (first: ${outcome.differences[0]}); the merged file has the new verdicts\n`);
    }
    const written = writeRunResults(args.out, outcome.document, outcome.samplesLog);
    if (args.json) stdout.write(JSON.stringify(written.document, null, 2) + "\n");
    else {
      for (const [name, b] of Object.entries(written.document.benchmarks)) stdout.write(`${name.padEnd(10)} ${b.questions} items, overall ${b.overall_score === null ? "n/a" : b.overall_score.toFixed(4)}\n`);
      stdout.write(`merged ${shards.length} shards into ${written.resultFile}\n`);
    }
    return outcome.itemErrors ? 1 : 0;
  },
});
