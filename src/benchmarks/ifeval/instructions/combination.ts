// combination:* — two_responses, repeat_prompt.
import { str } from "../kwargs.js";
import { IfevalRecordError, type Checker } from "../types.js";
import { pyLower, pyStartsWith, pyStrip } from "../py/str.js";

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
export const repeatPrompt: Checker<string> = {
  id: REPEAT,
  kwargNames: ["prompt_to_repeat"],
  build(kw) {
    const v = kw.prompt_to_repeat;
    if (v === undefined || v === null || v === "" || v === false || v === 0) {
      throw new IfevalRecordError(`${REPEAT}: kwarg prompt_to_repeat is missing or empty (the reference raises "prompt_to_repeat must be set.")`);
    }
    return pyLower(pyStrip(str(kw, "prompt_to_repeat", REPEAT)));
  },
  check: (prefix, text) => pyStartsWith(pyLower(pyStrip(text)), prefix),
};

export const combinationCheckers = [twoResponses, repeatPrompt] as const;
