/**
 * Character facts with Python 3.11 semantics (Unicode 14): the one source for
 * `str.isupper`/`islower`/`isspace`, case mapping and the character classes used
 * by the `str`, `re`, langdetect and NLTK ports.
 *
 * `Uppercase`/`Lowercase` come from tables generated with CPython 3.11 (case-data.ts).
 * Other properties use Node's own Unicode tables (`\p{...}`, `toLowerCase`), which
 * are newer than Python 3.11's; the few code points whose case mapping changed after
 * Unicode 14 are patched back below. In the regex class bodies (`\w`, `\d`),
 * characters first assigned after Unicode 14 are not patched (Python treats them as
 * unassigned: not `\w`).
 */
import { LOWER_RUNS, UPPER_RUNS } from "./case-data.js";

/** `str.isspace()` code points: Unicode White_Space + U+001C..U+001F + U+0085 (not U+180E/U+200B/U+FEFF). */
export const PY_WHITESPACE: readonly number[] = [
  0x09, 0x0a, 0x0b, 0x0c, 0x0d, 0x1c, 0x1d, 0x1e, 0x1f, 0x20, 0x85, 0xa0, 0x1680, 0x2000, 0x2001, 0x2002, 0x2003,
  0x2004, 0x2005, 0x2006, 0x2007, 0x2008, 0x2009, 0x200a, 0x2028, 0x2029, 0x202f, 0x205f, 0x3000,
];

const WS_SET = new Set<number>(PY_WHITESPACE);

/** Python `chr(cp).isspace()`. */
export function isPySpace(cp: number): boolean {
  return WS_SET.has(cp);
}

/** Body of a JS `u`-flag character class matching Python `\s` (str patterns). */
export const WS_CLASS_BODY = "\\t-\\r\\x1c-\\x20\\x85\\xa0\\u1680\\u2000-\\u200a\\u2028\\u2029\\u202f\\u205f\\u3000";
/** Body of a JS character class matching Python `\w` (`str.isalnum()` or `_` = categories L*, N*, and `_`). */
export const WORD_CLASS_BODY = "\\p{L}\\p{N}_";
/** Python `\w` under the ASCII flag. */
export const ASCII_WORD_CLASS_BODY = "a-zA-Z0-9_";
/** Python `\s` under the ASCII flag (bytes.isspace: no U+001C..U+001F). */
export const ASCII_WS_CLASS_BODY = "\\t-\\r ";
/** Python `\d` (str patterns: decimal digits, category Nd), usable inside or outside a class. */
export const DIGIT_CLASS_BODY = "\\p{Nd}";
/** Body of a JS class matching Python `[^\W\d]`: word characters that are not decimal digits. */
export const ALPHA_CLASS_BODY = "\\p{L}\\p{Nl}\\p{No}_";
/** Python `\w` as an alternation of properties (V8 builds `[\p{L}\p{N}_]` several times slower). */
export const WORD_ALTERNATION = "(?:\\p{L}|\\p{N}|_)";

// Building blocks for hand-written JS `u`-flag regexes that follow Python `re` (str patterns).
// Python's `\b` is Unicode-aware while JS `\b` is ASCII-only: write boundaries as lookarounds on PY_W.
/** Python `\s`. */
export const PY_WS = `[${WS_CLASS_BODY}]`;
/** Python `\S`. */
export const PY_NWS = `[^${WS_CLASS_BODY}]`;
/** Python `\w`. */
export const PY_W = `[${WORD_CLASS_BODY}]`;
/** Python `\d`. */
export const PY_D = DIGIT_CLASS_BODY;
/** Python `[^\W\d]` (word characters that are not decimal digits). */
export const PY_ALPHA = `[${ALPHA_CLASS_BODY}]`;
/** Python `$` outside MULTILINE mode: end of string, or just before a final newline (JS regex WITHOUT the `m` flag). */
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

/** Code points that Python 3.11 (Unicode 14) treats as uncased although newer Unicode versions case-map them. */
const UNCASED_IN_PY311: ReadonlyArray<readonly [number, number]> = [
  [0x1c89, 0x1c8a], [0xa7cb, 0xa7cf], [0xa7d2, 0xa7d2], [0xa7d4, 0xa7d4], [0xa7da, 0xa7dc],
  [0x10d50, 0x10d85], [0x16ea0, 0x16ed3],
];
/** Lowercase letters that had no uppercase mapping in Unicode 14 (Node maps them to later-added capitals). */
const NO_UPPER_IN_PY311: ReadonlySet<number> = new Set([0x19b, 0x264, 0xa7d3, 0xa7d5]);
/**
 * Every code point whose case mapping or Cased property differs between Node and
 * Python 3.11 (fast-path guard for `lower()`/`upper()`, final sigma included): the
 * uncased and no-uppercase code points above, and the Lowercase differences of case-data.ts.
 */
