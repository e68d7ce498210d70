// combination:* — two_responses, repeat_prompt.
import { Deferred, lateStr, pyFalsy, use } from "../kwargs.js";
import { IfevalRecordError, type Checker } from "../types.js";
import { pyLower, pyStartsWith, pyStrip } from "../../../pycompat/py/str.js";

const TWO = "combination:two_responses";
export const twoResponses: Checker<null> = {
  id: TWO,
  kwargNames: [],
  build: () => null,
  check(_c, text) {
    const parts = text.split("******");
    const valid: string[] = [];
    for (let i = 0; i < parts.length; i++) {
      const s = pyStrip(parts[i]!);
      if (s === "") {
        if (i !== 0 && i !== parts.length - 1) return false;
      } else {
        valid.push(s);
      }
    }
    return valid.length === 2 && valid[0] !== valid[1];
  },
};

const REPEAT = "combination:repeat_prompt";
export const repeatPrompt: Checker<string | Deferred> = {
  id: REPEAT,
  kwargNames: ["prompt_to_repeat"],
  build(kw) {
    if (pyFalsy(kw.prompt_to_repeat)) {
      throw new IfevalRecordError(`${REPEAT}: kwarg prompt_to_repeat is missing or empty (the reference raises "prompt_to_repeat must be set.")`);
    }
    const p = lateStr(kw, "prompt_to_repeat", REPEAT);
    return p instanceof Deferred ? p : pyLower(pyStrip(p));
  },
  check: (prefix, text) => pyStartsWith(pyLower(pyStrip(text)), use(prefix)),
};

export const combinationCheckers = [twoResponses, repeatPrompt] as const;
