// language:response_language — langdetect (seed 0) must return the kwarg's code; a detector
// exception counts as followed, like the reference.
import { describe, required } from "../kwargs.js";
import { IfevalRecordError, type Checker } from "../types.js";

/** The reference's LANGUAGE_CODES (instructions_util.py): any other code is a KeyError at build time. */
export const LANGUAGE_CODES: ReadonlyMap<string, string> = new Map([
  ["en", "English"], ["es", "Spanish"], ["pt", "Portuguese"], ["ar", "Arabic"], ["hi", "Hindi"],
  ["fr", "French"], ["ru", "Russian"], ["de", "German"], ["ja", "Japanese"], ["it", "Italian"],
  ["bn", "Bengali"], ["uk", "Ukrainian"], ["th", "Thai"], ["ur", "Urdu"], ["ta", "Tamil"],
  ["te", "Telugu"], ["bg", "Bulgarian"], ["ko", "Korean"], ["pl", "Polish"], ["he", "Hebrew"],
  ["fa", "Persian"], ["vi", "Vietnamese"], ["ne", "Nepali"], ["sw", "Swahili"], ["kn", "Kannada"],
  ["mr", "Marathi"], ["gu", "Gujarati"], ["pa", "Punjabi"], ["ml", "Malayalam"], ["fi", "Finnish"],
]);

const LANGUAGE = "language:response_language";
export const responseLanguage: Checker<string> = {
  id: LANGUAGE,
  kwargNames: ["language"],
  build(kw) {
    const v = required(kw, "language", LANGUAGE);
    if (typeof v !== "string" || !LANGUAGE_CODES.has(v)) {
      throw new IfevalRecordError(
        `${LANGUAGE}: kwarg language must be one of the reference's ${LANGUAGE_CODES.size} codes (${[...LANGUAGE_CODES.keys()].join(" ")}), got ${describe(v)}`,
      );
    }
    return v;
  },
  check(language, text, ctx) {
    try {
      return ctx.detectLanguage(text) === language;
    } catch (err) {
      if (ctx.isLangDetectException(err)) return true;
      throw err;
    }
  },
};

export const languageCheckers = [responseLanguage] as const;
