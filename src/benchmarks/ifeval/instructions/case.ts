// change_case:* — capital_word_frequency, english_capital, english_lowercase.
import { compare, Deferred, describe, isPyNumberLike, pyNumber, relation, required, use, type Relation } from "../kwargs.js";
import type { CheckContext, Checker } from "../types.js";
import { pyIsLower, pyIsUpper } from "../../../pycompat/py/str.js";

const NON_ASCII = /[^\x00-\x7f]/;
const ASCII_UPPER = /[A-Z]/;
const ASCII_LOWER = /[a-z]/;

/** str.isupper(), with a native fast path for ASCII text (no titlecase there). */
export function isUpper(s: string): boolean {
  if (NON_ASCII.test(s)) return pyIsUpper(s);
  return ASCII_UPPER.test(s) && !ASCII_LOWER.test(s);
}

/** str.islower(), with a native fast path for ASCII text. */
export function isLower(s: string): boolean {
  if (NON_ASCII.test(s)) return pyIsLower(s);
  return ASCII_LOWER.test(s) && !ASCII_UPPER.test(s);
}

const CAPITAL_FREQ = "change_case:capital_word_frequency";
interface CapitalConfig {
  frequency: number | Deferred;
  relation: Relation;
}
export const capitalWordFrequency: Checker<CapitalConfig> = {
  id: CAPITAL_FREQ,
  kwargNames: ["capital_frequency", "capital_relation"],
  build(kw) {
    // Only None is randomised here in the reference; a negative frequency is kept, and a
    // non-number only fails when the check compares it.
    const f = required(kw, "capital_frequency", CAPITAL_FREQ);
    const frequency = isPyNumberLike(f)
      ? pyNumber(f, "capital_frequency", CAPITAL_FREQ).value
      : new Deferred(`${CAPITAL_FREQ}: kwarg capital_frequency must be a number, got ${describe(f)}`);
    return { frequency, relation: relation(kw, "capital_relation", CAPITAL_FREQ) };
  },
  check(c, text, ctx) {
    const limit = use(c.frequency);
    let n = 0;
    for (const w of ctx.wordTokenize(text)) if (isUpper(w)) n++;
    return compare(n, c.relation, limit);
  },
};

/** `cond and detect(text) == "en"`, where a LangDetectException counts as followed. */
function englishIf(cond: boolean, text: string, ctx: CheckContext): boolean {
  if (!cond) return false;
  try {
    return ctx.detectLanguage(text) === "en";
  } catch (err) {
    if (ctx.isLangDetectException(err)) return true;
    throw err;
  }
}

const CAPITAL = "change_case:english_capital";
export const englishCapital: Checker<null> = {
  id: CAPITAL,
  kwargNames: [],
  build: () => null,
  check: (_c, text, ctx) => englishIf(isUpper(text), text, ctx),
};

const LOWER = "change_case:english_lowercase";
export const englishLowercase: Checker<null> = {
  id: LOWER,
  kwargNames: [],
  build: () => null,
  check: (_c, text, ctx) => englishIf(isLower(text), text, ctx),
};

export const caseCheckers = [capitalWordFrequency, englishCapital, englishLowercase] as const;
