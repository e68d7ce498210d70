/**
 * Character classes for the Python -> JS regex translation, including Python's
 * IGNORECASE semantics (`re._compiler._optimize_charset` + `_sre` matching),
 * which are made explicit as code point sets so that no JS `i` flag is needed.
 *
 * Python (str pattern, IGNORECASE): a literal `c` matches `ch` iff
 * `lower(ch)` is `lower(c)` or one of `_EXTRA_CASES[lower(c)]`; a set matches
 * `ch` iff `lower(ch)` is in the set built from the lowered members (members
 * beyond the BMP are kept unlowered, ranges there also test `upper(lower(ch))`).
 */
import {
  ASCII_WORD_CLASS_BODY,
  ASCII_WS_CLASS_BODY,
  DIGIT_CLASS_BODY,
  PY_WHITESPACE,
  WORD_CLASS_BODY,
  WS_CLASS_BODY,
  caseTables,
  extraCases,
  isSreCased,
  simpleLower,
  simpleUpper,
} from "./chars.js";
import type { Category, SetItem } from "./re-ast.js";

export type Range = [number, number];

/** Sorted, merged ranges of a union. */
function normalize(ranges: Range[]): Range[] {
  const sorted = ranges.filter((r) => r[0] <= r[1]).sort((a, b) => a[0] - b[0]);
  const out: Range[] = [];
  for (const [lo, hi] of sorted) {
    const last = out[out.length - 1];
    if (last && lo <= last[1] + 1) last[1] = Math.max(last[1], hi);
    else out.push([lo, hi]);
  }
  return out;
}

function has(ranges: readonly Range[], cp: number): boolean {
  let lo = 0;
  let hi = ranges.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    const r = ranges[mid] as Range;
    if (cp < r[0]) hi = mid - 1;
    else if (cp > r[1]) lo = mid + 1;
    else return true;
  }
  return false;
}

/** `base` with each candidate code point forced in or out by `decide`. */
function adjust(base: Range[], candidates: Iterable<number>, decide: (cp: number) => boolean): Range[] {
  const adds: Range[] = [];
  const removes: number[] = [];
  for (const c of candidates) {
    if (decide(c)) adds.push([c, c]);
    else removes.push(c);
  }
  let out = normalize([...base, ...adds]);
  if (removes.length > 0) {
    removes.sort((a, b) => a - b);
    const split: Range[] = [];
    let k = 0;
    for (const [lo, hi] of out) {
      let start = lo;
      while (k < removes.length && (removes[k] as number) < start) k++;
      let j = k;
      while (j < removes.length && (removes[j] as number) <= hi) {
        const r = removes[j] as number;
        if (r > start) split.push([start, r - 1]);
        start = r + 1;
        j++;
      }
      if (start <= hi) split.push([start, hi]);
      k = j;
    }
    out = split;
  }
  return out;
}

function asciiLower(cp: number): number {
  return cp >= 0x41 && cp <= 0x5a ? cp + 32 : cp;
}

/** Code points whose (ascii or unicode) lower differs from themselves. */
function loweredCandidates(unicode: boolean): number[] {
  if (!unicode) return Array.from({ length: 26 }, (_, i) => 0x41 + i);
  return [...caseTables().lowerMap.keys()];
}

/** Code points `ch` with `lower(ch) === y`. */
function lowerPreimage(y: number, unicode: boolean): number[] {
  const lower = unicode ? simpleLower : asciiLower;
  const out: number[] = lower(y) === y ? [y] : [];
  if (unicode) out.push(...(caseTables().lowerInverse.get(y) ?? []));
  else if (y >= 0x61 && y <= 0x7a) out.push(y - 32);
  return out;
}

/** Whether a literal is case-sensitive under IGNORECASE (`_sre.unicode_iscased` / `ascii_iscased`). */
export function isCasedLiteral(cp: number, unicode: boolean): boolean {
  const asciiLetter = (cp >= 0x41 && cp <= 0x5a) || (cp >= 0x61 && cp <= 0x7a);
  return unicode && cp >= 0x80 ? isSreCased(cp) : asciiLetter;
}

/**
 * Non-ASCII code points that Python's Unicode IGNORECASE matches with an ASCII
 * letter (İ and ı with i, ſ with s, the Kelvin sign with k), so that keyword
 * patterns do not need the full case tables.
 */
