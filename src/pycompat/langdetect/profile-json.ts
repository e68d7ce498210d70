/**
 * Streaming reader for one langdetect profile (`{"freq": {gram: count, ...},
 * "n_words": [n1, n2, n3], "name": "xx"}`), working on the UTF-8 bytes. Strict JSON,
 * but the thousands of `freq` keys are handed over as code points instead of being
 * materialised as strings and object properties, which makes loading all 55 profiles
 * several times faster than readFileSync(..., "utf8") + JSON.parse.
 */

export interface ProfileJson {
  readonly name: string;
  readonly nWords: readonly number[];
}

/**
 * Called for every `freq` entry: the first min(n, 4) code points of the gram are in
 * cps[0..], n is the gram length in code points capped at 4.
 */
export type GramVisitor = (cps: readonly number[], n: number, count: number) => void;

const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const COLON = 0x3a;
const COMMA = 0x2c;
const NUMBER_RE = /-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?/y;
const SIMPLE_ESCAPES = '"\\/bfnrt';
const SIMPLE_ESCAPE_CODES = [0x22, 0x5c, 0x2f, 0x08, 0x0c, 0x0a, 0x0d, 0x09];

/** Length of the last sequence decoded by decodeUtf8 (0 when invalid). */
let utf8Length = 0;

/** Code point of the UTF-8 sequence starting at b[p] (b[p] >= 0x80); utf8Length = 0 if invalid. */
function decodeUtf8(b: Uint8Array, p: number): number {
  const b0 = b[p]!;
  utf8Length = 0;
  if (b0 < 0xc2 || b0 > 0xf4) return 0;
  const b1 = b[p + 1]!;
  if ((b1 & 0xc0) !== 0x80) return 0;
  if (b0 < 0xe0) {
    utf8Length = 2;
    return ((b0 & 0x1f) << 6) | (b1 & 0x3f);
  }
  const b2 = b[p + 2]!;
  if ((b2 & 0xc0) !== 0x80) return 0;
  if (b0 < 0xf0) {
    const cp = ((b0 & 0x0f) << 12) | ((b1 & 0x3f) << 6) | (b2 & 0x3f);
    if (cp < 0x800 || (cp >= 0xd800 && cp < 0xe000)) return 0; // overlong or surrogate
    utf8Length = 3;
    return cp;
  }
  const b3 = b[p + 3]!;
  if ((b3 & 0xc0) !== 0x80) return 0;
  const cp = ((b0 & 0x07) << 18) | ((b1 & 0x3f) << 12) | ((b2 & 0x3f) << 6) | (b3 & 0x3f);
  if (cp < 0x10000 || cp > 0x10ffff) return 0;
  utf8Length = 4;
  return cp;
}

class Reader {
  pos = 0;
  readonly cps = [0, 0, 0, 0];

  constructor(
    readonly bytes: Uint8Array,
    readonly file: string,
  ) {}

  fail(expected: string): never {
    const near = JSON.stringify(Buffer.from(this.bytes.subarray(this.pos, this.pos + 20)).toString("utf8"));
    throw new Error(`langdetect profile ${this.file}: malformed JSON at byte ${this.pos}: expected ${expected}, found ${near}`);
  }

  ws(): void {
    const b = this.bytes;
    let c = b[this.pos];
    while (c === 0x20 || c === 0x0a || c === 0x0d || c === 0x09) c = b[++this.pos];
  }

  expect(code: number): void {
    this.ws();
    if (this.bytes[this.pos] !== code) this.fail(`"${String.fromCharCode(code)}"`);
    this.pos++;
  }

  /** Next non-space byte is `code`: consume it and return true. */
  take(code: number): boolean {
    this.ws();
    if (this.bytes[this.pos] !== code) return false;
    this.pos++;
    return true;
  }

  /**
   * Parse a string; its code points go to this.cps (first 4); returns the count (capped
   * at 4). Escaped surrogate pairs form one code point, as in Python's json.
   */
  gramString(): number {
    this.expect(QUOTE);
    const b = this.bytes;
    let n = 0;
    let high = -1; // pending high surrogate from a \u escape
    for (;;) {
      let c = b[this.pos];
      if (c === undefined) this.fail("end of string");
      if (c === QUOTE) break;
      if (c < 0x20) this.fail("no control character in string");
      if (c === BACKSLASH) {
        const e = b[this.pos + 1];
        if (e === 0x75) {
          const hex = Buffer.from(b.subarray(this.pos + 2, this.pos + 6)).toString("latin1");
          if (!/^[0-9a-fA-F]{4}$/.test(hex)) this.fail("4 hex digits after \\u");
          c = parseInt(hex, 16);
          this.pos += 6;
        } else {
          const simple = e === undefined ? -1 : SIMPLE_ESCAPES.indexOf(String.fromCharCode(e));
          if (simple < 0) this.fail("a valid escape");
          c = SIMPLE_ESCAPE_CODES[simple]!;
          this.pos += 2;
        }
      } else if (c >= 0x80) {
        c = decodeUtf8(b, this.pos);
        if (utf8Length === 0) this.fail("valid UTF-8");
        this.pos += utf8Length;
      } else {
        this.pos++;
      }
      if (high >= 0 && c >= 0xdc00 && c < 0xe000) {
        c = 0x10000 + ((high - 0xd800) << 10) + (c - 0xdc00);
        n--;
      }
      high = c >= 0xd800 && c < 0xdc00 ? c : -1;
      if (n < 4) this.cps[n] = c;
      n++;
    }
    this.pos++;
    return n > 4 ? 4 : n;
  }

  string(): string {
    this.ws();
    const start = this.pos;
    this.gramString();
    return JSON.parse(Buffer.from(this.bytes.subarray(start, this.pos)).toString("utf8")) as string;
  }

