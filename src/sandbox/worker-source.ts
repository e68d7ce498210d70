// The Python sources the sandbox runs (src/sandbox/*.py), found both when running from src/ (tsx)
// and from the compiled dist/src/sandbox/. They are passed to the interpreter on its command line
// (the worker with -c, the warm-up program as an argument), so the sandbox needs no view of this
// repository.
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";

const sources = new Map<string, string>();

function pythonSource(name: string): string {
  const cached = sources.get(name);
  if (cached !== undefined) return cached;
  const candidates = [new URL(`./${name}`, import.meta.url), new URL(`../../../src/sandbox/${name}`, import.meta.url)];
  for (const url of candidates) {
    try {
      const text = readFileSync(url, "utf8");
      sources.set(name, text);
      return text;
    } catch {
      /* try the next place */
    }
  }
  throw new Error(`sandbox script ${name} not found (looked for ${candidates.map((u) => fileURLToPath(u)).join(" and ")})`);
}

/** The worker: supervisor, zygote and child (worker.py). */
export function workerSource(): string {
  return pythonSource("worker.py");
}

/** The program the zygote warms itself up with (warm-up.py). */
export function warmUpSource(): string {
  return pythonSource("warm-up.py");
}
