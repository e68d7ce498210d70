/**
 * Loading langdetect 1.0.9's 55 n-gram profiles into a compact lookup structure.
 *
 * Python builds `word -> [p(word|lang) for lang in langlist]` with
 * p = freq / n_words[len(word) - 1]. Here each 1-3 code point n-gram gets a word id
 * (found through small-integer keys over an alphabet index) and its per-language
 * probabilities are stored sparsely (CSR).
 */
import fs from "node:fs";
import path from "node:path";
import { IntMap } from "./int-map.js";
import { buildNormalizationTables, parseMessagesProperties, type NormalizationTables } from "./messages.js";
import { readProfileJson } from "./profile-json.js";

/**
 * Profile order = `os.listdir` order of the profile directory on the reference machine.
 * It fixes the probability slots and therefore the float summation order.
 */
export const REFERENCE_LANG_ORDER: readonly string[] = [
  "pl", "gu", "zh-tw", "fi", "af", "ne", "ro", "da", "hr", "de", "pa", "en", "fa", "ca", "so",
  "ja", "ko", "es", "cs", "ru", "vi", "uk", "bn", "fr", "kn", "hu", "te", "lv", "sk", "sl",
  "el", "id", "it", "bg", "ta", "he", "sq", "hi", "th", "tr", "ml", "mk", "pt", "tl", "mr",
  "sv", "et", "nl", "sw", "cy", "no", "ur", "lt", "ar", "zh-cn",
];

export interface LangProfiles {
  /** Language codes (the profiles' `name`), in reference order; index = probability slot. */
  readonly langs: readonly string[];
  /** Alphabet ids are below this radix of the integer n-gram keys. */
  readonly radix: number;
  /** BMP code point -> 1-based alphabet index, 0 when no profile n-gram uses it. */
  readonly bmpCharIndex: Uint32Array;
  /** Same for code points above U+FFFF. */
  readonly astralCharIndex: ReadonlyMap<number, number>;
  /** Alphabet id -> word id of that unigram, -1 if none. */
  readonly unigramWord: Int32Array;
  /** a * radix + b -> slot of bigram (a, b) (a bigram word or a trigram prefix). */
  readonly bigramSlot: IntMap;
  /** Bigram slot -> word id, -1 when the bigram is only a trigram prefix. */
  readonly bigramWord: Int32Array;
  /** slot(a, b) * radix + c -> word id of trigram (a, b, c). */
  readonly trigramWord: IntMap;
  /** Entries of word w are wordStart[w] .. wordStart[w + 1] - 1. */
  readonly wordStart: Uint32Array;
  readonly entryLang: Uint8Array;
  readonly entryProb: Float64Array;
  /** Word id -> offset of its row in denseRows, or -1 (then use the sparse entries). */
  readonly denseRowOf: Int32Array;
  /** Rows of langs.length probabilities (0 where the language lacks the word). */
  readonly denseRows: Float64Array;
  /** Character normalisation tables from messages.properties. */
  readonly tables: NormalizationTables;
}

/** Radix of the integer n-gram keys: alphabet ids are below it. */
const RADIX = 1 << 15;
/** Trigram keys slot*RADIX + c must stay below 2^31 - 1 (IntMap keys). */
const MAX_BIGRAM_SLOTS = (1 << 16) - 1;

/** Words with at least this many languages also get a dense probability row. */
const DENSE_MIN_ENTRIES = 8;

function readBytes(file: string, what: string): Buffer {
  try {
    return fs.readFileSync(file);
  } catch (err) {
    throw new Error(`langdetect ${what} ${file}: cannot read (${(err as Error).message})`);
  }
}

/**
 * Accumulates profile entries: alphabet ids for code points, word ids for n-grams
 * (unigrams by alphabet id; bigrams by key a*RADIX + b -> bigram slot, which also serves
 * as trigram prefix; trigrams by key slot*RADIX + c) and one entry per (word, language).
 */
