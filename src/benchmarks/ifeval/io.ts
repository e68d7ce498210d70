// Reading the reference's JSONL files: inputs {key, prompt, instruction_id_list, kwargs} and
// responses {prompt, response} (key optional). Lines are parsed like Python's json.loads.
// Anything that makes a file unusable raises IfevalFileError naming file, line and field.
import { readFileSync } from "node:fs";
import { parsePyJson, PyFloat, PyJsonError } from "../../pycompat/json/parse.js";
import type { IfevalInput, IfevalResponse } from "./types.js";

export class IfevalFileError extends Error {
  override name = "IfevalFileError";
}

function readLines(file: string): Array<[number, string]> {
  let text: string;
  try {
    text = readFileSync(file, "utf8");
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    throw new IfevalFileError(`${file}: cannot read (${code ?? (err as Error).message})`);
  }
  if (text.charCodeAt(0) === 0xfeff) throw new IfevalFileError(`${file}:1: starts with a byte-order mark (not valid JSON Lines)`);
  const out: Array<[number, string]> = [];
  const lines = text.split("\n");
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!;
    if (line.trim() !== "") out.push([i + 1, line]);
  }
  return out;
}

/** A float literal (or NaN/Infinity) may be present outside strings: then read the line like Python does. */
const MAYBE_PY_FLOAT = /[:[,]\s*-?(?:[0-9]+(?:\.[0-9]|[eE])|NaN|Infinity)/;

function fastParse(line: string): unknown {
  try {
    return JSON.parse(line);
  } catch {
    return parsePyJson(line); // Python's reading, and its error position
  }
}

function parseObject(file: string, lineNo: number, line: string): Record<string, unknown> {
  let v: unknown;
  try {
    v = MAYBE_PY_FLOAT.test(line) ? parsePyJson(line) : fastParse(line);
  } catch (err) {
    const msg = err instanceof PyJsonError ? err.message : String(err);
    throw new IfevalFileError(`${file}:${lineNo}: invalid JSON (${msg})`);
  }
  if (v === null || typeof v !== "object" || Array.isArray(v)) throw new IfevalFileError(`${file}:${lineNo}: expected a JSON object per line`);
  return v as Record<string, unknown>;
}

function field(file: string, lineNo: number, obj: Record<string, unknown>, name: string, what: string, ok: (v: unknown) => boolean): unknown {
  if (!(name in obj)) throw new IfevalFileError(`${file}:${lineNo}: missing field "${name}" (${what})`);
  const v = obj[name];
  if (!ok(v)) throw new IfevalFileError(`${file}:${lineNo}: field "${name}" must be ${what}`);
  return v;
}

const isKey = (v: unknown): boolean => typeof v === "number" || typeof v === "string" || v instanceof PyFloat;
const keyOf = (v: unknown): number | string => (v instanceof PyFloat ? v.value : (v as number | string));

/** Input records; instruction_id_list/kwargs shape problems are left to per-record errors. */
export function loadIfevalInputs(file: string): IfevalInput[] {
  return readLines(file).map(([n, line]) => {
    const o = parseObject(file, n, line);
    return {
      key: keyOf(field(file, n, o, "key", "a number or string", isKey)),
      prompt: field(file, n, o, "prompt", "a string", (v) => typeof v === "string") as string,
      // Shape problems here are per-record errors (the reference crashes on that record only).
      instruction_id_list: o.instruction_id_list as string[],
      kwargs: o.kwargs as Array<Record<string, unknown>>,
    };
  });
}

/** Response records; a non-string response is kept and reported per record when scored. */
export function loadIfevalResponses(file: string): IfevalResponse[] {
  return readLines(file).map(([n, line]) => {
    const o = parseObject(file, n, line);
    const r: IfevalResponse = {
      prompt: field(file, n, o, "prompt", "a string", (v) => typeof v === "string") as string,
      response: field(file, n, o, "response", "a string", () => true) as string,
    };
    if ("key" in o && o.key !== null) {
      if (!isKey(o.key)) throw new IfevalFileError(`${file}:${n}: field "key" must be a number or string`);
      r.key = keyOf(o.key);
    }
    return r;
  });
}
