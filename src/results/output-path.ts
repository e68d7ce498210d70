// Checks that an output directory or file given on the command line can be written, before any
// work starts: one line naming the flag and the path, raised as a usage error (exit 2).
import { accessSync, constants, statSync, type Stats } from "node:fs";
import { dirname, resolve, sep } from "node:path";
import { UsageError } from "../util/usage-error.js";

/** Kernel pseudo file systems: nothing a user asks for can be created there. */
const PSEUDO_ROOTS = ["/proc", "/sys"];

function statOrNull(p: string): Stats | null {
  try {
    return statSync(p);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === "ENOENT") return null;
    if (code === "ENOTDIR") return null; // a level above is a file; found while walking up
    throw err;
  }
}

function writable(p: string): string | null {
  try {
    accessSync(p, constants.W_OK | constants.X_OK);
    return null;
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    return code === "EROFS" ? "is on a read-only file system" : "is not writable";
  }
}

/** Why `dir` cannot be used (or created) as an output directory, or null when it can. */
export function outputDirProblem(dir: string): string | null {
  const abs = resolve(dir);
  const pseudo = PSEUDO_ROOTS.find((r) => abs === r || abs.startsWith(r + sep));
  if (pseudo) return `is under ${pseudo}, which cannot hold files`;
  let p = abs;
  let st = statOrNull(p);
  while (!st) {
    const parent = dirname(p);
    if (parent === p) return "cannot be created (no existing parent directory)";
    p = parent;
    st = statOrNull(p);
  }
  if (!st.isDirectory()) return p === abs ? "is a file, not a directory" : `cannot be created: ${p} is a file, not a directory`;
  const w = writable(p);
  if (w) return p === abs ? w : `cannot be created: ${p} ${w}`;
  return null;
}

/** Throw a UsageError (`<command>: <flag> <dir>: ...`) unless `dir` is, or can be created as, a writable directory. */
export function checkOutputDir(command: string, flag: string, dir: string): void {
  const why = outputDirProblem(dir);
  if (why) throw new UsageError(`${command}: ${flag} ${dir}: ${why}`);
}

/**
 * Throw a UsageError unless `file` can be written: its directory is (or can be created as) a
 * writable directory, it is not a directory itself, and it does not exist unless `force`.
 */
export function checkOutputFile(command: string, flag: string, file: string, opts: { force?: boolean } = {}): void {
  const abs = resolve(file);
  const dirWhy = outputDirProblem(dirname(abs));
  if (dirWhy) throw new UsageError(`${command}: ${flag} ${file}: its directory ${dirname(file)} ${dirWhy}`);
  const st = statOrNull(abs);
  if (st?.isDirectory()) throw new UsageError(`${command}: ${flag} ${file}: is a directory, expected a file name`);
  if (st && !opts.force) throw new UsageError(`${command}: ${file} already exists; pass --force to replace it`);
}
