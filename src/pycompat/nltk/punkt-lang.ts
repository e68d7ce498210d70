/**
 * Regular expressions of NLTK 3.8 `PunktLanguageVars` (English defaults),
 * rewritten for JS `u`-flag regexes with Python's Unicode semantics.
 */
import { PY_NWS, PY_WS } from "../py/chars.js";

/** Characters that cannot appear within words: `[)";}\]*:@'({[` plus `?` and `!`. */
const NON_WORD = "(?:[)\";}\\]*:@'({\\[?!])";
/** Hyphen runs and ellipses are multi-character punctuation. */
const MULTI_CHAR = `(?:-{2,}|\\.{2,}|(?:\\.${PY_WS}){2,}\\.)`;
/** Characters that may start a word token. */
const WORD_START = "[^(\"`{\\[:;&#*@)}\\]\\-,]";

/**
 * Punkt word tokenizer (`PunktLanguageVars.word_tokenize` = `findall`): splits
 * punctuation other than periods from words. Input lines never contain "\n",
 * so JS `$` (end of input) equals Python's `$` here.
 */
export const PUNKT_WORD_RE = new RegExp(
  `${MULTI_CHAR}|(?=${WORD_START})${PY_NWS}+?(?=${PY_WS}|$|${NON_WORD}|${MULTI_CHAR}|,(?=$|${PY_WS}|${NON_WORD}|${MULTI_CHAR}))|${PY_NWS}`,
  "gu",
);

/**
 * Candidate sentence ends: a `.`, `?` or `!` followed by either other
 * punctuation (group 1 = that char) or whitespace and the next token
 * (group 1 = whitespace + token, group 2 = the token = Python's `next_tok`).
 */
export const PERIOD_CONTEXT_RE = new RegExp(`[.?!](?=(${NON_WORD}|${PY_WS}+(${PY_NWS}+)))`, "gu");

/**
 * `re_boundary_realignment` (MULTILINE): closing punctuation after a
 * sentence end that belongs to the previous sentence. Python's MULTILINE `$`
 * matches only before "\n" or at the end, hence `(?=\n|$)` without the `m` flag.
 * Used anchored at the start of the next sentence (sticky).
 */
export const BOUNDARY_REALIGN_RE = new RegExp(`["')\\]}]+?(?:${PY_WS}+|(?=--)|(?=\\n|$))`, "uy");

/** Python's `string.whitespace` (ASCII only), used by `_get_last_whitespace_index`. */
export function isAsciiWhitespace(code: number): boolean {
  return code === 0x20 || (code >= 0x09 && code <= 0x0d);
}
