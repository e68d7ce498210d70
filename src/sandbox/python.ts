// Find the Python interpreter that runs the samples, once per process.
//
// Order: an explicit path (--python / the `python` option), then WORKBENCH_PYTHON, then the system
// interpreter /usr/bin/python3 when it exists (world-readable, so that samples can run as `nobody`),
// then `python3` on PATH. The chosen command is run once to learn the real interpreter behind it (a pyenv shim costs
// ~80 ms per launch, the binary itself a few ms) and the directories it needs, which the sandbox
// mounts read-only. A virtual environment works as is: point --python at its bin/python.
import { execFile } from "node:child_process";
import { existsSync, realpathSync, statSync } from "node:fs";
import { delimiter, dirname, isAbsolute, join } from "node:path";

export class PythonNotFoundError extends Error {
  override name = "PythonNotFoundError";
}

export interface PythonInfo {
  /** Absolute path to run (a venv's bin/python is kept as is, not resolved through its symlink). */
  executable: string;
  /** e.g. "3.11.2" */
  version: string;
  /** Existing directories the interpreter reads at run time (prefixes, stdlib, site-packages). */
  dirs: string[];
}

const PROBE = [
  "import json, os, sys",
  "paths = [sys.prefix, sys.base_prefix, sys.exec_prefix, sys.base_exec_prefix] + [p for p in sys.path if p]",
  "paths.append(os.path.dirname(os.path.realpath(sys.executable)))",
  "print(json.dumps({'executable': sys.executable, 'version': sys.version.split()[0], 'paths': paths}))",
].join("\n");

const cache = new Map<string, Promise<PythonInfo>>();

function onPath(name: string): string | undefined {
  for (const dir of (process.env.PATH ?? "").split(delimiter)) {
    if (!dir) continue;
    const p = join(dir, name);
    try {
      if (statSync(p).isFile()) return p;
    } catch {
      /* not here */
    }
  }
  return undefined;
}

/** The system interpreter preferred over PATH's python3 (a pyenv or conda one is often private to its user). */
export const SYSTEM_PYTHON = "/usr/bin/python3";

/** The command the user asked for (not yet probed): option, WORKBENCH_PYTHON, /usr/bin/python3, python3 on PATH. */
export function requestedPython(explicit?: string): { command: string; from: string } {
  if (explicit) return { command: explicit, from: "--python" };
  if (process.env.WORKBENCH_PYTHON) return { command: process.env.WORKBENCH_PYTHON, from: "WORKBENCH_PYTHON" };
  if (existsSync(SYSTEM_PYTHON)) return { command: SYSTEM_PYTHON, from: "the system interpreter" };
  const found = onPath("python3");
  if (!found) throw new PythonNotFoundError("no python3 on PATH; install Python 3 or pass --python PATH (or set WORKBENCH_PYTHON)");
  return { command: found, from: "PATH" };
}

function probe(command: string, from: string): Promise<PythonInfo> {
  return new Promise((resolvePromise, reject) => {
    execFile(command, ["-I", "-c", PROBE], { timeout: 20_000, maxBuffer: 1 << 20 }, (err, stdout, stderr) => {
      if (err) {
        const why = (stderr.trim().split("\n").pop() ?? "") || err.message.split("\n")[0];
        reject(new PythonNotFoundError(`python '${command}' (from ${from}) does not run: ${why}`));
        return;
      }
      try {
        const raw = JSON.parse(stdout.trim().split("\n").pop() ?? "") as { executable: string; version: string; paths: string[] };
        const [major, minor] = raw.version.split(".").map(Number);
        if (major !== 3 || (minor ?? 0) < 8) {
          reject(new PythonNotFoundError(`python '${command}' is ${raw.version}; HumanEval needs Python 3.8 or newer`));
          return;
        }
        const exe = raw.executable && isAbsolute(raw.executable) ? raw.executable : command;
        resolvePromise({ executable: exe, version: raw.version, dirs: minimalDirs([...raw.paths, dirname(exe)]) });
      } catch {
        reject(new PythonNotFoundError(`python '${command}' (from ${from}) printed no usable answer to a version probe`));
      }
    });
  });
}

/** Existing absolute directories, each also by its real path, without those inside another one. */
export function minimalDirs(paths: string[]): string[] {
  const set = new Set<string>();
  for (const p of paths) {
    if (!p || !isAbsolute(p) || !existsSync(p)) continue;
    let dir = p;
    try {
      if (!statSync(p).isDirectory()) dir = dirname(p); // e.g. .../python311.zip
    } catch {
      continue;
    }
    set.add(dir);
    try {
      set.add(realpathSync(dir));
    } catch {
      /* keep the given one */
    }
  }
  const sorted = [...set].filter((d) => d !== "/").sort((a, b) => a.length - b.length);
  const out: string[] = [];
  for (const d of sorted) if (!out.some((o) => d === o || d.startsWith(o.endsWith("/") ? o : o + "/"))) out.push(d);
  return out;
}

/** Resolve (and cache) the interpreter for `explicit` (or WORKBENCH_PYTHON, /usr/bin/python3, python3 on PATH). */
export function resolvePython(explicit?: string): Promise<PythonInfo> {
  const { command, from } = requestedPython(explicit);
  let p = cache.get(command);
  if (!p) {
    p = probe(command, from);
    cache.set(command, p);
    p.catch(() => cache.delete(command));
  }
  return p;
}