  number(): number {
    this.ws();
    const b = this.bytes;
    // fast path: a plain positive integer
    let p = this.pos;
    let c = b[p]!;
    if (c >= 0x31 && c <= 0x39) {
      let v = 0;
      do {
        v = v * 10 + (c - 0x30);
        c = b[++p]!;
      } while (c >= 0x30 && c <= 0x39);
      if (c !== 0x2e && c !== 0x65 && c !== 0x45 && p - this.pos <= 15) {
        this.pos = p;
        return v;
      }
    }
    const text = Buffer.from(b.subarray(this.pos, this.pos + 400)).toString("latin1");
    NUMBER_RE.lastIndex = 0;
    const found = NUMBER_RE.exec(text);
    if (found === null) this.fail("a number");
    this.pos += found[0].length;
    return Number(found[0]);
  }

  /** Skip any JSON value. */
  skipValue(): void {
    this.ws();
    const c = this.bytes[this.pos];
    if (c === QUOTE) this.gramString();
    else if (c === 0x7b) {
      this.pos++;
      if (this.take(0x7d)) return;
      do {
        this.gramString();
        this.expect(COLON);
        this.skipValue();
      } while (this.take(COMMA));
      this.expect(0x7d);
    } else if (c === 0x5b) {
      this.pos++;
      if (this.take(0x5d)) return;
      do this.skipValue();
      while (this.take(COMMA));
      this.expect(0x5d);
    } else if (this.literal("true") || this.literal("false") || this.literal("null")) {
      // skipped
    } else this.number();
  }

  private literal(word: string): boolean {
    for (let i = 0; i < word.length; i++) if (this.bytes[this.pos + i] !== word.charCodeAt(i)) return false;
    this.pos += word.length;
    return true;
  }
}

function freqEntry(r: Reader, onGram: GramVisitor): void {
  const n = r.gramString();
  r.expect(COLON);
  const count = r.number();
  if (!(count >= 0)) r.fail("a non-negative count");
  onGram(r.cps, n, count);
}

/**
 * Fast path for the common `"gram":123,"gram":45,...` layout (no whitespace, escapes or
 * non-integer counts) starting at an entry. Stops before the first entry it cannot
 * handle, returning its offset (>= 0), or after the last entry it handled when the next
 * byte is not a comma, returning ~offset (< 0).
 */
function fastEntries(b: Uint8Array, pos: number, cps: number[], onGram: GramVisitor): number {
  let p = pos;
  for (;;) {
    if (b[p] !== QUOTE) return p;
    let q = p + 1;
    let n = 0;
    let c = b[q]!;
    while (c !== QUOTE) {
      if (c === BACKSLASH || c < 0x20 || q >= b.length) return p; // escape, control or end
      if (c >= 0x80) {
        c = decodeUtf8(b, q);
        if (utf8Length === 0) return p; // the slow path reports it
        q += utf8Length;
      } else {
        q++;
      }
      if (n < 4) cps[n] = c;
      n++;
      c = b[q]!;
    }
    if (b[++q] !== COLON) return p;
    c = b[++q]!;
    if (c < 0x31 || c > 0x39) return p; // not a plain positive integer
    const digitsStart = q;
    let v = 0;
    do {
      v = v * 10 + (c - 0x30);
      c = b[++q]!;
    } while (c >= 0x30 && c <= 0x39);
    if (c === 0x2e || c === 0x65 || c === 0x45 || q - digitsStart > 15) return p;
    onGram(cps, n > 4 ? 4 : n, v);
    if (c !== COMMA) return ~q;
    p = q + 1;
  }
}

/** Read one profile from its UTF-8 bytes, reporting each `freq` entry to `onGram`. */
export function readProfileJson(bytes: Uint8Array, file: string, onGram: GramVisitor): ProfileJson {
  const r = new Reader(bytes, file);
  let name: string | undefined;
  let nWords: number[] | undefined;
  let sawFreq = false;
  if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) r.fail("no byte order mark");
  r.expect(0x7b);
  if (!r.take(0x7d)) {
    do {
      r.ws();
      const key = r.string();
      r.expect(COLON);
      if (key === "freq") {
        if (sawFreq) r.fail('a single "freq" field');
        sawFreq = true;
        r.expect(0x7b);
        if (!r.take(0x7d)) {
          r.ws();
          const resume = fastEntries(bytes, r.pos, r.cps, onGram);
          if (resume >= 0) {
            r.pos = resume;
            freqEntry(r, onGram);
          } else {
            r.pos = ~resume;
          }
          while (r.take(COMMA)) freqEntry(r, onGram);
          r.expect(0x7d);
        }
      } else if (key === "n_words") {
        nWords = [];
        r.expect(0x5b);
        if (!r.take(0x5d)) {
          do nWords.push(r.number());
          while (r.take(COMMA));
          r.expect(0x5d);
        }
      } else if (key === "name") {
        r.ws();
        if (bytes[r.pos] !== QUOTE) r.fail('a string for "name"');
        name = r.string();
      } else {
        r.skipValue();
      }
    } while (r.take(COMMA));
    r.expect(0x7d);
  }
  r.ws();
  if (r.pos !== bytes.length) r.fail("end of file");
  if (name === undefined || name === "") throw new Error(`langdetect profile ${file}: field "name": expected a non-empty string`);
  if (!sawFreq) throw new Error(`langdetect profile ${file}: field "freq": missing`);
  if (nWords === undefined || nWords.length !== 3 || !nWords.every((v) => v > 0)) {
    throw new Error(`langdetect profile ${file}: field "n_words": expected 3 positive numbers`);
  }
  return { name, nWords };
}
