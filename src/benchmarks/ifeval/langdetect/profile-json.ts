/**
 * Streaming reader for one langdetect profile (`{"freq": {gram: count, ...},
 * "n_words": [n1, n2, n3], "name": "xx"}`). Strict JSON, but the thousands of `freq`
 * keys are handed over as code points instead of being materialised as a JS object,
 * which makes loading all 55 profiles several times faster than JSON.parse.
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

const NUMBER_RE = /-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?/y;
const SIMPLE_ESCAPE_CODES = [0x22, 0x5c, 0x2f, 0x08, 0x0c, 0x0a, 0x0d, 0x09];

class Reader {
  pos = 0;
  readonly cps = [0, 0, 0, 0];

  constructor(
    readonly text: string,
    readonly file: string,
  ) {}

  fail(expected: string): never {
    const near = JSON.stringify(this.text.slice(this.pos, this.pos + 20));
    throw new Error(`langdetect profile ${this.file}: malformed JSON at offset ${this.pos}: expected ${expected}, found ${near}`);
  }

  ws(): void {
    const t = this.text;
    let c = t.charCodeAt(this.pos);
    while (c === 0x20 || c === 0x0a || c === 0x0d || c === 0x09) c = t.charCodeAt(++this.pos);
  }

  expect(ch: string): void {
    this.ws();
    if (this.text[this.pos] !== ch) this.fail(`"${ch}"`);
    this.pos++;
  }

  /** Next non-space character is `ch`: consume it and return true. */
  take(ch: string): boolean {
    this.ws();
    if (this.text[this.pos] !== ch) return false;
    this.pos++;
    return true;
  }

  /** Parse a string; its code points go to this.cps (first 4); returns the count (capped at 4). */
  gramString(): number {
    this.expect('"');
    const t = this.text;
    let n = 0;
    let high = -1; // pending high surrogate (raw or escaped): pairs form one code point
    for (;;) {
      let c = t.charCodeAt(this.pos++);
      if (Number.isNaN(c)) this.fail("end of string");
      if (c === 0x22) break;
      if (c < 0x20) this.fail("no control character in string");
      if (c === 0x5c) {
        const e = t[this.pos++];
        if (e === "u") {
          const hex = t.slice(this.pos, this.pos + 4);
          if (!/^[0-9a-fA-F]{4}$/.test(hex)) this.fail("4 hex digits after \\u");
          this.pos += 4;
          c = parseInt(hex, 16);
        } else {
          const simple = e === undefined ? -1 : '"\\/bfnrt'.indexOf(e);
          if (simple < 0) this.fail("a valid escape");
          c = SIMPLE_ESCAPE_CODES[simple]!;
        }
      }
      if (high >= 0 && c >= 0xdc00 && c < 0xe000) {
        c = 0x10000 + ((high - 0xd800) << 10) + (c - 0xdc00);
        high = -1;
      } else {
        if (high >= 0 && n++ < 4) this.cps[n - 1] = high;
        high = -1;
        if (c >= 0xd800 && c < 0xdc00) {
          high = c;
          continue;
        }
      }
      if (n++ < 4) this.cps[n - 1] = c;
    }
    if (high >= 0 && n++ < 4) this.cps[n - 1] = high;
    return Math.min(n, 4);
  }

  string(): string {
    this.ws();
    const start = this.pos;
    this.gramString();
    return JSON.parse(this.text.slice(start, this.pos)) as string;
  }

  number(): number {
    this.ws();
    const t = this.text;
    // fast path: a plain non-negative integer
    let p = this.pos;
    let c = t.charCodeAt(p);
    if (c >= 0x31 && c <= 0x39) {
      let v = 0;
      do {
        v = v * 10 + (c - 0x30);
        c = t.charCodeAt(++p);
      } while (c >= 0x30 && c <= 0x39);
      if (c !== 0x2e && c !== 0x65 && c !== 0x45 && v <= Number.MAX_SAFE_INTEGER) {
        this.pos = p;
        return v;
      }
    }
    NUMBER_RE.lastIndex = this.pos;
    const found = NUMBER_RE.exec(t);
    if (found === null) this.fail("a number");
    this.pos += found[0].length;
    return Number(found[0]);
  }

  /** Skip any JSON value. */
  skipValue(): void {
    this.ws();
    const c = this.text[this.pos];
    if (c === '"') this.gramString();
    else if (c === "{") {
      this.pos++;
      if (this.take("}")) return;
      do {
        this.gramString();
        this.expect(":");
        this.skipValue();
      } while (this.take(","));
      this.expect("}");
    } else if (c === "[") {
      this.pos++;
      if (this.take("]")) return;
      do this.skipValue();
      while (this.take(","));
      this.expect("]");
    } else if (this.text.startsWith("true", this.pos)) this.pos += 4;
    else if (this.text.startsWith("false", this.pos)) this.pos += 5;
    else if (this.text.startsWith("null", this.pos)) this.pos += 4;
    else this.number();
  }
}

/** Read one profile, reporting each `freq` entry to `onGram`. */
export function readProfileJson(text: string, file: string, onGram: GramVisitor): ProfileJson {
  const r = new Reader(text, file);
  let name: string | undefined;
  let nWords: number[] | undefined;
  let sawFreq = false;
  r.expect("{");
  if (!r.take("}")) {
    do {
      r.ws();
      const key = r.string();
      r.expect(":");
      if (key === "freq") {
        sawFreq = true;
        r.expect("{");
        if (!r.take("}")) {
          do {
            const n = r.gramString();
            r.expect(":");
            const count = r.number();
            if (!(count >= 0)) r.fail("a non-negative count");
            onGram(r.cps, n, count);
          } while (r.take(","));
          r.expect("}");
        }
      } else if (key === "n_words") {
        nWords = [];
        r.expect("[");
        if (!r.take("]")) {
          do nWords.push(r.number());
          while (r.take(","));
          r.expect("]");
        }
      } else if (key === "name") {
        r.ws();
        if (r.text[r.pos] !== '"') r.fail("a string for \"name\"");
        name = r.string();
      } else {
        r.skipValue();
      }
    } while (r.take(","));
    r.expect("}");
  }
  r.ws();
  if (r.pos !== text.length) r.fail("end of file");
  if (name === undefined || name === "") throw new Error(`langdetect profile ${file}: field "name": expected a non-empty string`);
  if (!sawFreq) throw new Error(`langdetect profile ${file}: field "freq": missing`);
  if (nWords === undefined || nWords.length !== 3 || !nWords.every((v) => v > 0)) {
    throw new Error(`langdetect profile ${file}: field "n_words": expected 3 positive numbers`);
  }
  return { name, nWords };
}
