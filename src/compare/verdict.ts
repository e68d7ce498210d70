// Verdict per metric: better / worse / non-inferior / inconclusive, with one sentence saying why.
// Significance needs both the paired test (p < alpha) and the (1 − alpha) bootstrap interval
// excluding 0; non-inferiority means the interval's lower bound lies above −margin.
import type { Verdict } from "./types.js";
import { ciText, pval, signed } from "./format.js";

export interface VerdictInput {
  /** Items (or prompts) compared; 0 means nothing was left to compare. */
  n: number;
  delta: number;
  lo: number;
  hi: number;
  level: number;
  p: number;
  alpha: number;
  margin: number;
  /** Flips in both directions (0 with identical outcomes). */
  flips: number;
  /** True when every paired outcome is equal. */
  identical: boolean;
  /** The baseline's score in points: with identical outcomes, 0 or 100 means both runs sit at the benchmark's floor or ceiling. */
  score?: number;
}

export function decideVerdict(v: VerdictInput): { verdict: Verdict; reason: string } {
  const lvl = `${Math.round(v.level * 1000) / 10}% CI`;
  const ci = `${lvl} ${ciText(v.lo, v.hi)}`;
  const m = `-${v.margin.toFixed(2).replace(/\.?0+$/, "")}-point margin`;
  const sig = v.p < v.alpha;
  const pTxt = `p = ${pval(v.p)}`;
  if (v.n === 0) return { verdict: "inconclusive", reason: "No items left to compare (all excluded or missing this metric)." };
  if (v.identical && (v.score === 0 || v.score === 100)) {
    const where = v.score === 0 ? "fail every one of" : "pass every one of";
    return {
      verdict: "inconclusive",
      reason: `Not distinguishable by this benchmark: both runs ${where} the ${v.n} compared items (${v.score === 0 ? "floor" : "ceiling"}), so it says nothing about a difference.`,
    };
  }
  if (v.identical) {
    const verdict: Verdict = 0 > -v.margin ? "non-inferior" : "inconclusive";
    const why = verdict === "non-inferior" ? "so the difference is 0 and within the margin" : "but a zero margin needs a lower bound above 0";
    return { verdict, reason: `Identical outcomes on all ${v.n} compared items, ${why}.` };
  }
  if (sig && v.lo > 0) {
    return { verdict: "better", reason: `Higher by ${Math.abs(v.delta).toFixed(2)} points: the ${ci} excludes 0 and the paired test agrees (${pTxt} < ${v.alpha}).` };
  }
  if (v.lo > -v.margin) {
    if (sig && v.hi < 0) {
      return { verdict: "non-inferior", reason: `Lower by ${Math.abs(v.delta).toFixed(2)} points (significant, ${pTxt}), but the ${ci} stays above the ${m}.` };
    }
    return { verdict: "non-inferior", reason: `The ${ci} lower bound ${signed(v.lo)} is above the ${m} (delta ${signed(v.delta)}, ${pTxt}).` };
  }
  if (sig && v.hi < 0) {
    return { verdict: "worse", reason: `Lower by ${Math.abs(v.delta).toFixed(2)} points: the ${ci} lies below 0 (${pTxt} < ${v.alpha}) and reaches past the ${m}.` };
  }
  if (v.hi < 0) {
    return { verdict: "inconclusive", reason: `The ${ci} lies below 0 but the paired test is not significant (${pTxt} ≥ ${v.alpha}) with only ${v.flips} flipped outcome(s); more items or samples would decide.` };
  }
  return { verdict: "inconclusive", reason: `The ${ci} includes 0 (${pTxt}) yet reaches below the ${m}: neither a loss nor non-inferiority is shown.` };
}