export const CASE_PATCH_RE = /[\u{295}\u{10fc}\u{a7f2}-\u{a7f4}\u{ab69}\u{a7f1}\u{1df25}-\u{1df2a}\u{1e030}-\u{1e06d}\u{19b}\u{264}\u{a7d3}\u{a7d5}\u{1c89}\u{1c8a}\u{a7cb}-\u{a7cf}\u{a7d2}\u{a7d4}\u{a7da}-\u{a7dc}\u{10d50}-\u{10d85}\u{16ea0}-\u{16ed3}]/u;

function uncasedInPy311(cp: number): boolean {
  for (const [lo, hi] of UNCASED_IN_PY311) if (cp >= lo && cp <= hi) return true;
  return false;
}

/** Full Python `chr(cp).lower()` (one or more code points as a string). */
export function pyLowerChar(cp: number): string {
  const c = String.fromCodePoint(cp);
  return uncasedInPy311(cp) ? c : c.toLowerCase();
}

/** Full Python `chr(cp).upper()`. */
export function pyUpperChar(cp: number): string {
  const c = String.fromCodePoint(cp);
  return uncasedInPy311(cp) || NO_UPPER_IN_PY311.has(cp) ? c : c.toUpperCase();
}

const UPPER_FLAG = 1;
const LOWER_FLAG = 2;
const bmpCase = new Uint8Array(0x10000);
const astralCase = new Map<number, number>();
function markRuns(runs: readonly number[], flag: number): void {
  for (let r = 0; r < runs.length; r += 3) {
    const start = runs[r]!;
    const count = runs[r + 1]!;
    const step = runs[r + 2]!;
    for (let k = 0; k < count; k++) {
      const cp = start + k * step;
      if (cp < 0x10000) bmpCase[cp]! |= flag;
      else astralCase.set(cp, (astralCase.get(cp) ?? 0) | flag);
    }
  }
}
markRuns(UPPER_RUNS, UPPER_FLAG);
markRuns(LOWER_RUNS, LOWER_FLAG);

function caseFlags(cp: number): number {
  return cp < 0x10000 ? bmpCase[cp]! : (astralCase.get(cp) ?? 0);
}

const TITLE_RE = /^\p{Lt}$/u;
const CASE_IGNORABLE_RE = /^\p{Case_Ignorable}$/u;

/** Unicode `Uppercase` property as in Python 3.11 (`Py_UNICODE_ISUPPER`, `chr(cp).isupper()`). */
export function isUppercaseCp(cp: number): boolean {
  return (caseFlags(cp) & UPPER_FLAG) !== 0;
}

/** Unicode `Lowercase` property as in Python 3.11 (`Py_UNICODE_ISLOWER`, `chr(cp).islower()`). */
export function isLowercaseCp(cp: number): boolean {
  return (caseFlags(cp) & LOWER_FLAG) !== 0;
}

/** General category Lt (`Py_UNICODE_ISTITLE`). */
export function isTitlecaseCp(cp: number): boolean {
  return TITLE_RE.test(String.fromCodePoint(cp));
}

/** Unicode `Cased` (Lowercase or Uppercase or Lt), as used by final-sigma handling. */
export function isCasedCp(cp: number): boolean {
  return isLowercaseCp(cp) || isUppercaseCp(cp) || isTitlecaseCp(cp);
}

/** Unicode `Case_Ignorable`. */
export function isCaseIgnorableCp(cp: number): boolean {
  return CASE_IGNORABLE_RE.test(String.fromCodePoint(cp));
}

/**
 * Simple case tables as used by Python's `re` IGNORECASE (`_sre.unicode_tolower`,
 * `sre_upper_unicode`): the first code point of the full mapping.
 */
export interface CaseTables {
  /** Code points whose simple lowercase or uppercase differs from themselves, ascending. */
  readonly cased: readonly number[];
  readonly lowerMap: ReadonlyMap<number, number>;
  readonly upperMap: ReadonlyMap<number, number>;
  /** lowercase code point -> other code points lowering to it. */
  readonly lowerInverse: ReadonlyMap<number, readonly number[]>;
}

let tables: CaseTables | undefined;

/** Builds (once, a few ms) the simple case tables. */
export function caseTables(): CaseTables {
  if (tables) return tables;
  const cased: number[] = [];
  const lowerMap = new Map<number, number>();
  const upperMap = new Map<number, number>();
  const lowerInverse = new Map<number, number[]>();
  for (const cp of caseChangingCodePoints()) {
    const lo = pyLowerChar(cp).codePointAt(0) ?? cp;
    const up = pyUpperChar(cp).codePointAt(0) ?? cp;
    if (lo === cp && up === cp) continue;
    cased.push(cp);
    if (lo !== cp) {
      lowerMap.set(cp, lo);
      const inv = lowerInverse.get(lo);
      if (inv) inv.push(cp);
      else lowerInverse.set(lo, [cp]);
    }
    if (up !== cp) upperMap.set(cp, up);
  }
  tables = { cased, lowerMap, upperMap, lowerInverse };
  return tables;
}

