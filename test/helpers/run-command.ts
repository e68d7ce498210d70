// Run a CLI command in process with captured stdout/stderr (what a user would see), returning the exit code.
import { PassThrough } from "node:stream";
import { runCommand, type CommandDef } from "../../src/cli/command.js";

export async function runCaptured(cmd: unknown, argv: string[]): Promise<{ code: number; out: string; err: string }> {
  const stdout = new PassThrough();
  const stderr = new PassThrough();
  let out = "";
  let err = "";
  stdout.on("data", (d: Buffer) => (out += d.toString()));
  stderr.on("data", (d: Buffer) => (err += d.toString()));
  const code = await runCommand(cmd as CommandDef, argv, { stdout, stderr });
  return { code, out, err };
}
