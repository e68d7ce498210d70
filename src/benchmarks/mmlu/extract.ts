// Letter extraction from a chat reply to the 5-shot MMLU prompt (reasoning already removed):
//   1. a standalone letter at the start of the stripped reply: "B", "B.", "(B)", "**B**", "B) 4", "[B]",
//      "B\n..." (uppercase only, so the article in "A mitochondrion ..." never counts);
//   2. else the LAST "answer is X" / "Answer: X" (either case of "answer"; "(X)", "**X**" allowed;
//      a lowercase letter counts only when it stands alone, never the article "a ...");
//   3. else no answer (wrong).
// Plus the Hendrycks first-token rule over top_logprobs, when the server returned them.
import type { Letter } from "./data.js";

export type ExtractionRule = "leading" | "answer_phrase";

export interface LetterExtraction {
  letter: Letter | null;
  rule: ExtractionRule | null;
}

const ALONE = String.raw`(?=\s*$|[.):,*\]]|\s*\n)`;
const LEADING_RE = new RegExp(String.raw`^[\s*(\[]*([ABCD])${ALONE}`);
const PHRASE_RE = new RegExp(
  String.raw`(?:answer|Answer|ANSWER)(?:\s+(?:is|IS)\s*:?|\s*:)\s*[*(\[]*\s*(?:([ABCD])(?![A-Za-z0-9])|([abcd])${ALONE})`,
  "g",
);

export function extractLetter(text: string): LetterExtraction {
  const t = text.trim();
  const lead = LEADING_RE.exec(t);
  if (lead) return { letter: lead[1] as Letter, rule: "leading" };
  PHRASE_RE.lastIndex = 0;
  let last: RegExpExecArray | null = null;
  for (let m = PHRASE_RE.exec(t); m !== null; m = PHRASE_RE.exec(t)) last = m;
  if (last) return { letter: (last[1] ?? last[2]!.toUpperCase()) as Letter, rule: "answer_phrase" };
  return { letter: null, rule: null };
}

/** HELM's rule: the stripped completion is exactly the letter. */
export function exactLetter(text: string): Letter | null {
  const t = text.trim();
  return t === "A" || t === "B" || t === "C" || t === "D" ? t : null;
}

/**
 * Hendrycks' rule on the first generated token: argmax over the letters among the top logprobs
 * (" A" and "A" both count for A; the higher is kept). Null when no letter is among them.
 * Ties go to the earlier letter (numpy argmax).
 */
export function logprobLetter(topLogprobs: Record<string, number>): Letter | null {
  const best: Partial<Record<Letter, number>> = {};
  for (const [tok, lp] of Object.entries(topLogprobs)) {
    const k = tok.trim();
    if (k !== "A" && k !== "B" && k !== "C" && k !== "D") continue;
    if (typeof lp !== "number" || Number.isNaN(lp)) continue;
    const prev = best[k];
    if (prev === undefined || lp > prev) best[k] = lp;
  }
  let pick: Letter | null = null;
  for (const l of ["A", "B", "C", "D"] as const) {
    const v = best[l];
    if (v !== undefined && (pick === null || v > best[pick]!)) pick = l;
  }
  return pick;
}
