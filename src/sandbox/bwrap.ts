// The bubblewrap command line for one sandboxed worker: every namespace unshared (user, PID, network,
// IPC, UTS, cgroup), a read-only view of /usr and of the interpreter's own directories and nothing
// else from the host, private /tmp and /dev/shm tmpfs mounts of bounded size, a fresh /proc that shows
// only the sandbox's processes, a clean environment, and a sandbox that dies with its parent.
import { execFileSync } from "node:child_process";
import { lstatSync, readlinkSync, statSync } from "node:fs";
import { delimiter, join } from "node:path";
import type { PythonInfo } from "./python.js";

export interface BwrapInfo {
  path: string;
  /** bwrap >= 0.8 can forbid nested user namespaces (--disable-userns). */
  disableUserns: boolean;
}

export interface BwrapSpec {
  bwrap: BwrapInfo;
  python: PythonInfo;
  /** Size of the private /tmp, bytes. */
  tmpBytes: number;
  /** Size of the private /dev/shm, bytes. */
  shmBytes: number;
  /** Extra variables for the otherwise empty environment. */
  env: Record<string, string>;
}

/** The uid/gid the sample sees inside the sandbox ("nobody"). */
export const SANDBOX_UID = 65534;

const TOP_LEVEL = ["/bin", "/sbin", "/lib", "/lib64", "/lib32", "/libx32"];

const found = new Map<string, BwrapInfo | null>();

function describe(p: string): BwrapInfo {
  let help = "";
  try {
    help = execFileSync(p, ["--help"], { encoding: "utf8", timeout: 5000, stdio: ["ignore", "pipe", "pipe"] });
  } catch (err) {
    help = String((err as { stdout?: string }).stdout ?? "");
  }
  return { path: p, disableUserns: help.includes("--disable-userns") };
}

function isFile(p: string): boolean {
  try {
    return statSync(p).isFile();
  } catch {
    return false;
  }
}

/**
 * bwrap from WORKBENCH_BWRAP (a path; "" or "none" means: do not use bwrap), else on PATH or in
 * /usr/bin; null when absent. Cached per setting.
 */
export function findBwrap(): BwrapInfo | null {
  const setting = process.env.WORKBENCH_BWRAP;
  const key = setting === undefined ? "\0PATH" : setting;
  if (found.has(key)) return found.get(key)!;
  let info: BwrapInfo | null = null;
  if (setting !== undefined) {
    if (setting !== "" && setting !== "none" && isFile(setting)) info = describe(setting);
  } else {
    for (const dir of [...(process.env.PATH ?? "").split(delimiter), "/usr/bin", "/bin"]) {
      if (dir && isFile(join(dir, "bwrap"))) {
        info = describe(join(dir, "bwrap"));
        break;
      }
    }
  }
  found.set(key, info);
  return info;
}

function isUnder(path: string, dir: string): boolean {
  return path === dir || path.startsWith(dir + "/");
}

/** Host paths the sandbox sees, read-only: /usr, the merged-/usr links, and the interpreter's directories. */
function rootfsArgs(python: PythonInfo): string[] {
  const args = ["--ro-bind", "/usr", "/usr"];
  const symlinked: string[] = [];
  for (const p of TOP_LEVEL) {
    try {
      const st = lstatSync(p);
      if (st.isSymbolicLink()) {
        args.push("--symlink", readlinkSync(p), p);
        symlinked.push(p);
      } else if (st.isDirectory()) {
        args.push("--ro-bind", p, p);
      }
    } catch {
      /* absent on this system */
    }
  }
  args.push("--ro-bind-try", "/etc/ld.so.cache", "/etc/ld.so.cache");
  const covered = ["/usr", ...TOP_LEVEL];
  for (const dir of python.dirs) {
    if (covered.some((c) => isUnder(dir, c))) continue;
    args.push("--ro-bind", dir, dir);
  }
  return args;
}

/** Arguments for bwrap up to and including "--"; the interpreter command follows. */
export function bwrapArgs(spec: BwrapSpec): string[] {
  const args = [
    "--unshare-all",
    "--unshare-user",
    "--uid", String(SANDBOX_UID),
    "--gid", String(SANDBOX_UID),
    "--hostname", "sandbox",
    "--die-with-parent",
    "--new-session",
    "--clearenv",
  ];
  for (const [k, v] of Object.entries(spec.env)) args.push("--setenv", k, v);
  args.push(...rootfsArgs(spec.python));
  args.push(
    "--proc", "/proc",
    "--dev", "/dev",
    "--size", String(spec.tmpBytes), "--tmpfs", "/tmp",
    "--size", String(spec.shmBytes), "--tmpfs", "/dev/shm",
    "--remount-ro", "/",
    "--chdir", "/tmp",
  );
  if (spec.bwrap.disableUserns) args.push("--disable-userns");
  args.push("--");
  return args;
}
