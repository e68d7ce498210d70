// One scored token's comparison of a candidate distribution against a base distribution.
// Exact path: as llama-perplexity's KL-divergence mode, the base enters as 16-bit log-probabilities
// clamped to [top - 16, top] (results/logprob-rows.ts), the candidate at full precision.
// Top-K path (a side knows only its K most probable tokens): see topKTokenDrift.
import type { TokenDrift } from "./drift-stats.js";
import { decodeLogprob, type QuantizedLogprobs } from "../results/logprob-rows.js";

export { decodeLogprob, quantizeLogprobs, type QuantizedLogprobs } from "../results/logprob-rows.js";

const f32 = Math.fround;

/** First index of the largest value. */
export function argmax(v: ArrayLike<number>): number {
  let best = 0;
  for (let i = 1; i < v.length; i++) if (v[i]! > v[best]!) best = i;
  return best;
}

/** llama-perplexity's per-token figures: base 16-bit, candidate full log-softmax; `tok` the actual next token. */
export function exactTokenDrift(cand: ArrayLike<number>, base: QuantizedLogprobs, tok: number): TokenDrift {
  const n = cand.length;
  const imax = argmax(cand);
  const nll = f32(-cand[tok]!);
  const nllBase = f32(-decodeLogprob(base, tok));
  let sum = 0;
  let imaxBase = -1;
  let maxBase = 0;
  for (let i = 0; i < n; i++) {
    const lb = f32(f32(base.scale * base.codes[i]!) + base.minLogprob);
    if (i === 0 || lb > maxBase) {
      maxBase = lb;
      imaxBase = i;
    }
    if (lb > -16) sum += f32(f32(Math.exp(lb)) * f32(lb - cand[i]!));
  }
  return { nll, nllBase, kld: sum, sameTop: imax === imaxBase, pDiff: f32(f32(Math.exp(-nll)) - f32(Math.exp(-nllBase))) };
}

/**
 * The same figures with the base at full precision (no 16-bit encoding, no cut at top - 16): for
 * scored answers, where no reference tool's figures are to be matched. Equal rows give exactly 0.
 */
export function fullTokenDrift(cand: ArrayLike<number>, base: ArrayLike<number>, tok: number): TokenDrift {
  const n = cand.length;
  const nll = f32(-cand[tok]!);
  const nllBase = f32(-base[tok]!);
  let sum = 0;
  for (let i = 0; i < n; i++) {
    const lb = base[i]!;
    const pb = Math.exp(lb);
    if (pb > 0) sum += pb * (lb - cand[i]!);
  }
  return { nll, nllBase, kld: Math.max(0, sum), sameTop: argmax(cand) === argmax(base), pDiff: f32(f32(Math.exp(-nll)) - f32(Math.exp(-nllBase))) };
}

/** What is known of one side's distribution at one position when only the top K are known. */
export interface TopKView {
  /** Token ids, most probable first. */
  ids: ArrayLike<number>;
  logprobs: ArrayLike<number>;
  /** Log-probability of the actual next token. */
  actual: number;
}

/**
 * Top-K + tail-bucket estimate, for when either side is known only through its top K.
 * The base distribution is grouped into its top-K tokens plus one "rest" bucket; the candidate's mass
 * on each base top-K token is its exact value when known (full distribution, its own top K, or the
 * actual next token), else the candidate's K-th log-probability (an upper bound for a token outside
 * its top K); the candidate's rest bucket is 1 minus those. KL of the grouped distributions.
 * With an exact candidate this is a lower bound of the true KL (grouping never increases KL); with a
 * top-K candidate the stand-in for unseen tokens makes it an approximation that stays on the low side
 * in practice (measured bias in docs). Same-top, NLLs and dp need only top-1 and the actual token: exact.
 */
export function topKTokenDrift(base: TopKView, cand: TopKView | ArrayLike<number>, tok: number): TokenDrift {
  const full = !("ids" in cand) ? (cand as ArrayLike<number>) : null;
  const top = full ? null : (cand as TopKView);
  const candTop = full ? argmax(full) : top!.ids[0]!;
  const candActual = full ? full[tok]! : top!.actual;
  let candLookup: ((id: number) => number) | null = null;
  if (top) {
    const m = new Map<number, number>();
    for (let i = 0; i < top.ids.length; i++) m.set(top.ids[i]!, top.logprobs[i]!);
    m.set(tok, top.actual);
    const kth = top.logprobs[top.logprobs.length - 1]!;
    candLookup = (id) => m.get(id) ?? kth;
  }
  let kld = 0;
  let massB = 0;
  let massC = 0;
  for (let i = 0; i < base.ids.length; i++) {
    const id = base.ids[i]!;
    const lb = base.logprobs[i]!;
    const lc = full ? full[id]! : candLookup!(id);
    const pb = Math.exp(lb);
    massB += pb;
    massC += Math.exp(lc);
    kld += pb * (lb - lc);
  }
  const restB = 1 - massB;
  const restC = Math.max(1 - massC, 1e-30);
  if (restB > 0) kld += restB * Math.log(restB / restC);
  const nll = -candActual;
  const nllBase = -base.actual;
  return { nll, nllBase, kld, sameTop: candTop === base.ids[0], pDiff: Math.exp(-nll) - Math.exp(-nllBase) };
}
