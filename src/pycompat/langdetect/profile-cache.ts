// A binary cache of the compiled langdetect profiles (derived data, kept in the user cache):
// parsing 55 JSON profiles costs ~200 ms per process; reading this file back costs a few ms.
// Keyed by the path, size and mtime of every profile and of messages.properties, so changed data is recompiled.
import { createHash } from "node:crypto";
import { existsSync, readFileSync, statSync } from "node:fs";
import path from "node:path";
import { IntMap } from "./int-map.js";
import { buildNormalizationTables, parseMessagesProperties } from "./messages.js";
import { loadLangProfiles, REFERENCE_LANG_ORDER, type LangProfiles } from "./profiles.js";
import { writeFileAtomic } from "../../util/atomic-write.js";

const FORMAT = "wb-langdetect-v1";
type Arr = Uint32Array | Int32Array | Uint8Array | Float64Array;
const KINDS = { u32: Uint32Array, i32: Int32Array, u8: Uint8Array, f64: Float64Array } as const;
type Kind = keyof typeof KINDS;

function kindOf(a: Arr): Kind {
  return a instanceof Uint32Array ? "u32" : a instanceof Int32Array ? "i32" : a instanceof Uint8Array ? "u8" : "f64";
}

function sourceDigest(dir: string): string {
  const h = createHash("sha256").update(FORMAT);
  for (const f of [...REFERENCE_LANG_ORDER.map((code) => path.join(dir, "profiles", code)), path.join(dir, "messages.properties")]) {
    const st = statSync(f);
    h.update(`${path.resolve(f)}\0${st.size}\0${st.mtimeMs}\0`);
  }
  return h.digest("hex").slice(0, 32);
}

function serialize(p: LangProfiles): Buffer {
  const bs = p.bigramSlot.dump();
  const tw = p.trigramWord.dump();
  const astral = Int32Array.from([...p.astralCharIndex].flat());
  const arrays: Record<string, Arr> = {
    bmpCharIndex: p.bmpCharIndex, astral, unigramWord: p.unigramWord, bsKeys: bs.keys, bsValues: bs.values, bigramWord: p.bigramWord,
    twKeys: tw.keys, twValues: tw.values, wordStart: p.wordStart, entryLang: p.entryLang, entryProb: p.entryProb,
    denseRowOf: p.denseRowOf, denseRows: p.denseRows,
  };
  const layout: Array<{ name: string; kind: Kind; offset: number; length: number }> = [];
  let offset = 0;
  for (const [name, a] of Object.entries(arrays)) {
    offset = Math.ceil(offset / 8) * 8;
    layout.push({ name, kind: kindOf(a), offset, length: a.length });
    offset += a.byteLength;
  }
  const header = Buffer.from(JSON.stringify({ format: FORMAT, langs: p.langs, radix: p.radix, bsCount: bs.count, twCount: tw.count, layout }));
  const base = Math.ceil((8 + header.length) / 8) * 8;
  const out = Buffer.alloc(base + offset);
  out.writeUInt32LE(header.length, 0);
  header.copy(out, 8);
  for (const l of layout) {
    const a = arrays[l.name]!;
    Buffer.from(a.buffer, a.byteOffset, a.byteLength).copy(out, base + l.offset);
  }
  return out;
}

function deserialize(buf: Buffer, dir: string): LangProfiles {
  const hlen = buf.readUInt32LE(0);
  const h = JSON.parse(buf.toString("utf8", 8, 8 + hlen)) as {
    format: string; langs: string[]; radix: number; bsCount: number; twCount: number;
    layout: Array<{ name: string; kind: Kind; offset: number; length: number }>;
  };
  if (h.format !== FORMAT) throw new Error("stale cache format");
  const base = Math.ceil((8 + hlen) / 8) * 8;
  // The typed arrays are views on the file's buffer when it is 8-byte aligned, else on one aligned copy.
  let payload: ArrayBuffer = buf.buffer as ArrayBuffer;
  let start = buf.byteOffset + base;
  if (start % 8 !== 0) {
    payload = new ArrayBuffer(buf.length - base);
    new Uint8Array(payload).set(buf.subarray(base));
    start = 0;
  }
  const a: Record<string, Arr> = {};
  for (const l of h.layout) a[l.name] = new KINDS[l.kind](payload, start + l.offset, l.length);
  const astral = a.astral as Int32Array;
  const astralCharIndex = new Map<number, number>();
  for (let i = 0; i < astral.length; i += 2) astralCharIndex.set(astral[i]!, astral[i + 1]!);
  const messagesFile = path.join(dir, "messages.properties");
  const tables = buildNormalizationTables(parseMessagesProperties(readFileSync(messagesFile).toString("latin1"), messagesFile), messagesFile);
  return {
    langs: h.langs,
    radix: h.radix,
    bmpCharIndex: a.bmpCharIndex as Uint32Array,
    astralCharIndex,
    unigramWord: a.unigramWord as Int32Array,
    bigramSlot: IntMap.restore(a.bsKeys as Int32Array, a.bsValues as Int32Array, h.bsCount),
    bigramWord: a.bigramWord as Int32Array,
    trigramWord: IntMap.restore(a.twKeys as Int32Array, a.twValues as Int32Array, h.twCount),
    wordStart: a.wordStart as Uint32Array,
    entryLang: a.entryLang as Uint8Array,
    entryProb: a.entryProb as Float64Array,
    denseRowOf: a.denseRowOf as Int32Array,
    denseRows: a.denseRows as Float64Array,
    tables,
  };
}

/**
 * loadLangProfiles through a binary cache in `cacheDir` (no cache dir: plain load). A missing,
 * stale or unreadable cache is rebuilt; a cache that cannot be written is skipped silently.
 */
export function loadLangProfilesCached(dir: string, cacheDir: string | undefined): LangProfiles {
  if (!cacheDir) return loadLangProfiles(dir);
  let digest: string;
  try {
    digest = sourceDigest(dir);
  } catch {
    return loadLangProfiles(dir); // let the plain loader report the missing file
  }
  const file = path.join(cacheDir, "derived", `langdetect-${digest}.bin`);
  if (existsSync(file)) {
    try {
      return deserialize(readFileSync(file), dir);
    } catch {
      /* rebuild below */
    }
  }
  const profiles = loadLangProfiles(dir);
  try {
    writeFileAtomic(file, serialize(profiles));
  } catch {
    /* read-only cache: fine, just slower next time */
  }
  return profiles;
}
