// length_constraints:* — number_sentences, number_paragraphs, number_words, nth_paragraph_first_word.
import { compare, pyNumber, relation, required, str, threshold, type Relation } from "../kwargs.js";
import { IfevalRecordError, type Checker } from "../types.js";
import { isPySpace, pyLower, pyLstrip, pySplit, pyStrip } from "../../../pycompat/py/str.js";

interface CountConfig {
  limit: number;
  relation: Relation;
}

const SENTENCES = "length_constraints:number_sentences";
export const numberSentences: Checker<CountConfig> = {
  id: SENTENCES,
  kwargNames: ["num_sentences", "relation"],
  build: (kw) => ({ limit: threshold(kw, "num_sentences", SENTENCES), relation: relation(kw, "relation", SENTENCES) }),
  check: (c, text, ctx) => compare(ctx.countSentences(text), c.relation, c.limit),
};

/** Python `re.split(r"\s?\*\*\*\s?", text)`. */
export function splitOnDividers(text: string): string[] {
  const parts: string[] = [];
  let last = 0;
  let from = 0;
  for (;;) {
    const j = text.indexOf("***", from);
    if (j < 0) break;
    const start = j - 1 >= last && isPySpace(text.charCodeAt(j - 1)) ? j - 1 : j;
    let end = j + 3;
    if (end < text.length && isPySpace(text.charCodeAt(end))) end++;
    parts.push(text.slice(last, start));
    last = end;
    from = end;
  }
  parts.push(text.slice(last));
  return parts;
}

const PARAGRAPHS = "length_constraints:number_paragraphs";
export const numberParagraphs: Checker<number> = {
  id: PARAGRAPHS,
  kwargNames: ["num_paragraphs"],
  build: (kw) => threshold(kw, "num_paragraphs", PARAGRAPHS),
  check(expected, text) {
    const parts = splitOnDividers(text);
    let n = parts.length;
    for (let i = 0; i < parts.length; i++) {
      if (pyStrip(parts[i]!) === "") {
        if (i === 0 || i === parts.length - 1) n--;
        else return false;
      }
    }
    return n === expected;
  },
};

const WORD_RUN_RE = /[\p{L}\p{N}_]+/gu;

/** `len(re.findall(r"\w+", text))` with Python's Unicode `\w` (letters, numbers, underscore). */
export function countWords(text: string): number {
  WORD_RUN_RE.lastIndex = 0;
  let n = 0;
  while (WORD_RUN_RE.test(text)) n++;
  return n;
}

const WORDS = "length_constraints:number_words";
export const numberWords: Checker<CountConfig> = {
  id: WORDS,
  kwargNames: ["num_words", "relation"],
  build: (kw) => ({ limit: threshold(kw, "num_words", WORDS), relation: relation(kw, "relation", WORDS) }),
  check: (c, text) => compare(countWords(text), c.relation, c.limit),
};

const NTH = "length_constraints:nth_paragraph_first_word";
interface NthConfig {
  numParagraphs: number;
  nth: number;
  nthIsInt: boolean;
  firstWord: string;
}
const FIRST_WORD_STOP = new Set([".", ",", "?", "!", "'", '"']);

export const nthParagraphFirstWord: Checker<NthConfig> = {
  id: NTH,
  kwargNames: ["num_paragraphs", "nth_paragraph", "first_word"],
  build(kw) {
    const numParagraphs = threshold(kw, "num_paragraphs", NTH);
    const nth = pyNumber(required(kw, "nth_paragraph", NTH), "nth_paragraph", NTH);
    if (nth.value <= 0 || nth.value > numParagraphs) {
      throw new IfevalRecordError(
        `${NTH}: kwarg nth_paragraph must be between 1 and num_paragraphs (${numParagraphs}), got ${nth.value} (the reference would draw a random value)`,
      );
    }
    return { numParagraphs, nth: nth.value, nthIsInt: nth.isInt, firstWord: pyLower(str(kw, "first_word", NTH)) };
  },
  check(c, text) {
    const paragraphs = text.split("\n\n");
    let count = paragraphs.length;
    for (const p of paragraphs) if (pyStrip(p) === "") count--;
    if (!(c.nth <= count)) return false;
    if (!c.nthIsInt) throw new IfevalRecordError(`${NTH}: nth_paragraph ${c.nth} is not an integer (Python cannot index a list with it)`);
    const paragraph = pyStrip(paragraphs[c.nth - 1]!);
    if (paragraph === "") return false;
    const word = pyLstrip(pyLstrip(pySplit(paragraph)[0]!, "'"), '"');
    let first = ""; // characters up to the first punctuation mark, each lowered on its own
    for (const ch of word) {
      if (FIRST_WORD_STOP.has(ch)) break;
      first += pyLower(ch);
    }
    return count === c.numParagraphs && first === c.firstWord;
  },
};

export const lengthCheckers = [numberSentences, numberParagraphs, numberWords, nthParagraphFirstWord] as const;
