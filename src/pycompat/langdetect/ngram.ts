/**
 * langdetect's text preparation (Detector.append / cleaning_text), character
 * normalisation (NGram.normalize) and n-gram extraction (Detector._extract_ngrams).
 * Text is handled as an array of code points, like a Python str.
 */
import type { NormalizationTables } from "./messages.js";
import type { LangProfiles } from "./profiles.js";
import { isUppercaseCp } from "../py/chars.js";

const MAX_TEXT_LENGTH = 10000;
const SPACE = 0x20;
const URL_RE = /https?:\/\/[-_.?&~;+=/#0-9A-Za-z]{1,2076}/g;
const MAIL_RE = /[-_.0-9A-Za-z]{1,64}@[-_0-9A-Za-z]{1,255}[-_.0-9A-Za-z]{1,255}/g;

/** Detector.append + cleaning_text: the code points the detector works on. */
export function prepareText(text: string, tables: NormalizationTables): number[] {
  // Skipping a substitution whose pattern cannot match changes nothing.
  if (text.includes("http")) text = text.replace(URL_RE, " ");
  if (text.includes("@")) text = text.replace(MAIL_RE, " ");

  text = text.replace(tables.viPattern, (m) => tables.viReplacement.get(m)!);

  const cps: number[] = [];
  let pre = -1;
  let taken = 0;
  let latin = 0;
  let nonLatin = 0;
  for (let i = 0; i < text.length && taken < MAX_TEXT_LENGTH; i++, taken++) {
    let cp = text.charCodeAt(i);
    if (cp >= 0xd800 && cp < 0xdc00 && i + 1 < text.length) {
      const low = text.charCodeAt(i + 1);
      if (low >= 0xdc00 && low < 0xe000) {
        cp = 0x10000 + ((cp - 0xd800) << 10) + (low - 0xdc00);
        i++;
      }
    }
    if (cp !== SPACE || pre !== SPACE) {
      cps.push(cp);
      // cleaning_text: 'A' <= ch <= 'z' is Latin; anything >= U+0300 counts as
      // non-Latin (1.0.9 compares a block id with a block name, which never matches,
      // so Latin Extended Additional is not exempted).
      if (cp >= 0x41 && cp <= 0x7a) latin++;
      else if (cp >= 0x300) nonLatin++;
    }
    pre = cp;
  }
  if (latin * 2 < nonLatin) return cps.filter((cp) => cp < 0x41 || cp > 0x7a);
  return cps;
}

/** NGram.normalize on Basic Latin: ASCII letters stay, everything else is a space. */
const ASCII_NORMALIZED = Uint8Array.from({ length: 0x80 }, (_, cp) =>
  (cp >= 0x41 && cp <= 0x5a) || (cp >= 0x61 && cp <= 0x7a) ? cp : SPACE,
);

/** NGram.normalize for one code point. */
export function normalizeChar(cp: number, tables: NormalizationTables): number {
  if (cp <= 0x7f) {
    // Basic Latin: only ASCII letters survive
    return (cp >= 0x41 && cp <= 0x5a) || (cp >= 0x61 && cp <= 0x7a) ? cp : SPACE;
  }
  if (cp <= 0xff) return tables.latin1Excluded.has(cp) ? SPACE : cp; // Latin-1 Supplement
  if (cp >= 0x180 && cp <= 0x24f) {
    // Latin Extended-B: Romanian comma-below letters -> cedilla forms
    if (cp === 0x219) return 0x15f;
    if (cp === 0x21b) return 0x163;
    return cp;
  }
  if (cp >= 0x600 && cp <= 0x6ff) return cp === 0x6cc ? 0x64a : cp; // Arabic: Farsi yeh
  if (cp >= 0x1e00 && cp <= 0x1eff) return cp >= 0x1ea0 ? 0x1ec3 : cp; // Latin Extended Additional
  if (cp >= 0x2000 && cp <= 0x206f) return SPACE; // General Punctuation
  if (cp >= 0x3040 && cp <= 0x309f) return 0x3042; // Hiragana
  if (cp >= 0x30a0 && cp <= 0x30ff) return 0x30a2; // Katakana
  if ((cp >= 0x3100 && cp <= 0x312f) || (cp >= 0x31a0 && cp <= 0x31bf)) return 0x3105; // Bopomofo (+Extended)
  if (cp >= 0x4e00 && cp <= 0x9fff) return tables.cjkMap.get(cp) ?? cp; // CJK Unified Ideographs
  if (cp >= 0xac00 && cp <= 0xd7af) return 0xac00; // Hangul Syllables
  return cp;
}

/**
 * Detector._extract_ngrams: word ids of the 1-3-grams (present in some profile) seen
 * while feeding the normalised characters through NGram.add_char.
 */
export function extractNgrams(cps: readonly number[], profiles: LangProfiles): number[] {
  const { tables, bmpCharIndex, astralCharIndex, unigramWord, bigramSlot, bigramWord, trigramWord } = profiles;
  const radix = profiles.radix;
  const spaceId = bmpCharIndex[SPACE]!;
  const result: number[] = [];
  // NGram buffer state: its last code point, its length (1-3), the alphabet ids of its
  // last two code points (0 = in no profile) and the bigram slot of those two (-1 = none).
  let last = SPACE;
  let len = 1;
  let capitalword = false;
  let id1 = 0;
  let id2 = spaceId;
  let slot12 = -1;
  for (let k = 0; k < cps.length; k++) {
    const cp = cps[k]!;
    const ch = cp < 0x80 ? ASCII_NORMALIZED[cp]! : normalizeChar(cp, tables);
    const prev = last;
    if (prev === SPACE) {
      // buffer restarts as " "
      len = 1;
      id2 = spaceId;
      capitalword = false;
      if (ch === SPACE) continue;
    } else if (len === 3) {
      len = 2; // drop the oldest
    }
    const prevSlot = len >= 2 ? slot12 : -1; // slot of the two code points before ch
    const id = ch < 0x10000 ? bmpCharIndex[ch]! : astralCharIndex.get(ch) ?? 0;
    id1 = id2;
    id2 = id;
    len++;
    last = ch;
    slot12 = id1 !== 0 && id !== 0 ? bigramSlot.get(id1 * radix + id) : -1;
    if (isUppercaseCp(ch)) {
      if (isUppercaseCp(prev)) capitalword = true;
    } else {
      capitalword = false;
    }
    if (capitalword || id === 0) continue;
    if (ch !== SPACE) {
      // a lone space is not a feature
      const w1 = unigramWord[id]!;
      if (w1 >= 0) result.push(w1);
    }
    if (slot12 >= 0) {
      const w2 = bigramWord[slot12]!;
      if (w2 >= 0) result.push(w2);
    }
    if (len === 3 && prevSlot >= 0) {
      const w3 = trigramWord.get(prevSlot * radix + id);
      if (w3 >= 0) result.push(w3);
    }
  }
  return result;
}
