/**
 * Port of NLTK 3.8 `nltk.word_tokenize` (language "english",
 * preserve_line=False): Punkt sentence split, then `NLTKWordTokenizer`
 * (the improved Treebank regex cascade) on every sentence.
 */
import { PY_D, PY_END, PY_W, PY_WS, pyIgnoreCase as ci } from "../py/chars.js";
import { pySplit } from "../py/str.js";
import type { PunktSentenceTokenizer } from "./punkt.js";

type Rule = readonly [RegExp, string];

/** Python `\b` before a word character / after a word character. */
const B_BEFORE = `(?<!${PY_W})`;
const B_AFTER = `(?!${PY_W})`;

function rule(source: string, replacement: string): Rule {
  return [new RegExp(source, "gu"), replacement];
}

const STARTING_QUOTES: readonly Rule[] = [
  rule("([«“‘„]|`+)", " $1 "),
  rule('^"', "``"),
  rule("(``)", " $1 "),
  rule("([ (\\[{<])(\"|'{2})", "$1 `` "),
  // (?i)(\')(?!re|ve|ll|m|t|s|d|n)(\w)\b
  rule(`(')(?!${["re", "ve", "ll", "m", "t", "s", "d", "n"].map(ci).join("|")})(${PY_W})${B_AFTER}`, "$1 $2"),
];

const ENDING_QUOTES: readonly Rule[] = [
  rule("([»”’])", " $1 "),
  rule("''", " '' "),
  rule('"', " '' "),
  rule("([^' ])('[sS]|'[mM]|'[dD]|') ", "$1 $2 "),
  rule("([^' ])('ll|'LL|'re|'RE|'ve|'VE|n't|N'T) ", "$1 $2 "),
];

const PUNCTUATION: readonly Rule[] = [
  rule(`([^.])(\\.)([\\])}>"'»”’ ]*)${PY_WS}*${PY_END}`, "$1 $2 $3 "),
  rule(`([:,])([^${PY_D}])`, " $1 $2"),
  rule(`([:,])${PY_END}`, " $1 "),
  rule("\\.{2,}", " $& "),
  rule("[;@#$%&]", " $& "),
  rule(`([^.])(\\.)([\\])}>"']*)${PY_WS}*${PY_END}`, "$1 $2$3 "),
  rule("[?!]", " $& "),
  rule("([^'])' ", "$1 ' "),
  rule("[*]", " $& "),
];

const PARENS_BRACKETS: Rule = rule("[\\][(){}<>]", " $& ");
const DOUBLE_DASHES: Rule = rule("--", " -- ");

/** MacIntyre contractions (CONTRACTIONS2 then CONTRACTIONS3), all (?i). */
const CONTRACTIONS: readonly Rule[] = [
  ...([
    ["can", "not"],
    ["d", "'ye"],
    ["gim", "me"],
    ["gon", "na"],
    ["got", "ta"],
    ["lem", "me"],
    ["more", "'n"],
  ] as Array<[string, string]>).map(([a, b]) => rule(`${B_BEFORE}(${ci(a)})(${ci(b)})${B_AFTER}`, " $1 $2 ")),
  rule(`${B_BEFORE}(${ci("wan")})(${ci("na")})(?=${PY_WS})`, " $1 $2 "),
  rule(` (${ci("'t")})(${ci("is")})${B_AFTER}`, " $1 $2 "),
  rule(` (${ci("'t")})(${ci("was")})${B_AFTER}`, " $1 $2 "),
];

/**
 * Cheap pre-check: every contraction rule needs one of these pieces (its second
 * part, or "'t"), so when none occurs the ten contraction passes are skipped.
 */
const CONTRACTION_HINT = new RegExp(["not", "'ye", "me", "na", "ta", "'n", "'t"].map(ci).join("|"), "u");

function applyAll(text: string, rules: readonly Rule[]): string {
  for (const [re, sub] of rules) text = text.replace(re, sub);
  return text;
}

/** `NLTKWordTokenizer().tokenize(sentence)` (convert_parentheses=False). */
export function treebankTokenize(sentence: string): string[] {
  let text = applyAll(sentence, STARTING_QUOTES);
  text = applyAll(text, PUNCTUATION);
  text = text.replace(PARENS_BRACKETS[0], PARENS_BRACKETS[1]);
  text = text.replace(DOUBLE_DASHES[0], DOUBLE_DASHES[1]);
  text = " " + text + " ";
  text = applyAll(text, ENDING_QUOTES);
  if (CONTRACTION_HINT.test(text)) text = applyAll(text, CONTRACTIONS);
  return pySplit(text);
}

/** `nltk.word_tokenize(text)`: Punkt sentences, then Treebank-style tokens of each. */
export function wordTokenize(text: string, punkt: PunktSentenceTokenizer): string[] {
  const out: string[] = [];
  for (const sentence of punkt.tokenize(text)) {
    for (const tok of treebankTokenize(sentence)) out.push(tok);
  }
  return out;
}
