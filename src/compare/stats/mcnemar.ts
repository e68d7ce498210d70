// Exact McNemar test: under H0 the b + c discordant pairs split as Binomial(b + c, 1/2).

/** log C(n, k) for k = 0..m, by the product recurrence (exact enough: relative error ~1e-13). */
function logBinomialPrefix(n: number, m: number): Float64Array {
  const out = new Float64Array(m + 1);
  for (let k = 1; k <= m; k++) out[k] = out[k - 1]! + Math.log(n - k + 1) - Math.log(k);
  return out;
}

/** P(X <= k) for X ~ Binomial(n, 1/2), summed in log space so large n does not underflow. */
export function binomHalfCdf(k: number, n: number): number {
  if (k < 0) return 0;
  if (k >= n) return 1;
  const logs = logBinomialPrefix(n, k);
  let max = -Infinity;
  for (let i = 0; i <= k; i++) if (logs[i]! > max) max = logs[i]!;
  let s = 0;
  for (let i = 0; i <= k; i++) s += Math.exp(logs[i]! - max);
  return Math.exp(max + Math.log(s) - n * Math.LN2);
}

/**
 * Two-sided exact McNemar p-value from the discordant counts
 * (b = pass→fail, c = fail→pass): min(1, 2 · P(X <= min(b, c))), X ~ Binomial(b + c, 1/2).
 */
export function mcnemarExact(b: number, c: number): number {
  if (!Number.isInteger(b) || !Number.isInteger(c) || b < 0 || c < 0) {
    throw new RangeError(`mcnemarExact: counts must be non-negative integers (got b=${b}, c=${c})`);
  }
  const n = b + c;
  if (n === 0) return 1;
  const k = Math.min(b, c);
  if (2 * k >= n) return 1; // b === c
  return Math.min(1, 2 * binomHalfCdf(k, n));
}
