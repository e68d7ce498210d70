/**
 * Python 3.11 `str` methods on JS strings, with code-point semantics (a lone
 * surrogate counts as one character, as it does in a Python str).
 */
import {
  CASE_PATCH_RE,
  isCaseIgnorableCp,
  isCasedCp,
  isLowercaseCp,
  isPySpace,
  isTitlecaseCp,
  isUppercaseCp,
  pyLowerChar,
  pyUpperChar,
} from "./chars.js";

export { isPySpace } from "./chars.js";

function charSet(chars: string): Set<number> {
  const set = new Set<number>();
  for (const ch of chars) set.add(ch.codePointAt(0) ?? 0);
  return set;
}

function makeTest(chars: string | null | undefined): (cp: number) => boolean {
  if (chars === undefined || chars === null) return isPySpace;
  const set = charSet(chars);
  return (cp) => set.has(cp);
}

/** Code point starting at UTF-16 index `i`. */
function cpAt(s: string, i: number): number {
  return s.codePointAt(i) ?? 0;
}

/** UTF-16 index of the start of the code point that ends at index `end` (exclusive). */
function prevStart(s: string, end: number): number {
  const lo = s.charCodeAt(end - 1);
  if (lo >= 0xdc00 && lo <= 0xdfff && end >= 2) {
    const hi = s.charCodeAt(end - 2);
    if (hi >= 0xd800 && hi <= 0xdbff) return end - 2;
  }
  return end - 1;
}

function lstripIndex(s: string, test: (cp: number) => boolean): number {
  let i = 0;
  while (i < s.length) {
    const cp = cpAt(s, i);
    if (!test(cp)) break;
    i += cp > 0xffff ? 2 : 1;
  }
  return i;
}

function rstripIndex(s: string, start: number, test: (cp: number) => boolean): number {
  let end = s.length;
  while (end > start) {
    const p = prevStart(s, end);
    if (!test(cpAt(s, p))) break;
    end = p;
  }
  return end;
}

/** `s.strip(chars)`; no `chars` (or null) strips Python whitespace. */
export function pyStrip(s: string, chars?: string | null): string {
  const test = makeTest(chars);
  const start = lstripIndex(s, test);
  return s.slice(start, rstripIndex(s, start, test));
}

/** `s.lstrip(chars)`. */
export function pyLstrip(s: string, chars?: string | null): string {
  return s.slice(lstripIndex(s, makeTest(chars)));
}

/** `s.rstrip(chars)`. */
export function pyRstrip(s: string, chars?: string | null): string {
  return s.slice(0, rstripIndex(s, 0, makeTest(chars)));
}

/** `s.split()` with no arguments: runs of Python whitespace separate, empty strings dropped. */
export function pySplit(s: string): string[] {
  const out: string[] = [];
  let start = -1;
  let i = 0;
  while (i < s.length) {
    const cp = cpAt(s, i);
    const w = cp > 0xffff ? 2 : 1;
    if (isPySpace(cp)) {
      if (start >= 0) out.push(s.slice(start, i));
      start = -1;
    } else if (start < 0) {
      start = i;
    }
    i += w;
  }
  if (start >= 0) out.push(s.slice(start));
  return out;
}

/** True when UTF-16 index `i` does not fall inside a surrogate pair of `s`. */
function isBoundary(s: string, i: number): boolean {
  if (i <= 0 || i >= s.length) return true;
  const hi = s.charCodeAt(i - 1);
  const lo = s.charCodeAt(i);
  return !(hi >= 0xd800 && hi <= 0xdbff && lo >= 0xdc00 && lo <= 0xdfff);
}

/** `s.find(sub, from)` on code points: like indexOf, but never matches half of a surrogate pair. */
function findCp(s: string, sub: string, from: number): number {
  let at = s.indexOf(sub, from);
  while (at >= 0 && !(isBoundary(s, at) && isBoundary(s, at + sub.length))) at = s.indexOf(sub, at + 1);
  return at;
}

/** `s.split(sep, maxsplit)`; an empty `sep` raises like Python (`ValueError: empty separator`). */
export function pySplitSep(s: string, sep: string, maxsplit = -1): string[] {
  if (sep === "") throw new Error("pySplitSep: empty separator (Python raises ValueError)");
  const out: string[] = [];
  let last = 0;
  let n = 0;
  while (maxsplit < 0 || n < maxsplit) {
    const at = findCp(s, sep, last);
    if (at < 0) break;
    out.push(s.slice(last, at));
    last = at + sep.length;
    n++;
  }
  out.push(s.slice(last));
  return out;
}

