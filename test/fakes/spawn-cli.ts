// Spawn the real CLI in a child process: `node bin/workbench.js` when the tests run compiled,
// the TypeScript entry under tsx when they run from sources.
import { spawn, type ChildProcess } from "node:child_process";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { DATA_DIR } from "../helpers/data-dir.js";

const fromSources = import.meta.url.endsWith(".ts");
const root = fileURLToPath(new URL(fromSources ? "../../" : "../../../", import.meta.url));

/** The child reads the datasets from the tests' data dir (never a download) unless `env` says otherwise. */
export function spawnCli(args: string[], env: Record<string, string>): ChildProcess {
  const cmd = fromSources ? ["--import", "tsx", fileURLToPath(new URL("./cli-entry.ts", import.meta.url))] : [join(root, "bin", "workbench.js")];
  return spawn(process.execPath, [...cmd, ...args], { cwd: root, env: { ...process.env, WORKBENCH_DATA_DIR: DATA_DIR, ...env }, stdio: ["ignore", "pipe", "pipe"] });
}

export function exitOf(child: ChildProcess): Promise<{ code: number | null; signal: NodeJS.Signals | null; stdout: string; stderr: string }> {
  let stdout = "";
  let stderr = "";
  child.stdout?.on("data", (d: Buffer) => (stdout += d.toString()));
  child.stderr?.on("data", (d: Buffer) => (stderr += d.toString()));
  return new Promise((resolve) => child.once("exit", (code, signal) => resolve({ code, signal, stdout, stderr })));
}
