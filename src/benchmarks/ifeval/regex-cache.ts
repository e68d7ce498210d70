// Compiled Python-semantics regexes for kwargs pasted into patterns, cached by pattern and flags.
// A pattern Python's re.compile rejects raises a per-record error when the check reaches it
// (exactly where the reference would raise).
import { compilePy, PyRegexError, type PyPattern } from "./py/re.js";
import { IfevalRecordError } from "./types.js";

const cache = new Map<string, PyPattern | string>();

export function pyRegex(pattern: string, ignoreCase: boolean, multiline: boolean, id: string): PyPattern {
  const key = `${ignoreCase ? "i" : "-"}${multiline ? "m" : "-"}${pattern}`;
  let hit = cache.get(key);
  if (hit === undefined) {
    try {
      hit = compilePy(pattern, { ignoreCase, multiline });
    } catch (err) {
      if (!(err instanceof PyRegexError)) throw err;
      hit = err.message;
    }
    if (cache.size > 10_000) cache.clear();
    cache.set(key, hit);
  }
  if (typeof hit === "string") {
    throw new IfevalRecordError(`${id}: invalid regular expression ${JSON.stringify(pattern)} (Python re: ${hit})`);
  }
  return hit;
}
