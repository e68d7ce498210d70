// `workbench score <benchmark> ...`: one command for every benchmark whose registry entry declares
// an offline scorer; the benchmark's own flags, help and exit codes, under the name `score <benchmark>`.
import { loadScoreCommand, scorableBenchmarks } from "../../benchmarks/registry.js";
import { UsageError, defineCommand, runCommand, type ArgsDef, type CommandDef } from "../command.js";

interface Io {
  stdout: NodeJS.WritableStream;
  stderr: NodeJS.WritableStream;
}

export function scoreListing(): string {
  const list = scorableBenchmarks();
  const width = Math.max(...list.map((b) => b.name.length));
  return ["Usage: workbench score <benchmark> [options]     (workbench score <benchmark> --help for details)", "", "Benchmarks:", ...list.map((b) => `  ${b.name.padEnd(width)}  ${b.summary}`)].join("\n") + "\n";
}

export async function scoreCommandFor(name: string): Promise<CommandDef> {
  const cmd = await loadScoreCommand(name);
  return defineCommand({
    meta: { name: `score ${name}`, description: cmd.description, usage: cmd.usage, examples: cmd.examples },
    args: cmd.flags as ArgsDef,
    run: ({ args, stdout, stderr }) => cmd.run(args, { stdout, stderr }),
  });
}

/** argv after `score`: the benchmark name, then its flags. */
export async function runScore(argv: string[], io: Io = { stdout: process.stdout, stderr: process.stderr }): Promise<number> {
  const name = argv[0];
  if (name === "--help" || name === "-h") {
    io.stdout.write(scoreListing());
    return 0;
  }
  if (name === undefined || name.startsWith("-")) {
    io.stderr.write(`workbench: score: name the benchmark to score\n\n${scoreListing()}`);
    return 2;
  }
  let def: CommandDef;
  try {
    def = await scoreCommandFor(name);
  } catch (err) {
    if (err instanceof UsageError) {
      io.stderr.write(`workbench: ${err.message}\n`);
      return 2;
    }
    throw err;
  }
  return runCommand(def, argv.slice(1), io);
}
