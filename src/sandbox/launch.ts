// How to start one worker in each mode: inside bubblewrap, or as a plain process with a scrubbed
// environment, its own temporary directory and (when we are root and the interpreter allows it) the
// "nobody" user, so that a sample cannot signal or read the harness.
import { chownSync, mkdtempSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { bwrapArgs, SANDBOX_UID, type BwrapInfo } from "./bwrap.js";
import { SANDBOX_DEFAULTS } from "./config.js";
import type { PythonInfo } from "./python.js";
import type { WorkerLaunch } from "./worker-process.js";
import { warmUpSource, workerSource } from "./worker-source.js";

export interface LaunchLimits {
  memoryMiB: number;
  maxProcesses: number;
  maxFileMiB: number;
  tmpMiB: number;
  graceS: number;
}

const MiB = 1024 * 1024;

/** Variables of the otherwise empty environment the programs see. */
function sandboxEnv(home: string): Record<string, string> {
  return { PATH: "/usr/bin:/bin", HOME: home, TMPDIR: home, OMP_NUM_THREADS: "1", OPENBLAS_NUM_THREADS: "1", MKL_NUM_THREADS: "1" };
}

function workerConfig(mode: "bwrap" | "basic", tmp: string, l: LaunchLimits, dropUid?: number): string {
  return JSON.stringify({
    mode,
    tmp,
    memory: l.memoryMiB * MiB,
    nproc: l.maxProcesses,
    fsize: l.maxFileMiB * MiB,
    ...(dropUid !== undefined ? { drop_uid: dropUid } : {}),
  });
}

export interface LaunchInfo {
  launch: WorkerLaunch;
  /** A one-line warning about a weaker setup, if any. */
  note?: string;
}

/**
 * bwrap maps the sandbox's user to the uid that runs bwrap. Started by root, that is root outside,
 * and the kernel exempts root from RLIMIT_NPROC: so root starts bwrap as "nobody" when nobody can
 * read the interpreter. Otherwise the worker's own process count (polling) is the only cap.
 */
export function bwrapLaunch(bwrap: BwrapInfo, python: PythonInfo, l: LaunchLimits): LaunchInfo {
  const args = bwrapArgs({ bwrap, python, tmpBytes: l.tmpMiB * MiB, shmBytes: SANDBOX_DEFAULTS.shmMiB * MiB, env: sandboxEnv("/tmp") });
  args.push(python.executable, "-I", "-c", workerSource(), workerConfig("bwrap", "/tmp", l), warmUpSource());
  // bwrap's own environment stays visible in /proc/1/environ inside the sandbox: give it nothing.
  const launch: WorkerLaunch = { command: bwrap.path, args, env: { PATH: "/usr/bin:/bin" } };
  if (process.getuid?.() !== 0) return { launch };
  if (nobodyCanUse([...python.dirs, bwrap.path])) return { launch: { ...launch, uid: SANDBOX_UID, gid: SANDBOX_UID } };
  return {
    launch,
    note: `running as root with an interpreter that user nobody cannot read (${python.executable}): the sandbox is backed by root, so its process cap is enforced by polling only; pass --python (or set WORKBENCH_PYTHON) with a world-readable interpreter (e.g. /usr/bin/python3) or run as a normal user`,
  };
}

/** Can "nobody" read every directory of the interpreter (and pass through their parents)? */
function nobodyCanUse(paths: string[]): boolean {
  for (const dir of paths) {
    try {
      if ((statSync(dir).mode & 0o005) !== 0o005) return false;
      for (let p = dirname(dir); ; p = dirname(p)) {
        if ((statSync(p).mode & 0o001) === 0) return false;
        if (p === "/") break;
      }
    } catch {
      return false;
    }
  }
  return true;
}

export function basicLaunch(python: PythonInfo, l: LaunchLimits): LaunchInfo {
  const tmp = mkdtempSync(join(tmpdir(), "workbench-sandbox-"));
  let dropUid: number | undefined;
  let note: string | undefined;
  if (process.getuid?.() === 0) {
    if (nobodyCanUse(python.dirs)) {
      chownSync(tmp, SANDBOX_UID, SANDBOX_UID);
      dropUid = SANDBOX_UID;
    } else {
      note = `samples run as root (no process cap, full access to your files) because user nobody cannot read the interpreter's files (${python.executable}); pass --python (or set WORKBENCH_PYTHON) with a world-readable interpreter`;
    }
  }
  const launch: WorkerLaunch = {
    command: python.executable,
    args: ["-I", "-c", workerSource(), workerConfig("basic", tmp, l, dropUid), warmUpSource()],
    env: sandboxEnv(tmp),
    cwd: tmp,
    cleanup: () => {
      try {
        rmSync(tmp, { recursive: true, force: true });
      } catch {
        /* a program left something we may not delete; it is under the system temp dir */
      }
    },
  };
  return { launch, note };
}
