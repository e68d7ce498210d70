// Shared by the HumanEval tests: where the shared datasets are, which interpreter to use, JSONL reading.
import { readFileSync } from "node:fs";
import path from "node:path";
import { gunzipSync } from "node:zlib";
import { DATA_DIR } from "../helpers/data-dir.js";

export { DATA_DIR } from "../helpers/data-dir.js";
export const HE_DIR = path.join(DATA_DIR, "humaneval");
export const SAMPLES_DIR = path.join(HE_DIR, "samples");
/** undefined = the library's own default (WORKBENCH_PYTHON, else python3 on PATH). */
export const PYTHON = process.env.WORKBENCH_PYTHON || undefined;

export function readJsonlSync<T = Record<string, unknown>>(file: string): T[] {
  const buf = readFileSync(file);
  const text = file.endsWith(".gz") ? gunzipSync(buf).toString("utf8") : buf.toString("utf8");
  return text
    .split("\n")
    .filter((l) => l.trim() !== "")
    .map((l) => JSON.parse(l) as T);
}