/**
 * Code points that lowercasing or uppercasing changes, ascending. All of them
 * are below U+1F000 (checked against Python 3.11 and Node's tables); one
 * native regex scan over that range is much faster than testing each one.
 */
function caseChangingCodePoints(): number[] {
  const units = new Uint16Array(2 * 0x1f000);
  let k = 0;
  for (let cp = 0; cp < 0x1f000; cp++) {
    if (cp >= 0xd800 && cp < 0xe000) continue;
    if (cp < 0x10000) {
      units[k++] = cp;
    } else {
      units[k++] = 0xd800 + ((cp - 0x10000) >> 10);
      units[k++] = 0xdc00 + ((cp - 0x10000) & 0x3ff);
    }
  }
  const all = new TextDecoder("utf-16le").decode(units.subarray(0, k));
  const out: number[] = [];
  for (const m of all.matchAll(/[\p{Changes_When_Lowercased}\p{Changes_When_Uppercased}]/gu)) {
    out.push(m[0].codePointAt(0) ?? 0);
  }
  return out;
}

/** `_sre.unicode_tolower`. */
export function simpleLower(cp: number): number {
  return caseTables().lowerMap.get(cp) ?? cp;
}

/** `sre_upper_unicode`. */
export function simpleUpper(cp: number): number {
  return caseTables().upperMap.get(cp) ?? cp;
}

/** `_sre.unicode_iscased`. */
export function isSreCased(cp: number): boolean {
  const t = caseTables();
  return t.lowerMap.has(cp) || t.upperMap.has(cp);
}

/**
 * Python's `re._casefix._EXTRA_CASES` as equivalence classes: lowercase code
 * points that share an uppercase but lower differently (Unicode 14 data).
 */
const EXTRA_CASE_GROUPS: ReadonlyArray<readonly number[]> = [
  [0x69, 0x131], [0x73, 0x17f], [0xb5, 0x3bc], [0x345, 0x3b9, 0x1fbe], [0x390, 0x1fd3], [0x3b0, 0x1fe3],
  [0x3b2, 0x3d0], [0x3b5, 0x3f5], [0x3b8, 0x3d1], [0x3ba, 0x3f0], [0x3c0, 0x3d6], [0x3c1, 0x3f1], [0x3c2, 0x3c3],
  [0x3c6, 0x3d5], [0x432, 0x1c80], [0x434, 0x1c81], [0x43e, 0x1c82], [0x441, 0x1c83], [0x442, 0x1c84, 0x1c85],
  [0x44a, 0x1c86], [0x463, 0x1c87], [0x1c88, 0xa64b], [0x1e61, 0x1e9b], [0xfb05, 0xfb06],
];

const EXTRA_CASES = new Map<number, readonly number[]>();
for (const g of EXTRA_CASE_GROUPS) for (const k of g) EXTRA_CASES.set(k, g.filter((x) => x !== k));

/** `_EXTRA_CASES.get(lo)`: other lowercase code points equivalent to `lo` under IGNORECASE. */
export function extraCases(lo: number): readonly number[] | undefined {
  return EXTRA_CASES.get(lo);
}

/** Python `chr(cp).isidentifier()` for a whole name (XID_Start/`_` then XID_Continue). */
export function isPyIdentifier(name: string): boolean {
  return /^[\p{XID_Start}_]\p{XID_Continue}*$/u.test(name);
}

const PRINTABLE_EXCLUDED_RE = /^[\p{Cc}\p{Cf}\p{Cs}\p{Co}\p{Cn}\p{Zl}\p{Zp}\p{Zs}]$/u;

/** Python `repr(s)` for a str (quote choice and escapes as CPython does). */
export function pyRepr(s: string): string {
  const quote = s.includes("'") && !s.includes('"') ? '"' : "'";
  let out = quote;
  for (const ch of s) {
    const cp = ch.codePointAt(0) ?? 0;
    if (ch === quote || ch === "\\") out += "\\" + ch;
    else if (ch === "\t") out += "\\t";
    else if (ch === "\n") out += "\\n";
    else if (ch === "\r") out += "\\r";
    else if (cp < 0x20 || cp === 0x7f) out += "\\x" + cp.toString(16).padStart(2, "0");
    else if (cp < 0x7f || ch === " ") out += ch;
    else if (!PRINTABLE_EXCLUDED_RE.test(ch)) out += ch;
    else if (cp <= 0xff) out += "\\x" + cp.toString(16).padStart(2, "0");
    else if (cp <= 0xffff) out += "\\u" + cp.toString(16).padStart(4, "0");
    else out += "\\U" + cp.toString(16).padStart(8, "0");
  }
  return out + quote;
}
