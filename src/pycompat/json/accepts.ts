/**
 * Whether Python 3.11 `json.loads(s)` succeeds (the C scanner of `_json.c`),
 * without building the value. Differences from JSON.parse that it reproduces:
 * NaN / Infinity / -Infinity literals, any top-level value, duplicate keys,
 * unlimited floats, integers of at most 4300 digits (`int` conversion limit,
 * a ValueError above), lone surrogates, only space/tab/LF/CR as whitespace,
 * a leading BOM is rejected, and deep nesting raises RecursionError.
 */

import { isDigit, isHex, skipJsonWs } from "./syntax.js";

/** Python's default `sys.get_int_max_str_digits()`. */
const INT_MAX_STR_DIGITS = 4300;

class JsonFail {
  constructor(readonly recursion: boolean) {}
}
const INVALID = new JsonFail(false);
const RECURSION = new JsonFail(true);

class Scanner {
  constructor(
    private readonly s: string,
    private readonly maxDepth: number,
  ) {}

  skipWs(i: number): number {
    return skipJsonWs(this.s, i);
  }

  /** `scan_once_unicode`: end index of the value starting at `i`. */
  value(i: number, depth: number): number {
    const s = this.s;
    if (i >= s.length) throw INVALID;
    const c = s.charCodeAt(i);
    switch (c) {
      case 0x22: // "
        return this.string(i + 1);
      case 0x7b: // {
        if (depth >= this.maxDepth) throw RECURSION;
        return this.object(i + 1, depth + 1);
      case 0x5b: // [
        if (depth >= this.maxDepth) throw RECURSION;
        return this.array(i + 1, depth + 1);
      case 0x6e: // n
        return this.word(i, "null");
      case 0x74: // t
        return this.word(i, "true");
      case 0x66: // f
        return this.word(i, "false");
      case 0x4e: // N
        return this.word(i, "NaN");
      case 0x49: // I
        return this.word(i, "Infinity");
      case 0x2d: // -
        if (s.startsWith("-Infinity", i)) return i + 9;
        return this.number(i);
      default:
        return this.number(i);
    }
  }

  word(i: number, w: string): number {
    if (!this.s.startsWith(w, i)) throw INVALID;
    return i + w.length;
  }

  /** `_match_number_unicode`. */
  number(start: number): number {
    const s = this.s;
    const len = s.length;
    let i = start;
    if (s.charCodeAt(i) === 0x2d) {
      i++;
      if (i >= len) throw INVALID;
    }
    const intStart = i;
    const c = s.charCodeAt(i);
    if (c >= 0x31 && c <= 0x39) {
      i++;
      while (i < len && isDigit(s.charCodeAt(i))) i++;
    } else if (c === 0x30) {
      i++;
    } else {
      throw INVALID;
    }
    const intDigits = i - intStart;
    let isFloat = false;
    if (i < len - 1 && s.charCodeAt(i) === 0x2e && isDigit(s.charCodeAt(i + 1))) {
      isFloat = true;
      i += 2;
      while (i < len && isDigit(s.charCodeAt(i))) i++;
    }
    if (i < len - 1 && (s.charCodeAt(i) === 0x65 || s.charCodeAt(i) === 0x45)) {
      const eStart = i;
      i++;
      if (i < len - 1 && (s.charCodeAt(i) === 0x2d || s.charCodeAt(i) === 0x2b)) i++;
      while (i < len && isDigit(s.charCodeAt(i))) i++;
      if (isDigit(s.charCodeAt(i - 1))) isFloat = true;
      else i = eStart;
    }
    // int(...) of more than 4300 digits raises ValueError in Python 3.11.
    if (!isFloat && intDigits > INT_MAX_STR_DIGITS) throw INVALID;
    return i;
  }

  /** `scanstring_unicode` (strict): `i` is just after the opening quote. */
  string(i: number): number {
    const s = this.s;
    const len = s.length;
    for (;;) {
      let c = 0;
      while (i < len) {
        c = s.charCodeAt(i);
        if (c === 0x22 || c === 0x5c) break;
        if (c <= 0x1f) throw INVALID; // Invalid control character
        i++;
      }
      if (i >= len) throw INVALID; // Unterminated string
      i++;
      if (c === 0x22) return i;
      if (i >= len) throw INVALID;
      const e = s.charCodeAt(i);
      if (e !== 0x75) {
        // \" \\ \/ \b \f \n \r \t
        if (!'"\\/bfnrt'.includes(s[i] ?? "")) throw INVALID;
        i++;
      } else {
        i++;
        if (i + 4 >= len) throw INVALID; // Invalid \uXXXX escape
        for (let k = 0; k < 4; k++) if (!isHex(s.charCodeAt(i + k))) throw INVALID;
        // A following \uXXXX (surrogate pair or not) is checked by the next iteration.
        i += 4;
      }
    }
  }

  /** `_parse_object_unicode`: `i` is just after `{`. */
  object(i: number, depth: number): number {
    const s = this.s;
    i = this.skipWs(i);
    if (i < s.length && s.charCodeAt(i) === 0x7d) return i + 1;
    for (;;) {
      if (i >= s.length || s.charCodeAt(i) !== 0x22) throw INVALID;
      i = this.string(i + 1);
      i = this.skipWs(i);
      if (i >= s.length || s.charCodeAt(i) !== 0x3a) throw INVALID;
      i = this.skipWs(i + 1);
      i = this.value(i, depth);
      i = this.skipWs(i);
      if (i < s.length && s.charCodeAt(i) === 0x7d) return i + 1;
      if (i >= s.length || s.charCodeAt(i) !== 0x2c) throw INVALID;
      i = this.skipWs(i + 1);
    }
  }

  /** `_parse_array_unicode`: `i` is just after `[`. */
  array(i: number, depth: number): number {
    const s = this.s;
    i = this.skipWs(i);
    if (i < s.length && s.charCodeAt(i) === 0x5d) return i + 1;
    for (;;) {
      i = this.value(i, depth);
      i = this.skipWs(i);
      if (i < s.length && s.charCodeAt(i) === 0x5d) return i + 1;
      if (i >= s.length || s.charCodeAt(i) !== 0x2c) throw INVALID;
      i = this.skipWs(i + 1);
    }
  }
}

export interface PyJsonOptions {
  /**
   * Deepest `[`/`{` nesting that loads; one more level is a RecursionError. It
   * depends on the caller's Python stack: with Python 3.11.2, `json.loads` at
   * module level of `python3 -c` loads depth 995, and each extra frame on the
   * stack lowers it by one. At most 10000 (this validator recurses too).
   */
  maxDepth: number;
}

/**
 * True iff Python 3.11 `json.loads(s)` returns, false where it raises
 * ValueError (JSONDecodeError or the int digit limit), "recursion" where it
 * raises RecursionError (callers decide what that means for them).
 */
export function pyJsonLoadsOk(s: string, options: PyJsonOptions): boolean | "recursion" {
  const maxDepth = options.maxDepth;
  if (!Number.isInteger(maxDepth) || maxDepth < 0 || maxDepth > 10000) {
    throw new Error(`pyJsonLoadsOk: maxDepth must be an integer in 0..10000, got ${maxDepth}`);
  }
  if (s.startsWith("\ufeff")) return false; // "Unexpected UTF-8 BOM"
  const sc = new Scanner(s, maxDepth);
  try {
    const end = sc.skipWs(sc.value(sc.skipWs(0), 0));
    return end === s.length; // else "Extra data"
  } catch (e) {
    if (e instanceof JsonFail) return e.recursion ? "recursion" : false;
    throw e;
  }
}
