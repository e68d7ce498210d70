/**
 * Punkt token annotation (NLTK 3.8 `PunktToken`, first and second pass), used
 * to decide whether a candidate context contains a sentence break.
 */
import { isLowercaseCp, isUppercaseCp, PY_ALPHA, PY_D } from "../py/chars.js";
import { pyIsSpace, pyLower } from "../py/str.js";
import { PUNKT_WORD_RE } from "./punkt-lang.js";
import type { PunktParams } from "./punkt-params.js";

// Orthographic context flags (NLTK _ORTHO_*).
const ORTHO_BEG_UC = 1 << 1;
const ORTHO_MID_UC = 1 << 2;
const ORTHO_UNK_UC = 1 << 3;
const ORTHO_BEG_LC = 1 << 4;
const ORTHO_MID_LC = 1 << 5;
const ORTHO_UNK_LC = 1 << 6;
const ORTHO_UC = ORTHO_BEG_UC + ORTHO_MID_UC + ORTHO_UNK_UC;
const ORTHO_LC = ORTHO_BEG_LC + ORTHO_MID_LC + ORTHO_UNK_LC;

// PunktToken regexes. Tokens never contain "\n", so JS `$` equals Python's `$`.
const RE_ELLIPSIS = /^\.\.+$/;
const RE_NUMERIC = new RegExp(`^-?[.,]?${PY_D}[${PY_D},.\\-]*\\.?$`, "u");
const RE_INITIAL = new RegExp(`^${PY_ALPHA}\\.$`, "u");
/** Python `tok[0].isupper()` (first code point; false for an empty token). */
function firstUpper(tok: string): boolean {
  return tok !== "" && isUppercaseCp(tok.codePointAt(0)!);
}

/** Python `tok[0].islower()`. */
function firstLower(tok: string): boolean {
  return tok !== "" && isLowercaseCp(tok.codePointAt(0)!);
}

/** `PunktBaseClass.PUNCTUATION`: tokens that never start a sentence. */
const PUNCTUATION = new Set([";", ":", ",", ".", "!", "?"]);

type Ortho = boolean | "unknown";

interface Token {
  tok: string;
  type: string;
  periodFinal: boolean;
  sentbreak: boolean;
  abbr: boolean;
  ellipsis: boolean;
}

function makeToken(tok: string): Token {
  const lower = pyLower(tok);
  return {
    tok,
    type: RE_NUMERIC.test(lower) ? "##number##" : lower,
    periodFinal: tok.endsWith("."),
    sentbreak: false,
    abbr: false,
    ellipsis: false,
  };
}

function typeNoPeriod(t: Token): string {
  return t.type.length > 1 && t.type.endsWith(".") ? t.type.slice(0, -1) : t.type;
}

function typeNoSentPeriod(t: Token): string {
  return t.sentbreak ? typeNoPeriod(t) : t.type;
}

/** `_tokenize_words`: Punkt word tokens of every non-blank line. */
function tokenizeWords(text: string): Token[] {
  const out: Token[] = [];
  for (const line of text.split("\n")) {
    if (line === "" || pyIsSpace(line)) continue;
    PUNKT_WORD_RE.lastIndex = 0;
    let m: RegExpExecArray | null;
    while ((m = PUNKT_WORD_RE.exec(line)) !== null) out.push(makeToken(m[0]));
  }
  return out;
}

function firstPass(t: Token, params: PunktParams): void {
  const tok = t.tok;
  if (tok === "." || tok === "?" || tok === "!") {
    t.sentbreak = true;
  } else if (RE_ELLIPSIS.test(tok)) {
    t.ellipsis = true;
  } else if (t.periodFinal && !tok.endsWith("..")) {
    const stem = pyLower(tok.slice(0, -1));
    const dash = stem.lastIndexOf("-");
    const lastPart = dash < 0 ? stem : stem.slice(dash + 1);
    if (params.abbrevTypes.has(stem) || params.abbrevTypes.has(lastPart)) t.abbr = true;
    else t.sentbreak = true;
  }
}

function orthoHeuristic(t: Token, params: PunktParams): Ortho {
  if (PUNCTUATION.has(t.tok)) return false;
  const ctx = params.orthoContext.get(typeNoSentPeriod(t)) ?? 0;
  const upper = firstUpper(t.tok);
  if (upper && ctx & ORTHO_LC && !(ctx & ORTHO_MID_UC)) return true;
  const lower = firstLower(t.tok);
  if (lower && (ctx & ORTHO_UC || !(ctx & ORTHO_BEG_LC))) return false;
  return "unknown";
}

function secondPass(t1: Token, t2: Token, params: PunktParams): void {
  if (!t1.periodFinal) return;
  const typ = typeNoPeriod(t1);
  const nextTyp = typeNoSentPeriod(t2);
  const isInitial = RE_INITIAL.test(t1.tok);

  // Collocation heuristic.
  if (params.collocations.get(typ)?.has(nextTyp)) {
    t1.sentbreak = false;
    t1.abbr = true;
    return;
  }
  // Abbreviation or ellipsis followed by a likely sentence starter.
  if ((t1.abbr || t1.ellipsis) && !isInitial) {
    if (orthoHeuristic(t2, params) === true) {
      t1.sentbreak = true;
      return;
    }
    if (firstUpper(t2.tok) && params.sentStarters.has(nextTyp)) {
      t1.sentbreak = true;
      return;
    }
  }
  // Initials and ordinals.
  if (isInitial || typ === "##number##") {
    const ortho = orthoHeuristic(t2, params);
    if (ortho === false) {
      t1.sentbreak = false;
      t1.abbr = true;
      return;
    }
    if (
      ortho === "unknown" &&
      isInitial &&
      firstUpper(t2.tok) &&
      !((params.orthoContext.get(nextTyp) ?? 0) & ORTHO_LC)
    ) {
      t1.sentbreak = false;
      t1.abbr = true;
    }
  }
}

/**
 * `PunktSentenceTokenizer.text_contains_sentbreak`: true when, after both
 * annotation passes, some token other than the last one is a sentence break.
 */
export function textContainsSentbreak(text: string, params: PunktParams): boolean {
  const tokens = tokenizeWords(text);
  for (const t of tokens) firstPass(t, params);
  for (let i = 0; i + 1 < tokens.length; i++) {
    const t1 = tokens[i] as Token;
    secondPass(t1, tokens[i + 1] as Token, params);
    if (t1.sentbreak) return true;
  }
  return false;
}
