// Entry point: dispatches `workbench <command> [subcommand]` to lazily loaded command modules,
// so that start-up only pays for the command being run.
import { pathToFileURL } from "node:url";
import { runCommand, type CommandDef } from "./command.js";
import { workbenchVersion } from "../util/version.js";

/** Command table: each command is a module under ./commands/ exporting `default defineCommand(...)`. */
export const COMMANDS: Record<string, { summary: string; module: string }> = {
  eval: { summary: "Run benchmarks against a model server (or a model file) and save results under evals/", module: "eval" },
  "score ifeval": { summary: "Score saved IFEval responses exactly like Google's reference", module: "score-ifeval" },
  "score humaneval": { summary: "Execute HumanEval samples in the sandbox and report pass@k", module: "score-humaneval" },
  "score gsm8k": { summary: "Score saved GSM8K answers (strict and flexible match)", module: "score-gsm8k" },
  "score mmlu": { summary: "Score saved MMLU answers (letter extraction)", module: "score-mmlu" },
  "score truthfulqa-mc1": { summary: "Score saved TruthfulQA MC1 letter answers", module: "score-truthfulqa" },
  compare: { summary: "Compare result files with paired statistics (is the quantized model worse?)", module: "compare" },
  inspect: { summary: "Show what the tool knows about a model path (format, quantization, fingerprint) and the GPU", module: "inspect" },
  assets: { summary: "List data assets and where each resolves (data dir, cache, or download)", module: "assets" },
};

function topHelp(): string {
  const width = Math.max(...Object.keys(COMMANDS).map((k) => k.length));
  const lines = [
    "workbench — how much accuracy did this model lose when it was quantized?",
    "",
    "Usage: workbench <command> [options]     (workbench <command> --help for details)",
    "",
    "Commands:",
    ...Object.entries(COMMANDS).map(([k, c]) => `  ${k.padEnd(width)}  ${c.summary}`),
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
  const two = argv.length >= 2 ? `${argv[0]} ${argv[1]}` : "";
  const key = two in COMMANDS ? two : argv[0]!;
  const entry = COMMANDS[key];
  if (!entry) {
    const group = Object.keys(COMMANDS).filter((k) => k.startsWith(argv[0] + " "));
    const hint = group.length ? ` (expected one of: ${group.join(", ")})` : " (run `workbench --help` for the list)";
    process.stderr.write(`workbench: unknown command '${argv.slice(0, 2).join(" ")}'${hint}\n`);
    return 2;
  }
  let mod: { default: CommandDef<any> };
  try {
    mod = (await import(`./commands/${entry.module}.js`)) as { default: CommandDef<any> };
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === "ERR_MODULE_NOT_FOUND" && String((err as Error).message).includes(`commands/${entry.module}.js`)) {
      process.stderr.write(`workbench: command '${key}' is not available in this build\n`);
      return 2;
    }
    throw err;
  }
  return runCommand(mod.default, argv.slice(key.split(" ").length));
}

// Run directly from the sources (`node --import tsx src/cli/main.ts ...`); bin/workbench.js runs the build.
if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  main(process.argv.slice(2)).then(
    (code) => {
      process.exitCode = code;
    },
    (err: unknown) => {
      process.stderr.write(`workbench: ${err instanceof Error ? err.message : String(err)}\n`);
      process.exitCode = 1;
    },
  );
}
