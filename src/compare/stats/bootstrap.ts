// Paired bootstrap of a difference in means: resample items (or whole prompts, for micro-averaged
// instruction-level metrics) with replacement, seeded, into typed arrays.
import { binomialSample } from "./binomial.js";
import type { Xoshiro128 } from "./prng.js";

export const DEFAULT_RESAMPLES = 10_000;

/**
 * Bootstrap distribution of mean(d) where d[i] = candidate − baseline for item i.
 * Returns the resampled means, sorted ascending.
 *
 * Items with d = 0 (unchanged outcomes, usually most of them) add nothing to a resample's sum, so
 * when they dominate the resample is drawn sparsely and exactly: of the n draws with replacement,
 * the number landing on the k changed items is Binomial(n, k/n), and those draws are uniform over
 * the changed items. Same distribution as drawing all n indices, at O(k) instead of O(n) per resample.
 */
export function pairedBootstrap(d: Float64Array, resamples: number, rng: Xoshiro128, mode: "auto" | "dense" | "sparse" = "auto"): Float64Array {
  const n = d.length;
  const out = new Float64Array(resamples);
  if (n === 0) return out;
  let k = 0;
  for (let i = 0; i < n; i++) if (d[i] !== 0) k++;
  if (k === 0) return out;
  if (mode === "sparse" || (mode === "auto" && k * 3 < n)) {
    const nz = new Float64Array(k);
    for (let i = 0, j = 0; i < n; i++) if (d[i] !== 0) nz[j++] = d[i]!;
    const p = k / n;
    const kscale = k * 2.3283064365386963e-10;
    for (let r = 0; r < resamples; r++) {
      const draws = binomialSample(n, p, rng);
      let s = 0;
      for (let i = 0; i < draws; i++) s += nz[Math.floor(rng.nextU32() * kscale)]!;
      out[r] = s / n;
    }
    return out.sort();
  }
  const scale = n * 2.3283064365386963e-10;
  for (let r = 0; r < resamples; r++) {
    let s = 0;
    for (let i = 0; i < n; i++) s += d[Math.floor(rng.nextU32() * scale)]!;
    out[r] = s / n;
  }
  return out.sort();
}

/**
 * Cluster bootstrap of a micro-averaged difference: clusters (prompts) are resampled whole;
 * each resample's statistic is Σ diff[c] / Σ size[c] over the drawn clusters
 * (diff = candidate passes − baseline passes in the cluster, size = its number of units).
 * Returns the resampled statistics, sorted ascending.
 *
 * Drawn sparsely and exactly when most clusters are unchanged: the draws landing on changed
 * clusters are Binomial(n, k/n) and uniform among them; the remaining draws only add units to the
 * denominator, split multinomially over the unchanged clusters' distinct sizes.
 */
export function clusterBootstrap(diff: Float64Array, size: Float64Array, resamples: number, rng: Xoshiro128, mode: "auto" | "dense" | "sparse" = "auto"): Float64Array {
  const n = diff.length;
  if (size.length !== n) throw new RangeError("clusterBootstrap: diff and size differ in length");
  const out = new Float64Array(resamples);
  if (n === 0) return out;
  const changed: number[] = [];
  const zeroSizes = new Map<number, number>();
  for (let i = 0; i < n; i++) {
    if (diff[i] !== 0) changed.push(i);
    else zeroSizes.set(size[i]!, (zeroSizes.get(size[i]!) ?? 0) + 1);
  }
  const k = changed.length;
  if (k === 0) return out;
  if (mode === "sparse" || (mode === "auto" && k * 3 < n && zeroSizes.size <= 16)) {
    const nzDiff = Float64Array.from(changed, (i) => diff[i]!);
    const nzSize = Float64Array.from(changed, (i) => size[i]!);
    const classSize = Float64Array.from(zeroSizes.keys());
    const classCount = Float64Array.from(zeroSizes.values());
    const zeros = n - k;
    const kscale = k * 2.3283064365386963e-10;
    for (let r = 0; r < resamples; r++) {
      const draws = binomialSample(n, k / n, rng);
      let s = 0;
      let m = 0;
      for (let i = 0; i < draws; i++) {
        const j = Math.floor(rng.nextU32() * kscale);
        s += nzDiff[j]!;
        m += nzSize[j]!;
      }
      let rest = n - draws;
      let left = zeros;
      for (let c = 0; c < classSize.length - 1 && rest > 0; c++) {
        const x = binomialSample(rest, classCount[c]! / left, rng);
        m += x * classSize[c]!;
        rest -= x;
        left -= classCount[c]!;
      }
      if (rest > 0 && classSize.length) m += rest * classSize[classSize.length - 1]!;
      out[r] = m > 0 ? s / m : 0;
    }
    return out.sort();
  }
  const scale = n * 2.3283064365386963e-10;
  for (let r = 0; r < resamples; r++) {
    let s = 0;
    let m = 0;
    for (let i = 0; i < n; i++) {
      const j = Math.floor(rng.nextU32() * scale);
      s += diff[j]!;
      m += size[j]!;
    }
    out[r] = m > 0 ? s / m : 0;
  }
  return out.sort();
}

/**
 * Quantile of a sorted sample by the mid-distribution function (Parzen's mid-quantile):
 * each distinct value v sits at F(v−) + P(v)/2 and the quantile interpolates linearly between them.
 * For all-distinct data this is the Hazen quantile; for the lattice-valued bootstrap of binary
 * outcomes it does not jump a whole lattice step (1/n) when the seed changes.
 */
export function midQuantile(sorted: Float64Array, p: number): number {
  const n = sorted.length;
  if (n === 0) return NaN;
  let prevV = sorted[0]!;
  let prevG = -1;
  let i = 0;
  while (i < n) {
    const v = sorted[i]!;
    let j = i + 1;
    while (j < n && sorted[j] === v) j++;
    const g = (i + (j - i) / 2) / n;
    if (p <= g) {
      if (prevG < 0) return v;
      return prevV + ((v - prevV) * (p - prevG)) / (g - prevG);
    }
    prevV = v;
    prevG = g;
    i = j;
  }
  return prevV;
}

/** Equal-tailed percentile interval at `level` (e.g. 0.95) from a sorted bootstrap sample. */
export function percentileInterval(sorted: Float64Array, level: number): [number, number] {
  const a = (1 - level) / 2;
  return [midQuantile(sorted, a), midQuantile(sorted, 1 - a)];
}
