// A JSON reader with Python json.loads' acceptance for input records: NaN/Infinity/-Infinity are
// accepted, and float literals (3.0, 1e2) stay distinguishable from ints (Python would index a
// list with 3 but raise on 3.0), represented as PyFloat. Everything else is plain JS values.
import { skipJsonWs } from "./syntax.js";

export class PyFloat {
  constructor(readonly value: number) {}
}

export class PyJsonError extends Error {
  override name = "PyJsonError";
}

const NUMBER_RE = /-?(?:0|[1-9][0-9]*)(\.[0-9]+)?([eE][-+]?[0-9]+)?/y;

class Reader {
  pos = 0;
  constructor(private readonly s: string) {}

  fail(what: string): never {
    throw new PyJsonError(`${what} at char ${this.pos}`);
  }

  ws(): void {
    this.pos = skipJsonWs(this.s, this.pos);
  }

  value(depth: number): unknown {
    if (depth > 900) this.fail("nesting too deep");
    this.ws();
    const s = this.s;
    const c = s[this.pos];
    if (c === "{") return this.object(depth);
    if (c === "[") return this.array(depth);
    if (c === '"') return this.string();
    if (s.startsWith("true", this.pos)) return this.lit(4, true);
    if (s.startsWith("false", this.pos)) return this.lit(5, false);
    if (s.startsWith("null", this.pos)) return this.lit(4, null);
    if (s.startsWith("NaN", this.pos)) return this.lit(3, new PyFloat(NaN));
    if (s.startsWith("Infinity", this.pos)) return this.lit(8, new PyFloat(Infinity));
    if (s.startsWith("-Infinity", this.pos)) return this.lit(9, new PyFloat(-Infinity));
    NUMBER_RE.lastIndex = this.pos;
    const m = NUMBER_RE.exec(s);
    if (!m) this.fail("expecting value");
    this.pos += m[0].length;
    const n = Number(m[0]);
    return m[1] !== undefined || m[2] !== undefined ? new PyFloat(n) : n;
  }

  lit<T>(len: number, v: T): T {
    this.pos += len;
    return v;
  }

  string(): string {
    const s = this.s;
    const start = this.pos;
    let i = start + 1;
    for (;;) {
      const j = s.indexOf('"', i);
      if (j < 0) this.fail("unterminated string");
      let k = j - 1;
      while (s.charCodeAt(k) === 0x5c) k--;
      if ((j - 1 - k) % 2 === 0) {
        this.pos = j + 1;
        try {
          return JSON.parse(s.slice(start, j + 1)) as string;
        } catch {
          this.pos = start;
          return this.fail("invalid string");
        }
      }
      i = j + 1;
    }
  }

  array(depth: number): unknown[] {
    this.pos++;
    const out: unknown[] = [];
    this.ws();
    if (this.s[this.pos] === "]") {
      this.pos++;
      return out;
    }
    for (;;) {
      out.push(this.value(depth + 1));
      this.ws();
      const c = this.s[this.pos++];
      if (c === "]") return out;
      if (c !== ",") this.fail("expecting ',' delimiter");
    }
  }

  object(depth: number): Record<string, unknown> {
    this.pos++;
    const out: Record<string, unknown> = {};
    this.ws();
    if (this.s[this.pos] === "}") {
      this.pos++;
      return out;
    }
    for (;;) {
      this.ws();
      if (this.s[this.pos] !== '"') this.fail("expecting property name enclosed in double quotes");
      const k = this.string();
      this.ws();
      if (this.s[this.pos++] !== ":") this.fail("expecting ':' delimiter");
      const v = this.value(depth + 1);
      Object.defineProperty(out, k, { value: v, enumerable: true, writable: true, configurable: true });
      this.ws();
      const c = this.s[this.pos++];
      if (c === "}") return out;
      if (c !== ",") this.fail("expecting ',' delimiter");
    }
  }
}

/** Parse one JSON document like Python's json.loads (floats as PyFloat). Throws PyJsonError. */
export function parsePyJson(text: string): unknown {
  const r = new Reader(text);
  const v = r.value(0);
  r.ws();
  if (r.pos !== text.length) r.fail("extra data");
  return v;
}
