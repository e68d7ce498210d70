// Exact Binomial(n, p) sampling for the sparse bootstrap: inversion from 0 when the mean is small,
// otherwise inversion searching outward from the mode (expected O(sqrt(np(1-p))) steps).
import type { Xoshiro128 } from "./prng.js";

const LANCZOS = [
  0.99999999999980993, 676.5203681218851, -1259.1392167224028, 771.32342877765313, -176.61502916214059, 12.507343278686905,
  -0.13857109526572012, 9.9843695780195716e-6, 1.5056327351493116e-7,
];

/** log Γ(x) for x > 0 (Lanczos approximation, g = 7; relative error ~1e-15). */
export function logGamma(x: number): number {
  if (x < 0.5) return Math.log(Math.PI / Math.sin(Math.PI * x)) - logGamma(1 - x);
  const z = x - 1;
  let a = LANCZOS[0]!;
  const t = z + 7.5;
  for (let i = 1; i < 9; i++) a += LANCZOS[i]! / (z + i);
  return 0.5 * Math.log(2 * Math.PI) + (z + 0.5) * Math.log(t) - t + Math.log(a);
}

let logFact = new Float64Array([0, 0]);

/** log(k!) from a cumulative table (grown on demand), exact to ~1e-13 relative. */
function logFactorial(k: number): number {
  if (k >= logFact.length) {
    const next = new Float64Array(Math.max(k + 1, logFact.length * 2));
    next.set(logFact);
    for (let i = logFact.length; i < next.length; i++) next[i] = next[i - 1]! + Math.log(i);
    logFact = next;
  }
  return logFact[k]!;
}

/** Uniform in (0, 1): 53 random bits, never 0. */
function uniform(rng: Xoshiro128): number {
  const hi = rng.nextU32() >>> 5;
  const lo = rng.nextU32() >>> 6;
  return (hi * 67108864 + lo + 0.5) / 9007199254740992;
}

/** One draw from Binomial(n, p). */
export function binomialSample(n: number, p: number, rng: Xoshiro128): number {
  if (p <= 0 || n === 0) return 0;
  if (p >= 1) return n;
  if (p > 0.5) return n - binomialSample(n, 1 - p, rng);
  const q = 1 - p;
  const ratio = p / q;
  let u = uniform(rng);
  if (n * p < 30) {
    let pk = Math.exp(n * Math.log1p(-p));
    for (let k = 0; k < n; k++) {
      if (u <= pk) return k;
      u -= pk;
      pk *= ((n - k) / (k + 1)) * ratio;
    }
    return n;
  }
  const m = Math.floor((n + 1) * p);
  const pm = Math.exp(logFactorial(n) - logFactorial(m) - logFactorial(n - m) + m * Math.log(p) + (n - m) * Math.log1p(-p));
  if (u <= pm) return m;
  u -= pm;
  let lo = m;
  let plo = pm;
  let hi = m;
  let phi = pm;
  for (;;) {
    let moved = false;
    if (lo > 0) {
      plo *= lo / ((n - lo + 1) * ratio);
      lo--;
      if (u <= plo) return lo;
      u -= plo;
      moved = true;
    }
    if (hi < n) {
      phi *= ((n - hi) / (hi + 1)) * ratio;
      hi++;
      if (u <= phi) return hi;
      u -= phi;
      moved = true;
    }
    if (!moved) return m; // only reachable through rounding in the last ulps
  }
}
