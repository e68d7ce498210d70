// Reader for saved responses scored offline (`workbench score gsm8k|mmlu|truthfulqa-mc1`).
// JSONL, one object per line:
//   {"id": "gsm8k/12", "response": "...", "finish_reason": "stop"}
//   {"question": "Janet's ducks ...", "response": "..."}            (matched on the exact question text)
// Fields: `response` (string; `raw` is accepted as a synonym), one of `id` / `question` (MMLU also
// takes `subject` to narrow a question lookup), optional `finish_reason` (string|null), `error`
// (string: the request failed; the item is excluded from metrics) and, for MMLU, `first_token_logprobs`
// ({token: logprob}). `<think>…</think>` is removed from `response` before scoring.
import { readFileSync } from "node:fs";
import type { ResponseRecord } from "../types.js";
import { stripReasoning } from "../../backends/reasoning.js";

export class ResponsesFileError extends Error {
  override name = "ResponsesFileError";
}

export interface ResponseLine {
  /** 1-based line number in the file. */
  line: number;
  id?: string;
  question?: string;
  subject?: string;
  record: ResponseRecord;
  unclosedThink: boolean;
}

function optString(obj: Record<string, unknown>, key: string, where: string, nullable = false): string | undefined {
  const v = obj[key];
  if (v === undefined || (nullable && v === null)) return undefined;
  if (typeof v !== "string") throw new ResponsesFileError(`${where}: field ${key}: expected a string${nullable ? " or null" : ""}, got ${JSON.stringify(v)?.slice(0, 40)}`);
  return v;
}

function parseLogprobs(v: unknown, where: string): Record<string, number> | undefined {
  if (v === undefined || v === null) return undefined;
  if (typeof v !== "object" || Array.isArray(v)) throw new ResponsesFileError(`${where}: field first_token_logprobs: expected an object {token: logprob}`);
  for (const [k, x] of Object.entries(v as Record<string, unknown>)) {
    if (typeof x !== "number") throw new ResponsesFileError(`${where}: field first_token_logprobs.${k}: expected a number`);
  }
  return v as Record<string, number>;
}

export function parseResponsesJsonl(text: string, file: string): ResponseLine[] {
  const out: ResponseLine[] = [];
  const lines = text.split("\n");
  for (let i = 0; i < lines.length; i++) {
    const src = lines[i]!.trim();
    if (!src) continue;
    const where = `${file}:${i + 1}`;
    let obj: unknown;
    try {
      obj = JSON.parse(src);
    } catch (err) {
      throw new ResponsesFileError(`${where}: not valid JSON (${(err as Error).message.split("\n")[0]})`);
    }
    if (!obj || typeof obj !== "object" || Array.isArray(obj)) throw new ResponsesFileError(`${where}: expected a JSON object per line`);
    const o = obj as Record<string, unknown>;
    const id = optString(o, "id", where);
    const question = optString(o, "question", where);
    const subject = optString(o, "subject", where);
    const error = optString(o, "error", where, true);
    const finish = optString(o, "finish_reason", where, true);
    const key = o.response !== undefined ? "response" : o.raw !== undefined ? "raw" : "response";
    const response = optString(o, key, where, error !== undefined);
    if (response === undefined && error === undefined) throw new ResponsesFileError(`${where}: field response: missing (expected the model's reply as a string)`);
    if (id === undefined && question === undefined) throw new ResponsesFileError(`${where}: field id: missing (give "id" or "question" to name the item)`);
    const raw = response ?? "";
    const stripped = stripReasoning(raw);
    const record: ResponseRecord = { text: stripped.text, raw, finish_reason: finish ?? null };
    const lp = parseLogprobs(o.first_token_logprobs, where);
    if (lp) record.first_token_logprobs = lp;
    if (error !== undefined) record.error = error;
    out.push({ line: i + 1, id, question, subject, record, unclosedThink: stripped.unclosedThink });
  }
  return out;
}

export function readResponsesFile(file: string): ResponseLine[] {
  let text: string;
  try {
    text = readFileSync(file, "utf8");
  } catch (err) {
    throw new ResponsesFileError(`${file}: cannot read (${(err as NodeJS.ErrnoException).code ?? (err as Error).message})`);
  }
  return parseResponsesJsonl(text, file);
}
