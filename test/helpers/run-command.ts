// Run a CLI command in process with captured stdout/stderr (what a user would see), returning the exit code.
import { PassThrough } from "node:stream";
import { runCommand, type CommandDef } from "../../src/cli/command.js";
import { runScore } from "../../src/cli/commands/score.js";

export interface Captured {
  code: number;
  out: string;
  err: string;
}

function capture(): { io: { stdout: PassThrough; stderr: PassThrough }; result(code: number): Captured } {
  const stdout = new PassThrough();
  const stderr = new PassThrough();
  let out = "";
  let err = "";
  stdout.on("data", (d: Buffer) => (out += d.toString()));
  stderr.on("data", (d: Buffer) => (err += d.toString()));
  return { io: { stdout, stderr }, result: (code) => ({ code, out, err }) };
}

/** Run anything that writes to a stdout/stderr pair and returns an exit code. */
export async function withCapturedIo(run: (io: { stdout: NodeJS.WritableStream; stderr: NodeJS.WritableStream }) => Promise<number>): Promise<Captured> {
  const c = capture();
  return c.result(await run(c.io));
}

export async function runCaptured(cmd: unknown, argv: string[]): Promise<Captured> {
  const c = capture();
  return c.result(await runCommand(cmd as CommandDef, argv, c.io));
}

/** `workbench score <argv...>`: the benchmark name first, then its flags. */
export async function runScoreCaptured(argv: string[]): Promise<Captured> {
  const c = capture();
  return c.result(await runScore(argv, c.io));
}
