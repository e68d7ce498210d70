/**
 * langdetect's `messages.properties`: the Latin-1 exclusion set, the Vietnamese
 * combining-mark table and the CJK ideograph classes used for character normalisation.
 */

/** Character tables derived from messages.properties. */
export interface NormalizationTables {
  /** Latin-1 Supplement code points mapped to a space (NGram.LATIN1_EXCLUDE). */
  readonly latin1Excluded: ReadonlySet<number>;
  /** Ideograph (U+4E00..U+9FFF) -> representative of its class (NGram.KANJI_*). */
  readonly cjkMap: ReadonlyMap<number, number>;
  /** Vowel followed by one of five combining marks; global, for String.replace. */
  readonly viPattern: RegExp;
  /** vowel + mark (two UTF-16 units) -> precomposed character. */
  readonly viReplacement: ReadonlyMap<string, string>;
}

const VI_MARK_KEYS = ["0300", "0301", "0303", "0309", "0323"] as const;

/**
 * Parse like langdetect's Messages: each line stripped, split at the first '=',
 * the value decoded as Python 'unicode_escape' (pass the file decoded as Latin-1).
 * Later keys win.
 */
export function parseMessagesProperties(text: string, source: string): Map<string, string> {
  const out = new Map<string, string>();
  const lines = text.split("\n");
  for (let n = 0; n < lines.length; n++) {
    const line = lines[n]!.trim();
    const eq = line.indexOf("=");
    const key = eq < 0 ? line : line.slice(0, eq);
    const value = eq < 0 ? "" : line.slice(eq + 1);
    out.set(key, decodeEscapes(value, `${source}:${n + 1}`));
  }
  return out;
}

const SIMPLE_ESCAPES: Readonly<Record<string, string>> = {
  "\\": "\\", "'": "'", '"': '"', n: "\n", t: "\t", r: "\r", a: "\x07", b: "\b", f: "\f", v: "\v",
};
const ESCAPE_RE = /\\(u[0-9a-fA-F]{4}|U[0-9a-fA-F]{8}|x[0-9a-fA-F]{2}|[^]|$)/g;

function decodeEscapes(value: string, where: string): string {
  if (!value.includes("\\")) return value;
  return value.replace(ESCAPE_RE, (_, esc: string) => {
    if (esc.length > 1) return String.fromCodePoint(parseInt(esc.slice(1), 16));
    const simple = SIMPLE_ESCAPES[esc];
    if (simple === undefined) throw new Error(`${where}: unsupported escape "\\${esc}" in value`);
    return simple;
  });
}

function required(messages: ReadonlyMap<string, string>, key: string, source: string): string {
  const value = messages.get(key);
  if (value === undefined || value === "") throw new Error(`${source}: missing key "${key}"`);
  return value;
}

function hexEscape(ch: string): string {
  return "\\u" + ch.charCodeAt(0).toString(16).padStart(4, "0");
}

/** Build the normalisation tables; `source` names the file in error messages. */
export function buildNormalizationTables(messages: ReadonlyMap<string, string>, source: string): NormalizationTables {
  const latin1Excluded = new Set<number>();
  for (const ch of required(messages, "NGram.LATIN1_EXCLUDE", source)) latin1Excluded.add(ch.codePointAt(0)!);

  // langdetect lists its 126 KANJI classes explicitly; they are exactly the
  // NGram.KANJI_* keys in file order. Each class maps to its first character.
  const cjkMap = new Map<number, number>();
  let classes = 0;
  for (const [key, value] of messages) {
    if (!key.startsWith("NGram.KANJI_")) continue;
    classes++;
    const representative = value.codePointAt(0);
    if (representative === undefined) throw new Error(`${source}: empty class "${key}"`);
    for (let i = 0; i < value.length; i++) {
      const cp = value.codePointAt(i)!;
      if (cp > 0xffff) i++;
      cjkMap.set(cp, representative);
    }
  }
  if (classes === 0) throw new Error(`${source}: no NGram.KANJI_* classes`);

  const vowels = Array.from(required(messages, "TO_NORMALIZE_VI_CHARS", source));
  const marks = Array.from(required(messages, "DMARK_CLASS", source));
  if (marks.length !== VI_MARK_KEYS.length) {
    throw new Error(`${source}: DMARK_CLASS: expected ${VI_MARK_KEYS.length} marks, got ${marks.length}`);
  }
  const viReplacement = new Map<string, string>();
  for (let m = 0; m < marks.length; m++) {
    const key = `NORMALIZED_VI_CHARS_${VI_MARK_KEYS[m]}`;
    const targets = Array.from(required(messages, key, source));
    if (targets.length !== vowels.length) {
      throw new Error(`${source}: ${key}: expected ${vowels.length} characters, got ${targets.length}`);
    }
    for (let v = 0; v < vowels.length; v++) viReplacement.set(vowels[v]! + marks[m]!, targets[v]!);
  }
  for (const ch of [...vowels, ...marks]) {
    if (ch.length !== 1) throw new Error(`${source}: Vietnamese tables: expected BMP characters`);
  }
  const viPattern = new RegExp(`[${vowels.map(hexEscape).join("")}][${marks.map(hexEscape).join("")}]`, "g");
  return { latin1Excluded, cjkMap, viPattern, viReplacement };
}
