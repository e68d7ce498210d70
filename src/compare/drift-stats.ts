// The statistics llama-perplexity prints, computed the same way:
// - PPL = exp(mean NLL), its uncertainty PPL * sqrt((E[nll^2] - E[nll]^2) / (n - 1));
// - in KL-divergence mode, per scored token: NLL of the candidate, NLL of the base (from its 16-bit
//   log-probabilities), KL(base || candidate) summed over tokens whose base log-prob is above -16,
//   whether both rank the same token first, and dp = p_candidate(actual) - p_base(actual);
// - means with uncertainty sqrt(var / (n - 1)) (0 when n <= 10), covariance of the two NLLs for the
//   ln(PPL ratio) uncertainty, percentiles by linear interpolation on the sorted float32 values at
//   fraction * (n - 1), the median as the mean of the two middle values when n is even.
import { Xoshiro128 } from "./stats/prng.js";

/** Mean and its standard error the way llama-perplexity computes them. */
export function meanAndUncertainty(sum: number, sum2: number, count: number): [number, number] {
  if (count < 1) return [0, 0];
  const f = sum / count;
  const v = sum2 / count - f * f;
  return [f, v > 0 && count > 10 ? Math.sqrt(v / (count - 1)) : 0];
}

function covariance(suma: number, sumb: number, sumab: number, count: number): number {
  if (count < 10) return 0;
  return (sumab / count - (suma / count) * (sumb / count)) / (count - 1);
}

const f32 = Math.fround;

/** llama-perplexity's percentile: linear interpolation at fraction * (n - 1) of the sorted values (float arithmetic). */
export function percentile(sorted: Float32Array, fraction: number): number {
  const n = sorted.length;
  if (n === 0) return NaN;
  const fr = f32(fraction);
  if (fr <= 0) return sorted[0]!;
  if (fr >= 1) return sorted[n - 1]!;
  let p = f32(fr * (n - 1));
  const ip = Math.floor(p);
  p = f32(p - ip);
  return f32(f32((1 - p) * sorted[ip]!) + f32(p * sorted[Math.min(ip + 1, n - 1)]!));
}

export function median(sorted: Float32Array): number {
  const n = sorted.length;
  if (n === 0) return NaN;
  return n % 2 === 0 ? f32(0.5 * (sorted[n / 2]! + sorted[n / 2 - 1]!)) : sorted[(n - 1) / 2]!;
}

/** One scored token's comparison of a candidate against a base. */
export interface TokenDrift {
  nll: number;
  nllBase: number;
  kld: number;
  sameTop: boolean;
  pDiff: number;
}

/** A growable float32 list (the per-token KLD and dp values the percentiles need: 8 bytes a token). */
class FloatList {
  data = new Float32Array(1024);
  length = 0;
  push(v: number): void {
    if (this.length === this.data.length) {
      const d = new Float32Array(this.data.length * 2);
      d.set(this.data);
      this.data = d;
    }
    this.data[this.length++] = v;
  }
  sorted(): Float32Array {
    return this.data.slice(0, this.length).sort();
  }
}

export interface DriftStats {
  count: number;
  ppl_base: number;
  ppl_base_stderr: number;
  ppl_candidate: number;
  ppl_candidate_stderr: number;
  /** Correlation of the two per-token NLLs (a fraction). */
  nll_correlation: number;
  ln_ppl_ratio: number;
  ln_ppl_ratio_stderr: number;
  ppl_ratio: number;
  ppl_ratio_stderr: number;
  ppl_diff: number;
  ppl_diff_stderr: number;
  mean_kld: number;
  kld_stderr: number;
  max_kld: number;
  p99_9_kld: number;
  p99_kld: number;
  p95_kld: number;
  p90_kld: number;
  median_kld: number;
  p10_kld: number;
  p5_kld: number;
  p1_kld: number;
  p0_1_kld: number;
  min_kld: number;
  mean_delta_p: number;
  delta_p_stderr: number;
  rms_delta_p: number;
  rms_delta_p_stderr: number;
  max_abs_delta_p: number;
  /** dp percentiles keyed by percent ("0.1" ... "99.9", plus "min", "median", "max"). */
  delta_p_percentiles: Record<string, number>;
  same_top_p: number;
  same_top_p_stderr: number;
}

/** Accumulates TokenDrift values; sums in double like llama-perplexity's kl_divergence_result. */
export class DriftAccumulator {
  private sNll = 0;
  private sNll2 = 0;
  private sBase = 0;
  private sBase2 = 0;
  private sCross = 0;
  private sKld = 0;
  private sKld2 = 0;
  private sDp = 0;
  private sDp2 = 0;
  private sDp4 = 0;
  private maxDp = 0;
  private nSame = 0;
  count = 0;
  private klds = new FloatList();
  private dps = new FloatList();