/** Python final-sigma rule for U+03A3 at code point index `i` of `cps`. */
function finalSigma(cps: readonly number[], i: number): boolean {
  let j = i - 1;
  while (j >= 0 && isCaseIgnorableCp(cps[j] ?? 0)) j--;
  if (j < 0 || !isCasedCp(cps[j] ?? 0)) return false;
  j = i + 1;
  while (j < cps.length && isCaseIgnorableCp(cps[j] ?? 0)) j++;
  return j === cps.length || !isCasedCp(cps[j] ?? 0);
}

/** `s.lower()`: full Unicode lowercasing (`İ` -> `i̇`, final sigma). */
export function pyLower(s: string): string {
  if (!CASE_PATCH_RE.test(s)) return s.toLowerCase();
  const cps = Array.from(s, (ch) => ch.codePointAt(0) ?? 0);
  let out = "";
  for (let i = 0; i < cps.length; i++) {
    const cp = cps[i] ?? 0;
    out += cp === 0x3a3 ? (finalSigma(cps, i) ? "\u03c2" : "\u03c3") : pyLowerChar(cp);
  }
  return out;
}

/** `s.upper()`: full Unicode uppercasing (`ß` -> `SS`). */
export function pyUpper(s: string): string {
  if (!CASE_PATCH_RE.test(s)) return s.toUpperCase();
  let out = "";
  for (const ch of s) out += pyUpperChar(ch.codePointAt(0) ?? 0);
  return out;
}

/** `s.isupper()`: some Uppercase character and no Lowercase or titlecase (Lt) character. */
export function pyIsUpper(s: string): boolean {
  let cased = false;
  for (const ch of s) {
    const cp = ch.codePointAt(0) ?? 0;
    if (isLowercaseCp(cp) || isTitlecaseCp(cp)) return false;
    if (!cased && isUppercaseCp(cp)) cased = true;
  }
  return cased;
}

/** `s.islower()`: some Lowercase character and no Uppercase or titlecase (Lt) character. */
export function pyIsLower(s: string): boolean {
  let cased = false;
  for (const ch of s) {
    const cp = ch.codePointAt(0) ?? 0;
    if (isUppercaseCp(cp) || isTitlecaseCp(cp)) return false;
    if (!cased && isLowercaseCp(cp)) cased = true;
  }
  return cased;
}

/** `s.isspace()`: non-empty and all Python whitespace. */
export function pyIsSpace(s: string): boolean {
  if (s === "") return false;
  for (const ch of s) if (!isPySpace(ch.codePointAt(0) ?? 0)) return false;
  return true;
}

/** `len(s)`: number of code points. */
export function pyLen(s: string): number {
  let n = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c >= 0xd800 && c <= 0xdbff && i + 1 < s.length) {
      const d = s.charCodeAt(i + 1);
      if (d >= 0xdc00 && d <= 0xdfff) i++;
    }
    n++;
  }
  return n;
}

/** `list(s)`: the code points as one-character strings. */
export function codePoints(s: string): string[] {
  return Array.from(s);
}

/** `collections.Counter(s)[ch]`: occurrences of the single code point `ch`; 0 unless `ch` is exactly one code point. */
export function countChar(s: string, ch: string): number {
  if (ch === "" || pyLen(ch) !== 1) return 0;
  let n = 0;
  let at = findCp(s, ch, 0);
  while (at >= 0) {
    n++;
    at = findCp(s, ch, at + ch.length);
  }
  return n;
}

/** `s.removeprefix(prefix)`. */
export function pyRemovePrefix(s: string, prefix: string): string {
  return prefix !== "" && pyStartsWith(s, prefix) ? s.slice(prefix.length) : s;
}

/** `s.removesuffix(suffix)`. */
export function pyRemoveSuffix(s: string, suffix: string): string {
  return suffix !== "" && pyEndsWith(s, suffix) ? s.slice(0, s.length - suffix.length) : s;
}

/** `s.startswith(prefix)` (a lone surrogate never matches half of a pair). */
export function pyStartsWith(s: string, prefix: string): boolean {
  return s.startsWith(prefix) && isBoundary(s, prefix.length);
}

/** `s.endswith(suffix)`. */
export function pyEndsWith(s: string, suffix: string): boolean {
  return s.endsWith(suffix) && isBoundary(s, s.length - suffix.length);
}
