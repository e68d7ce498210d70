// startend:* — end_checker, quotation.
import { Deferred, lateStr, use } from "../kwargs.js";
import type { Checker } from "../types.js";
import { pyEndsWith, pyLower, pyStrip } from "../../../pycompat/py/str.js";

const END = "startend:end_checker";
export const endChecker: Checker<string | Deferred> = {
  id: END,
  kwargNames: ["end_phrase"],
  build(kw) {
    const v = lateStr(kw, "end_phrase", END);
    return v instanceof Deferred ? v : pyLower(pyStrip(v));
  },
  check: (phrase, text) => pyEndsWith(pyLower(pyStrip(pyStrip(text), '"')), use(phrase)),
};

const QUOTATION = "startend:quotation";
export const quotation: Checker<null> = {
  id: QUOTATION,
  kwargNames: [],
  build: () => null,
  check(_c, text) {
    const s = pyStrip(text);
    return s.length > 1 && s[0] === '"' && s[s.length - 1] === '"';
  },
};

export const startendCheckers = [endChecker, quotation] as const;