class ProfileBuilder {
  readonly bmpCharIndex = new Uint32Array(0x10000);
  readonly astralCharIndex = new Map<number, number>();
  alphabet = 0;
  readonly unigramWord = new Int32Array(RADIX).fill(-1);
  readonly bigramSlot = new IntMap(1 << 16);
  /** Bigram slot -> word id (-1: only a trigram prefix so far). */
  readonly bigramWord = new Int32Array(MAX_BIGRAM_SLOTS).fill(-1);
  nSlots = 0;
  readonly trigramWord = new IntMap(1 << 16);
  nWords = 0;
  readonly entryWord: Int32Array;
  readonly entryLen: Uint8Array;
  readonly entryLang: Uint8Array;
  /** Probability, or the raw count until the profile's n_words is known. */
  readonly entryProb: Float64Array;
  nEntries = 0;
  /** Language index and file of the profile being read. */
  lang = 0;
  file = "";

  constructor(
    readonly dir: string,
    readonly capacity: number,
  ) {
    this.entryWord = new Int32Array(capacity);
    this.entryLen = new Uint8Array(capacity);
    this.entryLang = new Uint8Array(capacity);
    this.entryProb = new Float64Array(capacity);
  }

  /** Alphabet id of a code point, assigning the next one to a new code point. */
  charId(cp: number): number {
    if (cp < 0x10000) {
      const id = this.bmpCharIndex[cp]!;
      if (id !== 0) return id;
    } else {
      const id = this.astralCharIndex.get(cp);
      if (id !== undefined) return id;
    }
    if (++this.alphabet >= RADIX) throw new Error(`langdetect profiles in ${this.dir}: more than ${RADIX - 1} distinct characters`);
    if (cp < 0x10000) this.bmpCharIndex[cp] = this.alphabet;
    else this.astralCharIndex.set(cp, this.alphabet);
    return this.alphabet;
  }

  slotOf(a: number, b: number): number {
    const slot = this.bigramSlot.getOrSet(a * RADIX + b, this.nSlots);
    if (slot >= 0) return slot;
    if (this.nSlots >= MAX_BIGRAM_SLOTS) throw new Error(`langdetect profiles in ${this.dir}: more than ${MAX_BIGRAM_SLOTS} distinct bigrams`);
    return this.nSlots++;
  }

  /** One freq entry of the current profile (n = length in code points, capped at 4). */
  add(cps: readonly number[], n: number, count: number): void {
    if (n < 1 || n > 3) return; // never matched: n-grams are 1-3 code points
    if (this.nEntries === this.capacity) throw new Error(`langdetect profile ${this.file}: more n-grams than its size allows`);
    const a = this.charId(cps[0]!);
    let wid: number;
    if (n === 1) {
      wid = this.unigramWord[a]!;
      if (wid < 0) this.unigramWord[a] = wid = this.nWords++;
    } else {
      const slot = this.slotOf(a, this.charId(cps[1]!));
      if (n === 2) {
        wid = this.bigramWord[slot]!;
        if (wid < 0) this.bigramWord[slot] = wid = this.nWords++;
      } else {
        wid = this.trigramWord.getOrSet(slot * RADIX + this.charId(cps[2]!), this.nWords);
        if (wid < 0) wid = this.nWords++;
      }
    }
    const e = this.nEntries++;
    this.entryWord[e] = wid;
    this.entryLen[e] = n;
    this.entryLang[e] = this.lang;
    this.entryProb[e] = count;
  }

  /** Turn the counts of entries first.. into probabilities: 1.0 * freq / n_words[len - 1]. */
  divide(first: number, nWords: readonly number[]): void {
    const { entryLen, entryProb } = this;
    for (let e = first; e < this.nEntries; e++) entryProb[e] = (1.0 * entryProb[e]!) / nWords[entryLen[e]! - 1]!;
  }
}

