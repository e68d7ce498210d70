// Paired sign-flip randomization test: under H0 (no difference between the two runs) each item's
// (or prompt's) difference is equally likely to have either sign. Exact for few non-zero
// differences, Monte Carlo (seeded) otherwise. Used where McNemar does not apply: per-item rates
// (HumanEval pass rate over n samples) and prompt clusters of instruction-level outcomes.
import type { Xoshiro128 } from "./prng.js";

const EXACT_MAX = 16;

export interface SignFlipResult {
  p: number;
  method: "sign-flip-exact" | "sign-flip-monte-carlo";
}

/** Two-sided p-value for H0: E[d] = 0, with statistic |Σ d|. Zero differences carry no information. */
export function signFlipTest(d: Float64Array, resamples: number, rng: Xoshiro128): SignFlipResult {
  const nz: number[] = [];
  let obs = 0;
  for (let i = 0; i < d.length; i++) {
    const v = d[i]!;
    if (v !== 0) {
      nz.push(Math.abs(v));
      obs += v;
    }
  }
  const k = nz.length;
  const a = Float64Array.from(nz);
  let total = 0;
  for (let i = 0; i < k; i++) total += a[i]!;
  const threshold = Math.abs(obs) - 1e-9 * Math.max(1, total);
  if (k === 0) return { p: 1, method: "sign-flip-exact" };
  if (k <= EXACT_MAX) {
    let hits = 0;
    const count = 1 << k;
    for (let mask = 0; mask < count; mask++) {
      let s = 0;
      for (let i = 0; i < k; i++) s += mask & (1 << i) ? a[i]! : -a[i]!;
      if (Math.abs(s) >= threshold) hits++;
    }
    return { p: Math.min(1, hits / count), method: "sign-flip-exact" };
  }
  let hits = 0;
  for (let r = 0; r < resamples; r++) {
    let s = 0;
    for (let i = 0; i < k; i += 32) {
      const bits = rng.nextU32();
      const end = Math.min(k, i + 32);
      for (let j = i; j < end; j++) s += (bits >>> (j - i)) & 1 ? a[j]! : -a[j]!;
    }
    if (Math.abs(s) >= threshold) hits++;
  }
  return { p: Math.min(1, (hits + 1) / (resamples + 1)), method: "sign-flip-monte-carlo" };
}
