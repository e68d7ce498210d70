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

/** Load `<dir>/profiles/<lang>` for the 55 reference languages and `<dir>/messages.properties`. */
export function loadLangProfiles(dir: string): LangProfiles {
  const messagesFile = path.join(dir, "messages.properties");
  const messagesText = readBytes(messagesFile, "messages file").toString("utf8");
  const tables = buildNormalizationTables(parseMessagesProperties(messagesText, messagesFile), messagesFile);

  // One pass over the profiles: alphabet ids for code points, word ids for n-grams
  // (unigrams by alphabet id; bigrams by key a*RADIX + b -> bigram slot, which also
  // serves as trigram prefix; trigrams by key slot*RADIX + c) and one entry per
  // (word, language) with its probability.
  const files = REFERENCE_LANG_ORDER.map((code) => {
    const file = path.join(dir, "profiles", code);
    return { file, bytes: readBytes(file, "profile") };
  });
  const bmpCharIndex = new Uint32Array(0x10000);
  const astralCharIndex = new Map<number, number>();
  let alphabet = 0;
  const charId = (cp: number): number => {
    let id = cp < 0x10000 ? bmpCharIndex[cp]! : astralCharIndex.get(cp) ?? 0;
    if (id === 0) {
      if (++alphabet >= RADIX) throw new Error(`langdetect profiles in ${dir}: more than ${RADIX - 1} distinct characters`);
      id = alphabet;
      if (cp < 0x10000) bmpCharIndex[cp] = id;
      else astralCharIndex.set(cp, id);
    }
    return id;
  };
  const unigramWord = new Int32Array(RADIX).fill(-1);
  const bigramSlot = new IntMap(1 << 16);
  const bigramWordList: number[] = [];
  const trigramWord = new IntMap(1 << 16);
  let nWords = 0;
  const slotOf = (a: number, b: number): number => {
    const key = a * RADIX + b;
    let slot = bigramSlot.get(key);
    if (slot < 0) {
      slot = bigramWordList.length;
      if (slot >= MAX_BIGRAM_SLOTS) throw new Error(`langdetect profiles in ${dir}: more than ${MAX_BIGRAM_SLOTS} distinct bigrams`);
      bigramSlot.set(key, slot);
      bigramWordList.push(-1);
    }
    return slot;
  };
  // An entry takes at least 6 bytes ("x":1,), so this bounds the entry count.
  const capacity = files.reduce((sum, f) => sum + Math.floor(f.bytes.length / 6) + 1, 0);
  const entryWord = new Int32Array(capacity);
  const entryLen = new Uint8Array(capacity);
  const entryLangs = new Uint8Array(capacity);
  const entryProbs = new Float64Array(capacity); // the count until n_words is known
  let nEntries = 0;
  const langs: string[] = [];
  files.forEach(({ file, bytes }, li) => {
    const first = nEntries;
    const profile = readProfileJson(bytes, file, (cps, n, count) => {
      if (n < 1 || n > 3) return; // never matched: n-grams are 1-3 code points
      if (nEntries === capacity) throw new Error(`langdetect profile ${file}: more n-grams than its size allows`);
      const a = charId(cps[0]!);
      let wid: number;
      if (n === 1) {
        wid = unigramWord[a]!;
        if (wid < 0) unigramWord[a] = wid = nWords++;
      } else {
        const slot = slotOf(a, charId(cps[1]!));
        if (n === 2) {
          wid = bigramWordList[slot]!;
          if (wid < 0) bigramWordList[slot] = wid = nWords++;
        } else {
          const key = slot * RADIX + charId(cps[2]!);
          wid = trigramWord.get(key);
          if (wid < 0) trigramWord.set(key, (wid = nWords++));
        }
      }
      entryWord[nEntries] = wid;
      entryLen[nEntries] = n;
      entryLangs[nEntries] = li;
      entryProbs[nEntries] = count;
      nEntries++;
    });
    if (langs.includes(profile.name)) throw new Error(`langdetect profile ${file}: duplicate name "${profile.name}"`);
    langs.push(profile.name);
    for (let e = first; e < nEntries; e++) {
      entryProbs[e] = (1.0 * entryProbs[e]!) / profile.nWords[entryLen[e]! - 1]!; // Python: 1.0 * freq / n_words
    }
  });
  const bigramWord = Int32Array.from(bigramWordList);
  // Counting sort of entries by word id (stable, so lang order within a word is kept).
  const wordStart = new Uint32Array(nWords + 1);
  for (let e = 0; e < nEntries; e++) wordStart[entryWord[e]! + 1]!++;
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
    langs, radix: RADIX, bmpCharIndex, astralCharIndex, unigramWord, bigramSlot, bigramWord, trigramWord,
    wordStart, entryLang, entryProb, denseRowOf, denseRows, tables,
  };
}
