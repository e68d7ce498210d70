// An auto-started model server process: spawned in its own process group, output to a log file,
// health-polled until ready, and torn down (whole process tree) on success, error, Ctrl-C or SIGTERM.
// It knows nothing of engines: it is handed the command line and the health path (engines.ts).
import { spawn, execFile, type ChildProcess } from "node:child_process";
import { openSync, closeSync, readFileSync } from "node:fs";
import { dirname } from "node:path";
import { ensureDir } from "../util/ensure-dir.js";

export class ServerStartError extends Error {
  override name = "ServerStartError";
}

/** How to start one server and tell that it is ready. */
export interface ServerLaunch {
  /** Executable (looked up on PATH unless it holds a `/`). */
  command: string;
  args: string[];
  env?: Record<string, string>;
  /** Path polled until it answers 200. */
  healthPath: string;
  /** Arguments that print the version. */
  versionArgs: string[];
  /** Longest wait for health, ms. */
  startTimeoutMs: number;
}

export interface ManagedServer {
  baseUrl: string;
  pid: number;
  /** The exact command line, for the results' server block. */
  commandLine: string[];
  version: string | null;
  logFile: string;
  /** Settles when the server exits without being stopped by `stop()` (crashed, killed): how it ended. */
  lost: Promise<string>;
  stop(): Promise<void>;
}

export interface StartOptions {
  /** Names the server in error messages (the engine, e.g. "llama-server"). */
  name: string;
  launch: ServerLaunch;
  /** The port the launch's command line makes it listen on (127.0.0.1). */
  port: number;
  logFile: string;
  /** Overrides the launch's health wait. */
  startTimeoutMs?: number;
  /** Grace period between SIGTERM and SIGKILL, ms. */
  killGraceMs?: number;
  /** Run once healthy, before the server is handed back; a throw stops the server. */
  afterStart?: () => Promise<void>;
}

const live = new Set<ChildProcess>();
let hooksInstalled = false;

/** Kill every live server's process group synchronously (used from exit/signal hooks). */
function killAllNow(): void {
  for (const c of live) {
    try {
      process.kill(-c.pid!, "SIGKILL");
    } catch {
      /* already gone */
    }
  }
  live.clear();
}

function installHooks(): void {
  if (hooksInstalled) return;
  hooksInstalled = true;
  process.on("exit", killAllNow);
  for (const sig of ["SIGINT", "SIGTERM", "SIGHUP"] as const) {
    process.on(sig, () => {
      killAllNow();
      // Nobody else handles this signal: keep its default meaning (exit 128 + signal number).
      if (process.listenerCount(sig) === 1) process.exit(128 + (sig === "SIGINT" ? 2 : sig === "SIGTERM" ? 15 : 1));
    });
  }
}

export function tailLines(file: string, n: number): string {
  try {
    const lines = readFileSync(file, "utf8").split(/\r?\n/).filter((l) => l.trim() !== "");
    return lines.slice(-n).join("\n");
  } catch {
    return "";
  }
}

function queryVersion(launch: ServerLaunch): Promise<string | null> {
  return new Promise((resolve) => {
    execFile(launch.command, launch.versionArgs, { timeout: 15_000, encoding: "utf8" }, (err, stdout, stderr) => {
      const text = `${stdout ?? ""}\n${stderr ?? ""}`.split(/\r?\n/).map((l) => l.trim()).filter(Boolean);
      if (err && !text.length) return resolve(null);
      const v = text.find((l) => /version/i.test(l)) ?? text[0];
      resolve(v ?? null);
    });
  });
}

async function healthy(url: string): Promise<boolean> {
  try {
    const res = await fetch(url, { signal: AbortSignal.timeout(2000) });
    await res.arrayBuffer();
    return res.status === 200;
  } catch {
    return false;
  }
}

function stopChild(child: ChildProcess, graceMs: number): Promise<void> {
  return new Promise((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) {
      // The leader is gone; its group may not be.
      try {
        process.kill(-child.pid!, "SIGKILL");
      } catch {
        /* none left */
      }
      live.delete(child);
      return resolve();
    }
    const timer = setTimeout(() => {
      try {
        process.kill(-child.pid!, "SIGKILL");
      } catch {
        /* gone */
      }
    }, graceMs);
    child.once("exit", () => {
      clearTimeout(timer);
      try {
        process.kill(-child.pid!, "SIGKILL"); // stragglers in the group
      } catch {
        /* none */
      }
      live.delete(child);
      resolve();
    });
    try {
      process.kill(-child.pid!, "SIGTERM");
    } catch {
      clearTimeout(timer);
      live.delete(child);
      resolve();
    }
  });
}

export async function startManagedServer(opts: StartOptions): Promise<ManagedServer> {
  const { launch, name } = opts;
  ensureDir(dirname(opts.logFile));
  const fd = openSync(opts.logFile, "a");
  installHooks();
  let child: ChildProcess;
  try {
    child = spawn(launch.command, launch.args, {
      detached: true, // own process group: teardown kills the whole tree
      stdio: ["ignore", fd, fd],
      env: { ...process.env, ...launch.env },
    });
  } finally {
    closeSync(fd);
  }
  const spawnError = new Promise<Error>((resolve) => child.once("error", resolve));
  const exited = new Promise<string>((resolve) => child.once("exit", (code, sig) => resolve(sig ? `signal ${sig}` : `exit code ${code}`)));
  if (child.pid === undefined) {
    const e = await spawnError;
    const missing = (e as NodeJS.ErrnoException).code === "ENOENT";
    throw new ServerStartError(missing ? `${launch.command} not found on PATH (needed for --engine ${name})` : `could not start ${launch.command}: ${e.message}`);
  }
  live.add(child);
  const baseUrl = `http://127.0.0.1:${opts.port}`;
  const graceMs = opts.killGraceMs ?? 10_000;
  let stopping = false;
  const stop = () => {
    stopping = true;
    return stopChild(child, graceMs);
  };
  const deadline = Date.now() + (opts.startTimeoutMs ?? launch.startTimeoutMs);
  let outcome: string | null = null;
  void exited.then((how) => (outcome = how));
  try {
    for (;;) {
      if (outcome) throw new ServerStartError(`${name} exited during start-up (${outcome}); last lines of ${opts.logFile}:\n${tailLines(opts.logFile, 15)}`);
      if (await healthy(baseUrl + launch.healthPath)) break;
      if (Date.now() > deadline) throw new ServerStartError(`${name} did not become healthy within ${Math.round((opts.startTimeoutMs ?? launch.startTimeoutMs) / 1000)} s; last lines of ${opts.logFile}:\n${tailLines(opts.logFile, 15)}`);
      await new Promise((r) => setTimeout(r, 200));
    }
    await opts.afterStart?.();
  } catch (err) {
    await stop();
    throw err;
  }
  const lost = new Promise<string>((resolve) => void exited.then((how) => !stopping && resolve(how)));
  return { baseUrl, pid: child.pid, commandLine: [launch.command, ...launch.args], version: await queryVersion(launch), logFile: opts.logFile, lost, stop };
}
