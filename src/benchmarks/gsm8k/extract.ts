// Answer extraction and matching with lm-eval `gsm8k_cot_llama` semantics:
//   strict   = last match of `The final answer is ((-?[$0-9.,]{2,})|(-?[0-9]+))`
//   flexible = last match of `(-?[$0-9.,]{2,})|(-?[0-9]+)` (the last "number" in the reply)
// Each takes the first non-empty group of the chosen match, stripped; no match gives "[invalid]".
// exact_match then removes `,`, `$`, everything up to "#### " and one trailing "." from both sides,
// lower-cases, and compares strings. The numeric variant compares the normalised strings as numbers.

export const INVALID = "[invalid]";

const STRICT_RE = /The final answer is ((-?[$0-9.,]{2,})|(-?[0-9]+))/g;
const FLEXIBLE_RE = /(-?[$0-9.,]{2,})|(-?[0-9]+)/g;

function lastMatch(re: RegExp, text: string): string {
  re.lastIndex = 0;
  let last: RegExpExecArray | null = null;
  for (let m = re.exec(text); m !== null; m = re.exec(text)) {
    last = m;
    if (m[0].length === 0) re.lastIndex++;
  }
  if (!last) return INVALID;
  for (let g = 1; g < last.length; g++) {
    const v = last[g];
    if (v) return v.trim();
  }
  return INVALID;
}

export function extractStrict(text: string): string {
  return lastMatch(STRICT_RE, text);
}

export function extractFlexible(text: string): string {
  return lastMatch(FLEXIBLE_RE, text);
}

const HASHES_RE = /^[\s\S]*#### /;

/** lm-eval exact_match normalisation (regexes_to_ignore `,` `\$` `(?s).*#### ` `\.$`, ignore_case). */
export function normalizeAnswer(s: string): string {
  let out = s.replaceAll(",", "").replaceAll("$", "").replace(HASHES_RE, "");
  if (out.endsWith(".")) out = out.slice(0, -1);
  return out.toLowerCase();
}

const NUMBER_RE = /^-?(?:\d+\.?\d*|\.\d+)$/;

/** Numeric value of a normalised answer, or null when it is not a plain decimal number. */
export function numericValue(normalized: string): number | null {
  return NUMBER_RE.test(normalized) ? Number(normalized) : null;
}

export interface MatchVerdict {
  extracted: string;
  /** String equality after normalisation (lm-eval exact_match). */
  match: boolean;
  /** Numeric equality after normalisation ("18.00" equals "18"). */
  numeric: boolean;
}

export function judge(extracted: string, gold: string): MatchVerdict {
  if (extracted === INVALID) return { extracted, match: false, numeric: false };
  const p = normalizeAnswer(extracted);
  const g = normalizeAnswer(gold);
  const pv = numericValue(p);
  const gv = numericValue(g);
  return { extracted, match: p === g, numeric: p === g || (pv !== null && gv !== null && pv === gv) };
}