  add(t: TokenDrift): void {
    const nll = f32(t.nll);
    const nb = f32(t.nllBase);
    this.sNll += nll;
    this.sNll2 += nll * nll;
    this.sBase += nb;
    this.sBase2 += nb * nb;
    this.sCross += nll * nb;
    this.sKld += t.kld;
    this.sKld2 += t.kld * t.kld;
    const dp = f32(t.pDiff);
    this.sDp += dp;
    const dp2 = dp * dp;
    this.sDp2 += dp2;
    this.sDp4 += dp2 * dp2;
    this.maxDp = Math.max(this.maxDp, Math.abs(dp));
    if (t.sameTop) this.nSame++;
    this.count++;
    this.klds.push(t.kld);
    this.dps.push(dp);
  }

  result(): DriftStats {
    const n = this.count;
    const [lq, lqU] = meanAndUncertainty(this.sNll, this.sNll2, n);
    const [lb, lbU] = meanAndUncertainty(this.sBase, this.sBase2, n);
    const pplQ = Math.exp(lq);
    const pplB = Math.exp(lb);
    const cov = covariance(this.sNll, this.sBase, this.sCross, n);
    const lnRatio = lq - lb;
    const lnRatioU = Math.sqrt(lqU * lqU + lbU * lbU - 2 * cov);
    const ratio = Math.exp(lnRatio);
    const pplQU = pplQ * lqU;
    const pplBU = pplB * lbU;
    const [kl, klU] = meanAndUncertainty(this.sKld, this.sKld2, n);
    const [dp, dpU] = meanAndUncertainty(this.sDp, this.sDp2, n);
    const [mse, mseU] = meanAndUncertainty(this.sDp2, this.sDp4, n);
    const rms = Math.sqrt(mse);
    const same = this.nSame / n;
    const k = this.klds.sorted();
    const d = this.dps.sorted();
    const dpPct: Record<string, number> = { min: d[0]!, median: median(d), max: d[d.length - 1]! };
    for (const q of [0.1, 1, 5, 10, 25, 75, 90, 95, 99, 99.9]) dpPct[String(q)] = percentile(d, q / 100);
    return {
      count: n,
      ppl_base: pplB,
      ppl_base_stderr: pplBU,
      ppl_candidate: pplQ,
      ppl_candidate_stderr: pplQU,
      nll_correlation: cov / (lqU * lbU),
      ln_ppl_ratio: lnRatio,
      ln_ppl_ratio_stderr: lnRatioU,
      ppl_ratio: ratio,
      ppl_ratio_stderr: ratio * lnRatioU,
      ppl_diff: pplQ - pplB,
      ppl_diff_stderr: Math.sqrt(pplQU * pplQU + pplBU * pplBU - 2 * pplQ * pplB * cov),
      mean_kld: kl,
      kld_stderr: klU,
      max_kld: k[k.length - 1]!,
      p99_9_kld: percentile(k, 0.999),
      p99_kld: percentile(k, 0.99),
      p95_kld: percentile(k, 0.95),
      p90_kld: percentile(k, 0.9),
      median_kld: median(k),
      p10_kld: percentile(k, 0.1),
      p5_kld: percentile(k, 0.05),
      p1_kld: percentile(k, 0.01),
      p0_1_kld: percentile(k, 0.001),
      min_kld: k[0]!,
      mean_delta_p: dp,
      delta_p_stderr: dpU,
      rms_delta_p: rms,
      rms_delta_p_stderr: (0.5 / rms) * mseU,
      max_abs_delta_p: this.maxDp,
      delta_p_percentiles: dpPct,
      same_top_p: same,
      same_top_p_stderr: Math.sqrt((same * (1 - same)) / (n - 1)),
    };
  }
}

export interface BootstrapInterval {
  lo: number;
  hi: number;
  level: number;
  resamples: number;
  seed: number;
}

/**
 * Paired bootstrap over chunks: resample chunk indices with replacement; each resample's statistic is
 * sum(num over drawn chunks) / sum(den over drawn chunks). Percentile interval at `level`.
 */
export function bootstrapRatio(num: ArrayLike<number>, den: ArrayLike<number>, opts: { resamples?: number; seed?: number; level?: number } = {}): BootstrapInterval {
  const resamples = opts.resamples ?? 2000;
  const seed = opts.seed ?? 1;
  const level = opts.level ?? 0.95;
  const n = num.length;
  const rng = new Xoshiro128(seed); // the compare core's seeded generator: reproducible intervals
  const stats = new Float64Array(resamples);
  for (let b = 0; b < resamples; b++) {
    let s = 0;
    let d = 0;
    for (let i = 0; i < n; i++) {
      const j = rng.below(n);
      s += num[j]!;
      d += den[j]!;
    }
    stats[b] = s / d;
  }
  stats.sort();
  const at = (q: number): number => {
    const p = q * (resamples - 1);
    const i = Math.floor(p);
    return stats[i]! + (p - i) * ((stats[Math.min(i + 1, resamples - 1)] ?? stats[i]!) - stats[i]!);
  };
  return { lo: at((1 - level) / 2), hi: at(1 - (1 - level) / 2), level, resamples, seed };
}
