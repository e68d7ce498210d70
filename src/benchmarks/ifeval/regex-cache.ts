// Python regexes built from kwargs (keywords, forbidden words, markers, section splitters), cached
// by pattern and flags. A pattern Python's re.compile rejects raises a per-record error when the
// check reaches it (exactly where the reference would raise); so does one the port cannot
// reproduce faithfully.
import { compilePy, PyRegexError, type PyPattern } from "../../pycompat/py/re.js";
import { IfevalRecordError } from "./types.js";

/** What the keyword checkers need from a compiled pattern. */
export interface Matcher {
  search(text: string): boolean;
  findallCount(text: string): number;
}

const cache = new Map<string, PyPattern | PyRegexError>();

export function pyRegex(pattern: string, ignoreCase: boolean, multiline: boolean, id: string): PyPattern {
  const key = `${ignoreCase ? "i" : "-"}${multiline ? "m" : "-"}${pattern}`;
  let hit = cache.get(key);
  if (hit === undefined) {
    try {
      hit = compilePy(pattern, { ignoreCase, multiline });
    } catch (err) {
      if (!(err instanceof PyRegexError)) throw err;
      hit = err;
    }
    if (cache.size > 10_000) cache.clear();
    cache.set(key, hit);
  }
  if (hit instanceof PyRegexError) {
    const what =
      hit.kind === "unsupported"
        ? `is valid in Python but cannot be reproduced exactly here (${hit.msg})`
        : `is rejected by Python's re (${hit.kind === "re.error" ? hit.pyText : `${hit.kind}: ${hit.pyText}`})`;
    throw new IfevalRecordError(`${id}: regular expression ${JSON.stringify(pattern)} ${what}`);
  }
  return hit;
}

/** re.search/findall(word, text, IGNORECASE), or with `\b` on both sides when `boundaries`. */
export function ignoreCaseMatcher(word: string, boundaries: boolean, id: string): Matcher {
  return pyRegex(boundaries ? "\\b" + word + "\\b" : word, true, false, id);
}
