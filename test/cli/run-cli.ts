// The CLI in a child process with a deadline: a hang (the failure some of these tests guard
// against) ends the child and fails the test instead of stalling the suite.
import { exitOf, spawnCli } from "../fakes/spawn-cli.js";
import { DATA_DIR } from "../helpers/data-dir.js";

export interface CliRun {
  code: number | null;
  stdout: string;
  stderr: string;
  /** The child was still running at the deadline and was killed. */
  hung: boolean;
}

export async function runCli(args: string[], env: Record<string, string> = {}, deadlineMs = 30_000): Promise<CliRun> {
  const child = spawnCli(args, { WORKBENCH_DATA_DIR: DATA_DIR, ...env });
  let hung = false;
  const timer = setTimeout(() => {
    hung = true;
    child.kill("SIGKILL");
  }, deadlineMs);
  const r = await exitOf(child);
  clearTimeout(timer);
  return { code: r.code, stdout: r.stdout, stderr: r.stderr, hung };
}
