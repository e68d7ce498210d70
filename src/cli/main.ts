// Entry point: dispatches `workbench <command> [subcommand]` to lazily loaded command modules,
// so that start-up only pays for the command being run.
import { pathToFileURL } from "node:url";
import { scorableBenchmarks } from "../benchmarks/registry.js";
import { runCommand, type CommandDef } from "./command.js";
import { workbenchVersion } from "../util/version.js";
import { printable } from "../util/printable.js";

/**
 * Command table: each command is a module under ./commands/ exporting `default defineCommand(...)`;
 * `score` is the one group, its subcommands being the benchmarks with an offline scorer (the registry's).
 */
export const COMMANDS: Record<string, { summary: string; module: string }> = {
  eval: { summary: "Run benchmarks against a model server (or a model file) and save results under evals/", module: "eval" },
  list: { summary: "List the benchmarks with dataset size, protocol, defaults and requests per run", module: "list" },
  score: { summary: "Score saved responses offline: workbench score <benchmark> (one line per benchmark below)", module: "score" },
  merge: { summary: "Merge the results of `eval --shard I/N` runs into the one result of the whole run", module: "merge" },
  sweep: { summary: "Evaluate every variant of a quantization ladder and compare each with the baseline, in one command", module: "sweep" },
  compare: { summary: "Compare result files with paired statistics (is the quantized model worse?)", module: "compare" },
  inspect: { summary: "Show what the tool knows about a model path (format, quantization, fingerprint) and the GPU", module: "inspect" },
  "build-llama": { summary: "Build llama-server, llama-perplexity and llama-quantize from the bundled llama.cpp source into the cache", module: "build-llama" },
  assets: { summary: "List data assets and where each resolves (data dir, cache, or download)", module: "assets" },
};

/** The help rows: `score` is shown as one row per scorable benchmark. */
function helpRows(): Array<[string, string]> {
  return Object.entries(COMMANDS).flatMap(([k, c]): Array<[string, string]> =>
    k === "score" ? scorableBenchmarks().map((b): [string, string] => [`score ${b.name}`, b.summary]) : [[k, c.summary]],
  );
}

function topHelp(): string {
  const rows = helpRows();
  const width = Math.max(...rows.map(([k]) => k.length));
  const lines = [
    "workbench — how much accuracy did this model lose when it was quantized?",
    "",
    "Usage: workbench <command> [options]     (workbench <command> --help for details)",
    "",
    "Commands:",
    ...rows.map(([k, summary]) => `  ${k.padEnd(width)}  ${summary}`),
    "",
    "Global: --data-dir DIR (or WORKBENCH_DATA_DIR) points at local copies of the datasets.",
  ];
  return lines.join("\n") + "\n";
}

export async function main(argv: string[]): Promise<number> {
  if (argv.length === 0 || argv[0] === "--help" || argv[0] === "-h" || argv[0] === "help") {
    process.stdout.write(topHelp());
    return 0;
  }
  if (argv[0] === "--version" || argv[0] === "-v") {
    process.stdout.write(workbenchVersion() + "\n");
    return 0;
  }
  const key = argv[0]!;
  const entry = COMMANDS[key];
  if (!entry) {
    process.stderr.write(`workbench: unknown command '${key}' (run \`workbench --help\` for the list)\n`);
    return 2;
  }
  let mod: { default?: CommandDef<any>; runScore?: (argv: string[]) => Promise<number> };
  try {
    mod = (await import(`./commands/${entry.module}.js`)) as typeof mod;
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === "ERR_MODULE_NOT_FOUND" && String((err as Error).message).includes(`commands/${entry.module}.js`)) {
      process.stderr.write(`workbench: command '${key}' is not available in this build\n`);
      return 2;
    }
    throw err;
  }
  if (mod.runScore) return mod.runScore(argv.slice(1));
  return runCommand(mod.default!, argv.slice(1));
}

// Run directly from the sources (`node --import tsx src/cli/main.ts ...`); bin/workbench.js runs the build.
if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  main(process.argv.slice(2)).then(
    (code) => {
      process.exitCode = code;
    },
    (err: unknown) => {
      process.stderr.write(`workbench: ${printable(err instanceof Error ? err.message : String(err), { oneLine: true })}\n`);
      process.exitCode = 1;
    },
  );
}
