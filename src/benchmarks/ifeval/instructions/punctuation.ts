// punctuation:no_comma — no ASCII comma anywhere (other comma characters are fine).
import type { Checker } from "../types.js";

const NO_COMMA = "punctuation:no_comma";
export const noComma: Checker<null> = {
  id: NO_COMMA,
  kwargNames: [],
  build: () => null,
  check: (_c, text) => !text.includes(","),
};

export const punctuationCheckers = [noComma] as const;