const ASCII_EXTRA: Readonly<Record<string, readonly number[]>> = { i: [0x130, 0x131], k: [0x212a], s: [0x17f] };

/** `ignoreCaseLiteral` for an ASCII letter (unicode semantics). */
export function asciiLetterIgnoreCase(cp: number): Range[] {
  const lower = cp | 0x20;
  const out: Range[] = [
    [lower - 32, lower - 32],
    [lower, lower],
  ];
  for (const x of ASCII_EXTRA[String.fromCharCode(lower)] ?? []) out.push([x, x]);
  return out;
}

/** Code points matched by a cased literal under IGNORECASE. */
export function ignoreCaseLiteral(cp: number, unicode: boolean): Range[] {
  if (unicode && cp < 0x80) return asciiLetterIgnoreCase(cp);
  const lo = unicode ? simpleLower(cp) : asciiLower(cp);
  const targets = [lo, ...(unicode ? (extraCases(lo) ?? []) : [])];
  const out: Range[] = [];
  for (const y of targets) for (const c of lowerPreimage(y, unicode)) out.push([c, c]);
  return normalize(out);
}

/** Code points matched by the members of a (non-negated) set under IGNORECASE, plus its categories. */
export function ignoreCaseSet(items: readonly SetItem[], unicode: boolean): { ranges: Range[]; cats: Category[] } {
  const lower = unicode ? simpleLower : asciiLower;
  const charmap: Range[] = [];
  const cats: Category[] = [];
  const parts: Range[][] = [];
  const addLowered = (lo: number): void => {
    charmap.push([lo, lo]);
    if (unicode) for (const k of extraCases(lo) ?? []) charmap.push([k, k]);
  };
  const cased = caseTables().cased;
  for (const it of items) {
    if (it.k === "cat") {
      cats.push(it.cat);
    } else if (it.k === "lit") {
      const lo = lower(it.cp);
      if (lo <= 0xffff) addLowered(lo);
      else parts.push(lowerPreimage(it.cp, unicode).map((c): Range => [c, c]));
    } else {
      const bmpHi = Math.min(it.hi, 0xffff);
      if (it.lo <= bmpHi) {
        // lower(i) for every i in the BMP part: uncased code points map to themselves.
        charmap.push([it.lo, bmpHi]);
        const loweredHere = new Set<number>();
        const src = unicode ? cased : loweredCandidates(false);
        for (const c of src) {
          if (c < it.lo || c > bmpHi) continue;
          const lo = lower(c);
          if (lo !== c) {
            charmap.push([lo, lo]);
            loweredHere.add(lo);
          }
        }
        if (unicode) {
          for (const k of EXTRA_KEYS) {
            if ((k >= it.lo && k <= bmpHi && lower(k) === k) || loweredHere.has(k)) addLowered(k);
          }
        }
      }
      if (it.hi > 0xffff) parts.push(rangeUniIgnore(it.lo, it.hi, unicode));
    }
  }
  const m = normalize(charmap);
  // {ch : lower(ch) in charmap}: uncased code points keep their membership, the others follow their lowercase.
  parts.push(adjust(m, loweredCandidates(unicode), (c) => has(m, lower(c))));
  return { ranges: normalize(parts.flat()), cats };
}

/** RANGE_UNI_IGNORE (a set range reaching beyond the BMP): lower(ch) or upper(lower(ch)) in [lo, hi]. */
function rangeUniIgnore(lo: number, hi: number, unicode: boolean): Range[] {
  const lower = unicode ? simpleLower : asciiLower;
  const inRange = (x: number): boolean => x >= lo && x <= hi;
  const candidates = new Set<number>(caseTables().cased);
  if (!unicode) for (const c of loweredCandidates(false)) candidates.add(c);
  return adjust([[lo, hi]], candidates, (c) => {
    const x = lower(c);
    return inRange(x) || inRange(simpleUpper(x));
  });
}

const EXTRA_KEYS: readonly number[] = (() => {
  const keys: number[] = [];
  for (let cp = 0; cp <= 0xffff; cp++) if (extraCases(cp)) keys.push(cp);
  return keys;
})();

function hex(cp: number): string {
  return `\\u{${cp.toString(16)}}`;
}

/** JS class body for explicit ranges. */
export function rangesBody(ranges: readonly Range[]): string {
  let out = "";
  for (const [lo, hi] of ranges) out += lo === hi ? hex(lo) : `${hex(lo)}-${hex(hi)}`;
  return out;
}

