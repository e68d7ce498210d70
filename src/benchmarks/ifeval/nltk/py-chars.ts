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

/** Body of a character class for Python's `\s` (use inside `[...]`). */
export const PY_WS_BODY = "\\t-\\r\\x1c-\\x20\\x85\\xa0\\u1680\\u2000-\\u200a\\u2028\\u2029\\u202f\\u205f\\u3000";

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

const WS_SET = new Set<number>([
  0x09, 0x0a, 0x0b, 0x0c, 0x0d, 0x1c, 0x1d, 0x1e, 0x1f, 0x20, 0x85, 0xa0, 0x1680, 0x2000, 0x2001, 0x2002, 0x2003,
  0x2004, 0x2005, 0x2006, 0x2007, 0x2008, 0x2009, 0x200a, 0x2028, 0x2029, 0x202f, 0x205f, 0x3000,
]);

/** Length of `s.rstrip()` in UTF-16 units (Python whitespace set). */
export function pyRstripLength(s: string): number {
  let end = s.length;
  while (end > 0 && WS_SET.has(s.charCodeAt(end - 1))) end--;
  return end;
}

/** Python `s.strip()`. */
export function pyStrip(s: string): string {
  let start = 0;
  let end = s.length;
  while (start < end && WS_SET.has(s.charCodeAt(start))) start++;
  while (end > start && WS_SET.has(s.charCodeAt(end - 1))) end--;
  return start === 0 && end === s.length ? s : s.slice(start, end);
}

/** True when `s.strip()` would be non-empty in Python. */
export function hasNonPySpace(s: string): boolean {
  for (let i = 0; i < s.length; i++) {
    if (!WS_SET.has(s.charCodeAt(i))) return true;
  }
  return false;
}

const PY_WS_SPLIT = new RegExp(`${PY_WS}+`, "u");

/** Python `s.split()` (no arguments): split on runs of whitespace, drop empties. */
export function pySplit(s: string): string[] {
  const parts = s.split(PY_WS_SPLIT);
  const out: string[] = [];
  for (const p of parts) if (p !== "") out.push(p);
  return out;
}
