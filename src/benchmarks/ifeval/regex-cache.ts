// Python regexes built from kwargs (keywords, forbidden words, markers, section splitters), cached
// by pattern and flags. A pattern Python's re.compile rejects raises a per-record error when the
// check reaches it (exactly where the reference would raise); so does one the port cannot
// reproduce faithfully.
//
// Fast path: the usual kwarg is a plain ASCII word or phrase. Under Python's Unicode IGNORECASE
// such a literal matches its ASCII case pair, plus U+0130/U+0131 for "i", U+212A for "k" and U+017F
// for "s" (checked against Python 3.11 for every code point), and `\b` next to a known character
// is a check of the neighbouring code point. Those are compiled directly, which is much cheaper
// than the general translation; anything else goes through compilePy.
import { compilePy, PyRegexError, type PyPattern } from "./py/re.js";
import { IfevalRecordError } from "./types.js";
import { wordAt, wordBefore } from "./word-chars.js";

/** What the keyword checkers need from a compiled pattern. */
export interface Matcher {
  search(text: string): boolean;
  findallCount(text: string): number;
}

const cache = new Map<string, PyPattern | PyRegexError>();
const literalCache = new Map<string, Matcher>();

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

/** Printable ASCII that Python's re reads literally (no metacharacters). */
const PLAIN_LITERAL = /^[ !"#%&',\-/0-9:;<=>@A-Z_`a-z~]+$/;
const FOLDS: Record<string, string> = { i: "[Ii\u0130\u0131]", k: "[Kk\u212a]", s: "[Ss\u017f]" };

function literalSource(word: string): string {
  let out = "";
  for (const ch of word) {
    const lo = ch.toLowerCase();
    out += FOLDS[lo] ?? (lo !== ch.toUpperCase() ? `[${ch.toUpperCase()}${lo}]` : ch);
  }
  return out;
}

/**
 * The folded literal as a plain (BMP-only) RegExp; `\b` is checked around each candidate by hand
 * (Python's Unicode word characters), trying every start position like the regex engine would.
 */
function literalMatcher(word: string, boundaries: boolean): Matcher {
  const re = new RegExp(literalSource(word), "g");
  const firstIsWord = wordAt(word, 0);
  const lastIsWord = wordBefore(word, word.length);
  const ok = (text: string, start: number, end: number): boolean =>
    wordBefore(text, start) !== firstIsWord && wordAt(text, end) !== lastIsWord;
  return {
    search(text) {
      re.lastIndex = 0;
      for (;;) {
        const m = re.exec(text);
        if (m === null) return false;
        if (!boundaries || ok(text, m.index, m.index + m[0].length)) return true;
        re.lastIndex = m.index + 1;
      }
    },
    findallCount(text) {
      if (boundaries) throw new Error("findallCount with boundaries is not used");
      re.lastIndex = 0;
      let n = 0;
      while (re.exec(text) !== null) n++;
      return n;
    },
  };
}

/** re.search/findall(word, text, IGNORECASE), or with `\b` on both sides when `boundaries`. */
export function ignoreCaseMatcher(word: string, boundaries: boolean, id: string): Matcher {
  if (!PLAIN_LITERAL.test(word)) return pyRegex(boundaries ? "\\b" + word + "\\b" : word, true, false, id);
  const key = (boundaries ? "b" : "-") + word;
  let m = literalCache.get(key);
  if (!m) {
    m = literalMatcher(word, boundaries);
    if (literalCache.size > 10_000) literalCache.clear();
    literalCache.set(key, m);
  }
  return m;
}
