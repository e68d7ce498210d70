// Create a directory and its missing parents, one level at a time. Node's recursive mkdir never
// returns on a path like /proc/x (mkdir says ENOENT, the parent exists, so it retries forever);
// here every missing level is created once and any failure is reported.
import { mkdirSync, statSync } from "node:fs";
import { dirname, resolve } from "node:path";

function errnoError(code: string, message: string, path: string): NodeJS.ErrnoException {
  const err = new Error(`${code}: ${message}, mkdir '${path}'`) as NodeJS.ErrnoException;
  err.code = code;
  err.path = path;
  err.syscall = "mkdir";
  return err;
}

/** `mkdir -p dir`; throws an ErrnoException (ENOTDIR when a level is a file, ENOENT/EACCES/EROFS from mkdir). */
export function ensureDir(dir: string): void {
  const missing: string[] = [];
  let p = resolve(dir);
  for (;;) {
    let isDir: boolean;
    try {
      isDir = statSync(p).isDirectory();
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code;
      if (code !== "ENOENT") throw err;
      missing.push(p);
      const parent = dirname(p);
      if (parent === p) break;
      p = parent;
      continue;
    }
    if (!isDir) throw errnoError("ENOTDIR", `${p} is a file, not a directory`, p);
    break;
  }
  for (const m of missing.reverse()) {
    try {
      mkdirSync(m);
    } catch (err) {
      // Another process may have created it meanwhile.
      if ((err as NodeJS.ErrnoException).code === "EEXIST" && statSync(m).isDirectory()) continue;
      throw err;
    }
  }
}
