/**
 * Regex building blocks that reproduce Python 3.11 `re` semantics for str
 * patterns (Unicode-aware) inside JavaScript `u`-flag regular expressions.
 *
 * - `\s` in Python = `str.isspace()`: Unicode White_Space plus U+001C..U+001F
 *   and U+0085, but not U+180E / U+200B / U+FEFF.
 * - `\w` in Python = `str.isalnum()` or `_` = letters and numbers of any kind.
 * - `\d` in Python = decimal digits (category Nd).
 * - `[^\W\d]` = `\w` minus `\d`.
 * - `\b` is Unicode-aware in Python; JS `\b` is ASCII-only, so boundaries are
 *   written as lookarounds on `PY_W`.
 */

import { WS_CLASS_BODY as PY_WS_BODY, isPySpace } from "../py/chars.js";

export { pyStrip, pySplit } from "../py/str.js";

/** Python `\s`. */
export const PY_WS = `[${PY_WS_BODY}]`;
/** Python `\S`. */
export const PY_NWS = `[^${PY_WS_BODY}]`;
/** Python `\w`. */
export const PY_W = "[\\p{L}\\p{N}_]";
/** Python `\d`. */
export const PY_D = "\\p{Nd}";
/** Python `[^\W\d]` (word characters that are not decimal digits). */
export const PY_ALPHA = "[\\p{L}\\p{Nl}\\p{No}_]";

/**
 * Python `$` outside MULTILINE mode: end of string, or just before a final
 * newline. Only valid in a JS regex built WITHOUT the `m` flag.
 */
export const PY_END = "(?=\\n?$)";

/**
 * A class matching what Python's IGNORECASE (Unicode) matches for one ASCII
 * letter: both cases plus the special folds `İ`/`ı` for i, `ſ` for s and the
 * Kelvin sign for k. Non-letters are returned escaped as-is.
 */
export function pyIgnoreCaseChar(ch: string): string {
  const lower = ch.toLowerCase();
  if (!/^[a-z]$/.test(lower)) {
    return ch.replace(/[\\^$.*+?()[\]{}|/]/g, "\\$&");
  }
  const extra = lower === "i" ? "\\u0130\\u0131" : lower === "s" ? "\\u017f" : lower === "k" ? "\\u212a" : "";
  return `[${lower}${lower.toUpperCase()}${extra}]`;
}

/** `pyIgnoreCaseChar` applied to every character of a literal word. */
export function pyIgnoreCase(word: string): string {
  let out = "";
  for (const ch of word) out += pyIgnoreCaseChar(ch);
  return out;
}

/** Length of `s.rstrip()` in UTF-16 units (Python whitespace set). */
export function pyRstripLength(s: string): number {
  let end = s.length;
  while (end > 0 && isPySpace(s.charCodeAt(end - 1))) end--;
  return end;
}

/** True when `s.strip()` would be non-empty in Python. */
export function hasNonPySpace(s: string): boolean {
  for (let i = 0; i < s.length; i++) {
    if (!isPySpace(s.charCodeAt(i))) return true;
  }
  return false;
}
