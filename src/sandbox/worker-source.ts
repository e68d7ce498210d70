// The Python worker's source (src/sandbox/worker.py), found both when running from src/ (tsx) and
// from the compiled dist/src/sandbox/. It is passed to the interpreter with -c, so the sandbox needs
// no view of this repository.
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";

const CANDIDATES = [new URL("./worker.py", import.meta.url), new URL("../../../src/sandbox/worker.py", import.meta.url)];

let source: string | undefined;

export function workerSource(): string {
  if (source !== undefined) return source;
  for (const url of CANDIDATES) {
    try {
      source = readFileSync(url, "utf8");
      return source;
    } catch {
      /* try the next place */
    }
  }
  throw new Error(`sandbox worker script not found (looked for ${CANDIDATES.map((u) => fileURLToPath(u)).join(" and ")})`);
}
