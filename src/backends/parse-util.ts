// Small shape checks shared by the protocol parsers (they throw ResponseFormatError of kind "shape":
// another API's answer, not retried).
import { ResponseFormatError } from "./errors.js";
import type { TokenUsage } from "./types.js";

export type Json = Record<string, unknown>;

export function isObject(v: unknown): v is Json {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

export function expectObject(v: unknown, what: string): Json {
  if (!isObject(v)) throw new ResponseFormatError(`${what}: expected a JSON object, got ${v === null ? "null" : Array.isArray(v) ? "an array" : typeof v}`);
  return v;
}

/** `choices` of an OpenAI-style response, ordered by their `index`. */
export function expectChoices(json: unknown, what: string): Json[] {
  const o = expectObject(json, what);
  const choices = o.choices;
  if (!Array.isArray(choices) || choices.length === 0) throw new ResponseFormatError(`${what}: expected a non-empty 'choices' array`);
  const out = choices.map((c, i) => expectObject(c, `${what}: choices[${i}]`));
  if (out.every((c) => typeof c.index === "number")) out.sort((a, b) => (a.index as number) - (b.index as number));
  return out;
}

export function finishReason(v: unknown): string | null {
  return typeof v === "string" ? v : null;
}

export function openAiUsage(json: Json): TokenUsage | undefined {
  const u = json.usage;
  if (!isObject(u)) return undefined;
  const p = u.prompt_tokens;
  const c = u.completion_tokens;
  if (typeof p !== "number" || typeof c !== "number") return undefined;
  return { prompt_tokens: p, completion_tokens: c };
}

/** Build a token → logprob record from [{token, logprob}] entries (OpenAI chat) ignoring malformed ones. */
export function logprobRecord(entries: unknown, tokenField = "token", logprobField = "logprob"): Record<string, number> | undefined {
  if (!Array.isArray(entries)) return undefined;
  const out: Record<string, number> = {};
  for (const e of entries) {
    if (!isObject(e)) continue;
    const t = e[tokenField];
    const l = e[logprobField];
    if (typeof t === "string" && typeof l === "number" && !(t in out)) out[t] = l;
  }
  return Object.keys(out).length ? out : undefined;
}
