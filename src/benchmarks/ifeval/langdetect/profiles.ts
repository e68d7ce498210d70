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
  /** Number of bits per character in a gram key. */
  readonly charBits: number;
  /** BMP code point -> 1-based alphabet index, 0 when no profile n-gram uses it. */
  readonly bmpCharIndex: Uint32Array;
  /** Same for code points above U+FFFF. */
  readonly astralCharIndex: ReadonlyMap<number, number>;
  /** Alphabet id -> word id of that unigram, -1 if none. */
  readonly unigramWord: Int32Array;
  /** a * 2^charBits + b -> slot of bigram (a, b) (a bigram word or a trigram prefix). */
  readonly bigramSlot: IntMap;
  /** Bigram slot -> word id, -1 when the bigram is only a trigram prefix. */
  readonly bigramWord: Int32Array;
  /** slot(a, b) * 2^charBits + c -> word id of trigram (a, b, c). */
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

/** Words with at least this many languages also get a dense probability row. */
const DENSE_MIN_ENTRIES = 8;

function readText(file: string, what: string): string {
  try {
    return fs.readFileSync(file, "utf8");
  } catch (err) {
    throw new Error(`langdetect ${what} ${file}: cannot read (${(err as Error).message})`);
  }
}

function grow<T extends Int32Array | Uint8Array | Float64Array>(a: T, size: number): T {
  const b = new (a.constructor as new (n: number) => T)(size);
  b.set(a);
  return b;
}

/** Load `<dir>/profiles/<lang>` for the 55 reference languages and `<dir>/messages.properties`. */
export function loadLangProfiles(dir: string): LangProfiles {
  const messagesFile = path.join(dir, "messages.properties");
  const messagesText = readText(messagesFile, "messages file");
  const tables = buildNormalizationTables(parseMessagesProperties(messagesText, messagesFile), messagesFile);

  // Pass 1: alphabet (code points of 1-3 code point n-grams) and the entries
  // (n-gram as alphabet ids, language, probability).
  const bmpCharIndex = new Uint32Array(0x10000);
  const astralCharIndex = new Map<number, number>();
  let alphabet = 0;
  const charId = (cp: number): number => {
    if (cp < 0x10000) {
      let id = bmpCharIndex[cp]!;
      if (id === 0) bmpCharIndex[cp] = id = ++alphabet;
      return id;
    }
    let id = astralCharIndex.get(cp);
    if (id === undefined) astralCharIndex.set(cp, (id = ++alphabet));
    return id;
  };
  let capacity = 1 << 16;
  let gramIds = new Int32Array(3 * capacity); // alphabet ids, 3 per entry
  let gramLen = new Uint8Array(capacity);
  let entryLangs = new Uint8Array(capacity);
  let entryProbs = new Float64Array(capacity); // the count until n_words is known
  let nEntries = 0;
  const langs: string[] = [];
  REFERENCE_LANG_ORDER.forEach((code, li) => {
    const file = path.join(dir, "profiles", code);
    const first = nEntries;
    const profile = readProfileJson(readText(file, "profile"), file, (cps, n, count) => {
      if (n < 1 || n > 3) return; // never matched: n-grams are 1-3 code points
      if (nEntries === capacity) {
        capacity *= 2;
        gramIds = grow(gramIds, 3 * capacity);
        gramLen = grow(gramLen, capacity);
        entryLangs = grow(entryLangs, capacity);
        entryProbs = grow(entryProbs, capacity);
      }
      for (let k = 0; k < n; k++) gramIds[3 * nEntries + k] = charId(cps[k]!);
      gramLen[nEntries] = n;
      entryLangs[nEntries] = li;
      entryProbs[nEntries] = count;
      nEntries++;
    });
    if (langs.includes(profile.name)) throw new Error(`langdetect profile ${file}: duplicate name "${profile.name}"`);
    langs.push(profile.name);
    for (let e = first; e < nEntries; e++) {
      entryProbs[e] = (1.0 * entryProbs[e]!) / profile.nWords[gramLen[e]! - 1]!; // Python: 1.0 * freq / n_words
    }
  });
  let charBits = 1;
  while (2 ** charBits <= alphabet) charBits++;
  if (2 * charBits > 30) throw new Error(`langdetect profiles in ${dir}: alphabet of ${alphabet} characters is too large`);
  const radix = 2 ** charBits;

  // Pass 2: word ids. Unigrams by alphabet id; bigrams by key a*radix + b -> bigram
  // slot (bigram words and trigram prefixes); trigrams by key slot*radix + c.
  const unigramWord = new Int32Array(alphabet + 1).fill(-1);
  const bigramSlot = new IntMap(1 << 16);
  const bigramWordList: number[] = [];
  const trigramWord = new IntMap(1 << 16);
  let nWords = 0;
  const slotOf = (a: number, b: number): number => {
    const key = a * radix + b;
    let slot = bigramSlot.get(key);
    if (slot < 0) {
      bigramSlot.set(key, (slot = bigramWordList.length));
      bigramWordList.push(-1);
    }
    return slot;
  };
  const entryWord = new Uint32Array(nEntries);
  for (let e = 0; e < nEntries; e++) {
    const a = gramIds[3 * e]!;
    const b = gramIds[3 * e + 1]!;
    const c = gramIds[3 * e + 2]!;
    let wid: number;
    if (gramLen[e] === 1) {
      wid = unigramWord[a]!;
      if (wid < 0) unigramWord[a] = wid = nWords++;
    } else if (gramLen[e] === 2) {
      const slot = slotOf(a, b);
      wid = bigramWordList[slot]!;
      if (wid < 0) bigramWordList[slot] = wid = nWords++;
    } else {
      const key = slotOf(a, b) * radix + c;
      wid = trigramWord.get(key);
      if (wid < 0) trigramWord.set(key, (wid = nWords++));
    }
    entryWord[e] = wid;
  }
  const bigramWord = Int32Array.from(bigramWordList);
  // Counting sort of entries by word id (stable, so lang order within a word is kept).
  const wordStart = new Uint32Array(nWords + 1);
  for (const w of entryWord) wordStart[w + 1]!++;
  for (let w = 0; w < nWords; w++) wordStart[w + 1]! += wordStart[w]!;
  const fill = wordStart.slice(0, nWords);
  const entryLang = new Uint8Array(nEntries);
  const entryProb = new Float64Array(nEntries);
  for (let e = 0; e < nEntries; e++) {
    const pos = fill[entryWord[e]!]!++;
    entryLang[pos] = entryLangs[e]!;
    entryProb[pos] = entryProbs[e]!;
  }
  // Dense rows for words known to many languages (the frequent ones).
  const nLangs = langs.length;
  const denseRowOf = new Int32Array(nWords).fill(-1);
  let nDense = 0;
  for (let w = 0; w < nWords; w++) {
    if (wordStart[w + 1]! - wordStart[w]! >= DENSE_MIN_ENTRIES) denseRowOf[w] = nLangs * nDense++;
  }
  const denseRows = new Float64Array(nLangs * nDense);
  for (let w = 0; w < nWords; w++) {
    const row = denseRowOf[w]!;
    if (row < 0) continue;
    for (let e = wordStart[w]!; e < wordStart[w + 1]!; e++) denseRows[row + entryLang[e]!] = entryProb[e]!;
  }
  return {
    langs, charBits, bmpCharIndex, astralCharIndex, unigramWord, bigramSlot, bigramWord, trigramWord,
    wordStart, entryLang, entryProb, denseRowOf, denseRows, tables,
  };
}
