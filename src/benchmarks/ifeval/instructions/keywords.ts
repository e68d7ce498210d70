// keywords:* — existence, frequency, forbidden_words, letter_frequency.
// Keywords are raw Python regexes in the reference (pasted unescaped), matched with IGNORECASE.
import { compare, relation, required, sortedWords, str, threshold, describe, use, type Deferred, type Relation } from "../kwargs.js";
import { ignoreCaseMatcher } from "../regex-cache.js";
import { IfevalRecordError, type Checker } from "../types.js";
import { codePoints, countChar, pyLower, pyStrip } from "../../../pycompat/py/str.js";

const EXISTENCE = "keywords:existence";
export const existence: Checker<Array<string | Deferred>> = {
  id: EXISTENCE,
  kwargNames: ["keywords"],
  build: (kw) => sortedWords(kw, "keywords", EXISTENCE, false),
  check(keywords, text) {
    for (const k of keywords) {
      if (!ignoreCaseMatcher(use(k), false, EXISTENCE).search(text)) return false;
    }
    return true;
  },
};

const FREQUENCY = "keywords:frequency";
interface FrequencyConfig {
  keyword: string;
  frequency: number;
  relation: Relation;
}
export const frequency: Checker<FrequencyConfig> = {
  id: FREQUENCY,
  kwargNames: ["keyword", "frequency", "relation"],
  build(kw) {
    const raw = str(kw, "keyword", FREQUENCY);
    if (raw === "") throw new IfevalRecordError(`${FREQUENCY}: kwarg keyword is empty (the reference would draw a random word)`);
    return {
      keyword: pyStrip(raw),
      frequency: threshold(kw, "frequency", FREQUENCY),
      relation: relation(kw, "relation", FREQUENCY),
    };
  },
  check(c, text) {
    const n = ignoreCaseMatcher(c.keyword, false, FREQUENCY).findallCount(text);
    return compare(n, c.relation, c.frequency);
  },
};

const FORBIDDEN = "keywords:forbidden_words";
export const forbiddenWords: Checker<Array<string | Deferred>> = {
  id: FORBIDDEN,
  kwargNames: ["forbidden_words"],
  build: (kw) => sortedWords(kw, "forbidden_words", FORBIDDEN, true),
  check(words, text) {
    for (const w of words) {
      if (ignoreCaseMatcher(use(w), true, FORBIDDEN).search(text)) return false;
    }
    return true;
  },
};

const LETTER = "keywords:letter_frequency";
interface LetterConfig {
  /** The letter after strip().lower(); may be empty or several code points (then never counted). */
  letter: string;
  frequency: number;
  relation: Relation;
}
export const letterFrequency: Checker<LetterConfig> = {
  id: LETTER,
  kwargNames: ["letter", "let_frequency", "let_relation"],
  build(kw) {
    const raw = required(kw, "letter", LETTER);
    if (typeof raw !== "string") throw new IfevalRecordError(`${LETTER}: kwarg letter must be a string, got ${describe(raw)}`);
    const n = codePoints(raw).length;
    if (n !== 1) {
      throw new IfevalRecordError(
        `${LETTER}: kwarg letter must be exactly one character, got ${JSON.stringify(raw)} (the reference would draw a random letter)`,
      );
    }
    // Used literally, also outside a-z (as the golden files do; some reference revisions randomise those).
    return {
      letter: pyLower(pyStrip(raw)),
      frequency: threshold(kw, "let_frequency", LETTER),
      relation: relation(kw, "let_relation", LETTER),
    };
  },
  check(c, text) {
    const count = codePoints(c.letter).length === 1 ? countChar(pyLower(text), c.letter) : 0;
    return compare(count, c.relation, c.frequency);
  },
};

export const keywordCheckers = [existence, frequency, forbiddenWords, letterFrequency] as const;