/** Group entries by word (stable counting sort, so languages stay in order within a word). */
function toCsr(b: ProfileBuilder): { wordStart: Uint32Array; entryLang: Uint8Array; entryProb: Float64Array } {
  const { nWords, nEntries, entryWord } = b;
  const wordStart = new Uint32Array(nWords + 1);
  for (let e = 0; e < nEntries; e++) wordStart[entryWord[e]! + 1]!++;
  for (let w = 0; w < nWords; w++) wordStart[w + 1]! += wordStart[w]!;
  const fill = wordStart.slice(0, nWords);
  const entryLang = new Uint8Array(nEntries);
  const entryProb = new Float64Array(nEntries);
  for (let e = 0; e < nEntries; e++) {
    const pos = fill[entryWord[e]!]!++;
    entryLang[pos] = b.entryLang[e]!;
    entryProb[pos] = b.entryProb[e]!;
  }
  return { wordStart, entryLang, entryProb };
}

/** Dense probability rows for the words known to at least DENSE_MIN_ENTRIES languages. */
function denseRows(
  nLangs: number,
  csr: { wordStart: Uint32Array; entryLang: Uint8Array; entryProb: Float64Array },
): { denseRowOf: Int32Array; denseRows: Float64Array } {
  const { wordStart, entryLang, entryProb } = csr;
  const nWords = wordStart.length - 1;
  const denseRowOf = new Int32Array(nWords).fill(-1);
  let nDense = 0;
  for (let w = 0; w < nWords; w++) {
    if (wordStart[w + 1]! - wordStart[w]! >= DENSE_MIN_ENTRIES) denseRowOf[w] = nLangs * nDense++;
  }
  const rows = new Float64Array(nLangs * nDense);
  for (let w = 0; w < nWords; w++) {
    const row = denseRowOf[w]!;
    if (row < 0) continue;
    for (let e = wordStart[w]!; e < wordStart[w + 1]!; e++) rows[row + entryLang[e]!] = entryProb[e]!;
  }
  return { denseRowOf, denseRows: rows };
}

/** Load `<dir>/profiles/<lang>` for the 55 reference languages and `<dir>/messages.properties`. */
export function loadLangProfiles(dir: string): LangProfiles {
  const messagesFile = path.join(dir, "messages.properties");
  // Python decodes each value with value.encode().decode("unicode_escape"): the raw
  // bytes read as Latin-1, plus escapes. Reading the file as Latin-1 does the same.
  const messagesText = readBytes(messagesFile, "messages file").toString("latin1");
  const tables = buildNormalizationTables(parseMessagesProperties(messagesText, messagesFile), messagesFile);

  const files = REFERENCE_LANG_ORDER.map((code) => {
    const file = path.join(dir, "profiles", code);
    return { file, bytes: readBytes(file, "profile") };
  });
  // An entry takes at least 6 bytes ("x":1,), so this bounds the entry count.
  const capacity = files.reduce((sum, f) => sum + Math.floor(f.bytes.length / 6) + 1, 0);
  const builder = new ProfileBuilder(dir, capacity);
  const onGram = (cps: readonly number[], n: number, count: number): void => builder.add(cps, n, count);
  const langs: string[] = [];
  files.forEach(({ file, bytes }, li) => {
    builder.lang = li;
    builder.file = file;
    const first = builder.nEntries;
    const profile = readProfileJson(bytes, file, onGram);
    if (langs.includes(profile.name)) throw new Error(`langdetect profile ${file}: duplicate name "${profile.name}"`);
    langs.push(profile.name);
    builder.divide(first, profile.nWords);
  });
  const csr = toCsr(builder);
  return {
    langs,
    radix: RADIX,
    bmpCharIndex: builder.bmpCharIndex,
    astralCharIndex: builder.astralCharIndex,
    unigramWord: builder.unigramWord,
    bigramSlot: builder.bigramSlot,
    bigramWord: builder.bigramWord.slice(0, builder.nSlots),
    trigramWord: builder.trigramWord,
    ...csr,
    ...denseRows(langs.length, csr),
    tables,
  };
}