/** Complement of sorted code points as ranges over 0..0x10FFFF. */
function complement(points: readonly number[]): Range[] {
  const out: Range[] = [];
  let start = 0;
  for (const p of points) {
    if (p > start) out.push([start, p - 1]);
    start = p + 1;
  }
  if (start <= 0x10ffff) out.push([start, 0x10ffff]);
  return out;
}

const ASCII_DIGITS = Array.from({ length: 10 }, (_, i) => 0x30 + i);
const ASCII_WORD = [...ASCII_DIGITS, ...Array.from({ length: 26 }, (_, i) => 0x41 + i), 0x5f, ...Array.from({ length: 26 }, (_, i) => 0x61 + i)];
const ASCII_SPACE = [0x09, 0x0a, 0x0b, 0x0c, 0x0d, 0x20];
const NOT_WS_BODY = rangesBody(complement(PY_WHITESPACE));

/**
 * A class-body piece (JS `u` mode, no nesting) for a Python category escape, or
 * null for Unicode `\W`, which needs a complement of properties (see classSource).
 */
function categoryBody(cat: Category, unicode: boolean): string | null {
  switch (cat) {
    case "d":
      return unicode ? DIGIT_CLASS_BODY : "0-9";
    case "D":
      return unicode ? "\\P{Nd}" : rangesBody(complement(ASCII_DIGITS));
    case "s":
      return unicode ? WS_CLASS_BODY : ASCII_WS_CLASS_BODY;
    case "S":
      return unicode ? NOT_WS_BODY : rangesBody(complement(ASCII_SPACE));
    case "w":
      return unicode ? WORD_CLASS_BODY : ASCII_WORD_CLASS_BODY;
    case "W":
      return unicode ? null : rangesBody(complement(ASCII_WORD));
  }
}

/** Any code point. */
export const ANY_CHAR = "[\\u{0}-\\u{10ffff}]";

/**
 * JS (`u` flag) source for one character class: explicit ranges plus category
 * escapes, optionally negated. JS `u` classes cannot nest, so Unicode `\W`
 * next to other members becomes an alternation (or a guarded `\w` when negated).
 */
export function classSource(ranges: readonly Range[], cats: readonly Category[], neg: boolean, unicode: boolean): string {
  let body = rangesBody(ranges);
  let notWord = false;
  for (const c of cats) {
    const piece = categoryBody(c, unicode);
    if (piece === null) notWord = true;
    else body += piece;
  }
  if (!notWord) {
    if (neg) return body === "" ? ANY_CHAR : `[^${body}]`;
    return `[${body}]`;
  }
  if (neg) return body === "" ? `[${WORD_CLASS_BODY}]` : `(?:(?![${body}])[${WORD_CLASS_BODY}])`;
  return body === "" ? `[^${WORD_CLASS_BODY}]` : `(?:[${body}]|[^${WORD_CLASS_BODY}])`;
}

/** Set items taken literally (no IGNORECASE) as ranges and categories. */
export function plainSet(items: readonly SetItem[]): { ranges: Range[]; cats: Category[] } {
  const ranges: Range[] = [];
  const cats: Category[] = [];
  for (const it of items) {
    if (it.k === "lit") ranges.push([it.cp, it.cp]);
    else if (it.k === "range") ranges.push([it.lo, it.hi]);
    else cats.push(it.cat);
  }
  return { ranges: normalize(ranges), cats };
}

const WORD_RE = new RegExp(`^[${WORD_CLASS_BODY}]$`, "u");

/** Python `\w` membership of one code point (Unicode, or ASCII under the ASCII flag). */
export function isWordCp(cp: number, unicode: boolean): boolean {
  if (!unicode) return (cp >= 0x30 && cp <= 0x39) || (cp >= 0x41 && cp <= 0x5a) || (cp >= 0x61 && cp <= 0x7a) || cp === 0x5f;
  return WORD_RE.test(String.fromCodePoint(cp));
}

/** A JS literal for one code point outside a class. */
export function literal(cp: number): string {
  return (cp >= 0x30 && cp <= 0x39) || (cp >= 0x41 && cp <= 0x5a) || (cp >= 0x61 && cp <= 0x7a)
    ? String.fromCharCode(cp)
    : hex(cp);
}
