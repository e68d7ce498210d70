/**
 * Port of NLTK 3.8 `PunktSentenceTokenizer.tokenize` / `span_tokenize`
 * (realign_boundaries=True) with pre-trained parameters.
 *
 * Spans are in UTF-16 code units (JS string indices), so `text.slice(s, e)`
 * gives exactly the sentences NLTK returns; NLTK's own spans count code points.
 */
import { pyRstrip } from "../py/str.js";
import { textContainsSentbreak } from "./punkt-annotate.js";
import { BOUNDARY_REALIGN_RE, isAsciiWhitespace, PERIOD_CONTEXT_RE } from "./punkt-lang.js";
import type { PunktParams } from "./punkt-params.js";

export class PunktSentenceTokenizer {
  readonly params: PunktParams;

  constructor(params: PunktParams) {
    this.params = params;
  }

  /** Sentences of `text`, as NLTK's `tokenize(text)` returns them. */
  tokenize(text: string): string[] {
    return this.spanTokenize(text).map(([s, e]) => text.slice(s, e));
  }

  /** `[start, end)` spans (UTF-16 indices) of the sentences of `text`. */
  spanTokenize(text: string): Array<[number, number]> {
    return this.realignBoundaries(text, this.slicesFromText(text));
  }

  /** `_slices_from_text`: raw sentence slices before boundary realignment. */
  private slicesFromText(text: string): Array<[number, number]> {
    const slices: Array<[number, number]> = [];
    let lastBreak = 0;
    this.forEachPotentialEnd(text, (periodIndex, afterTok, nextTok, context) => {
      if (!textContainsSentbreak(context, this.params)) return;
      const matchEnd = periodIndex + 1;
      slices.push([lastBreak, matchEnd]);
      // The next sentence starts at the next token, or at the following punctuation.
      lastBreak = nextTok !== undefined ? matchEnd + afterTok.length - nextTok.length : matchEnd;
    });
    slices.push([lastBreak, pyRstrip(text).length]);
    return slices;
  }

  /**
   * `_match_potential_end_contexts`: for each candidate sentence end, the
   * context "previous word + end char + following token", dropping candidates
   * whose previous-word slice overlaps the next candidate's (as NLTK does).
   */
  private forEachPotentialEnd(
    text: string,
    visit: (periodIndex: number, afterTok: string, nextTok: string | undefined, context: string) => void,
  ): void {
    const re = PERIOD_CONTEXT_RE;
    re.lastIndex = 0;
    let prevStart = 0;
    let prevStop = 0;
    let prev: { index: number; afterTok: string; nextTok: string | undefined } | null = null;
    let m: RegExpExecArray | null;
    while ((m = re.exec(text)) !== null) {
      const start = m.index;
      // Index of the last ASCII whitespace in text[prevStop:start]; 0 counts as "none" (NLTK quirk).
      let ws = 0;
      for (let i = start - 1; i >= prevStop; i--) {
        if (isAsciiWhitespace(text.charCodeAt(i))) {
          ws = i - prevStop;
          break;
        }
      }
      const wordStart = ws ? ws + prevStop + 1 : prevStart;
      if (prev && prevStop <= wordStart) {
        visit(prev.index, prev.afterTok, prev.nextTok, text.slice(prevStart, prevStop) + text[prev.index] + prev.afterTok);
      }
      prev = { index: start, afterTok: m[1] as string, nextTok: m[2] };
      prevStart = wordStart;
      prevStop = start;
    }
    if (prev) {
      visit(prev.index, prev.afterTok, prev.nextTok, text.slice(prevStart, prevStop) + text[prev.index] + prev.afterTok);
    }
  }

  /** `_realign_boundaries`: move closing quotes/brackets after a sentence end into that sentence. */
  private realignBoundaries(text: string, slices: Array<[number, number]>): Array<[number, number]> {
    const out: Array<[number, number]> = [];
    let realign = 0;
    for (let i = 0; i < slices.length; i++) {
      const [s1Start, s1Stop] = slices[i] as [number, number];
      const start = s1Start + realign;
      const next = slices[i + 1];
      if (next === undefined) {
        if (start < s1Stop) out.push([start, s1Stop]);
        continue;
      }
      const s2 = text.slice(next[0], next[1]);
      BOUNDARY_REALIGN_RE.lastIndex = 0;
      const m = BOUNDARY_REALIGN_RE.exec(s2);
      if (m) {
        out.push([start, next[0] + pyRstrip(m[0]).length]);
        realign = m[0].length;
      } else {
        realign = 0;
        if (start < s1Stop) out.push([start, s1Stop]);
      }
    }
    return out;
  }
}
