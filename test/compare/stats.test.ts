import { test } from "node:test";
import assert from "node:assert/strict";
import { binomHalfCdf, mcnemarExact } from "../../src/compare/stats/mcnemar.js";
import { clusterBootstrap, midQuantile, pairedBootstrap, percentileInterval } from "../../src/compare/stats/bootstrap.js";
import { binomialSample, logGamma } from "../../src/compare/stats/binomial.js";
import { signFlipTest } from "../../src/compare/stats/permutation.js";
import { Xoshiro128, streamRng } from "../../src/compare/stats/prng.js";
import { bernoulli, rng } from "./helpers.js";

/** Independent exact reference: 2 · Σ_{k<=min} C(n,k) / 2^n with BigInt arithmetic. */
function mcnemarBigInt(b: number, c: number): number {
  const n = b + c;
  if (n === 0) return 1;
  let term = 1n;
  let sum = 1n;
  for (let k = 1; k <= Math.min(b, c); k++) {
    term = (term * BigInt(n - k + 1)) / BigInt(k);
    sum += term;
  }
  const p = Number((2n * sum * 10n ** 15n) / 2n ** BigInt(n)) / 1e15;
  return Math.min(1, p);
}

test("McNemar exact: b=10, c=2 gives p = 0.0386 two-sided", () => {
  const p = mcnemarExact(10, 2);
  assert.equal(p.toFixed(4), "0.0386");
  assert.ok(Math.abs(p - 79 / 2048) < 1e-12, `p=${p}`);
  assert.equal(mcnemarExact(2, 10), p, "two-sided test is symmetric in b and c");
});

test("McNemar exact matches values computed with Python's exact fractions", () => {
  // Computed independently: min(1, 2 * Fraction(sum(comb(n, i) for i <= min(b, c)), 2**n)).
  const ref: Array<[number, number, number]> = [
    [25, 10, 0.01667384780012071],
    [7, 0, 0.015625],
    [1, 0, 1],
    [30, 18, 0.11140289106101875],
    [5, 5, 1],
    [400, 340, 0.03002278740787739],
    [3000, 2850, 0.05139528070225107],
  ];
  for (const [b, c, want] of ref) {
    const got = mcnemarExact(b, c);
    assert.ok(Math.abs(got - want) <= 1e-10 * Math.max(1, want) + 1e-14, `b=${b} c=${c}: ${got} vs ${want}`);
  }
  assert.equal(mcnemarExact(0, 0), 1);
});

test("McNemar exact agrees with a BigInt binomial sum on random counts", () => {
  const r = rng(11);
  for (let i = 0; i < 200; i++) {
    const b = Math.floor(r() * 120);
    const c = Math.floor(r() * 120);
    const want = mcnemarBigInt(b, c);
    const got = mcnemarExact(b, c);
    assert.ok(Math.abs(got - want) < 1e-12, `b=${b} c=${c}: ${got} vs ${want}`);
  }
  assert.ok(Math.abs(binomHalfCdf(3, 10) - 176 / 1024) < 1e-15);
  assert.throws(() => mcnemarExact(-1, 2), /non-negative integers/);
});

test("midQuantile: Hazen quantile for distinct values, interpolates across ties", () => {
  const a = Float64Array.from([1, 2, 3, 4]);
  // Hazen: value i (1-based) sits at (i - 0.5)/4 → 1 at .125, 2 at .375, 3 at .625, 4 at .875
  assert.equal(midQuantile(a, 0.5), 2.5);
  assert.equal(midQuantile(a, 0.25), 1.5);
  assert.equal(midQuantile(a, 0.05), 1);
  assert.equal(midQuantile(a, 0.99), 4);
  // Ties: 0 has mass 0.5 (mid at .25), 1 has mass .5 (mid at .75): the median lies half-way.
  const t = Float64Array.from([0, 0, 1, 1]);
  assert.equal(midQuantile(t, 0.5), 0.5);
  assert.equal(midQuantile(Float64Array.from([0, 0, 0]), 0.025), 0);
});

test("PRNG streams are reproducible and distinct", () => {
  const a = streamRng(7, "ifeval/prompt_level_strict");
  const b = streamRng(7, "ifeval/prompt_level_strict");
  const c = streamRng(8, "ifeval/prompt_level_strict");
  const xa = Array.from({ length: 5 }, () => a.nextU32());
  assert.deepEqual(xa, Array.from({ length: 5 }, () => b.nextU32()));
  assert.notDeepEqual(xa, Array.from({ length: 5 }, () => c.nextU32()));
  // Uniformity sanity check on [0, 10)
  const g = new Xoshiro128(3);
  const counts = new Array(10).fill(0);
  for (let i = 0; i < 100_000; i++) counts[g.below(10)]++;
  for (const k of counts) assert.ok(Math.abs(k - 10_000) < 500, `bucket ${k}`);
});

function pairedDiff(n: number, pBase: number, pFlip: number, seed: number): Float64Array {
  const x = bernoulli(n, pBase, seed);
  const flip = bernoulli(n, pFlip, seed + 1);
  return Float64Array.from(x.map((v, i) => Number(flip[i] ? !v : v) - Number(v)));
}

test("paired bootstrap CI matches the normal approximation and is stable to ±0.1 pt across seeds (10,000 resamples)", () => {
  const n = 541;
  const d = pairedDiff(n, 0.75, 0.06, 5);
  const mean = d.reduce((s, v) => s + v, 0) / n;
  // Bootstrap SD of a mean is the plug-in SD / sqrt(n): an independent closed form.
  const se = Math.sqrt(d.reduce((s, v) => s + (v - mean) ** 2, 0) / n / n);
  const ref = percentileInterval(pairedBootstrap(d, 200_000, new Xoshiro128(999)), 0.95).map((v) => v * 100);
  assert.ok(Math.abs(ref[0]! - 100 * (mean - 1.96 * se)) < 0.15, `lo ${ref[0]} vs normal ${100 * (mean - 1.96 * se)}`);
  assert.ok(Math.abs(ref[1]! - 100 * (mean + 1.96 * se)) < 0.15, `hi ${ref[1]} vs normal ${100 * (mean + 1.96 * se)}`);
  for (let seed = 1; seed <= 8; seed++) {
    const [lo, hi] = percentileInterval(pairedBootstrap(d, 10_000, new Xoshiro128(seed)), 0.95).map((v) => v * 100);
    assert.ok(Math.abs(lo! - ref[0]!) <= 0.1, `seed ${seed}: lo ${lo} vs ${ref[0]}`);
    assert.ok(Math.abs(hi! - ref[1]!) <= 0.1, `seed ${seed}: hi ${hi} vs ${ref[1]}`);
  }
});

test("paired bootstrap on per-item rates (HumanEval-like) is stable to ±0.1 pt across seeds", () => {
  const r = rng(21);
  const d = Float64Array.from({ length: 164 }, () => (r() < 0.3 ? (Math.floor(r() * 41) - 24) / 200 : 0));
  const ref = percentileInterval(pairedBootstrap(d, 200_000, new Xoshiro128(1234)), 0.95).map((v) => v * 100);
  for (let seed = 1; seed <= 8; seed++) {
    const [lo, hi] = percentileInterval(pairedBootstrap(d, 10_000, new Xoshiro128(seed)), 0.95).map((v) => v * 100);
    assert.ok(Math.abs(lo! - ref[0]!) <= 0.1 && Math.abs(hi! - ref[1]!) <= 0.1, `seed ${seed}: [${lo}, ${hi}] vs [${ref[0]}, ${ref[1]}]`);
  }
});

test("cluster bootstrap matches the linearised (ratio-estimator) standard error", () => {
  const r = rng(33);
  const k = 541;
  const size = Float64Array.from({ length: k }, () => 1 + Math.floor(r() * 3));
  const diff = Float64Array.from(size, (s) => {
    let v = 0;
    for (let u = 0; u < s; u++) v += r() < 0.05 ? -1 : r() < 0.03 ? 1 : 0;
    return v;
  });
  const N = size.reduce((a, b) => a + b, 0);
  const delta = diff.reduce((a, b) => a + b, 0) / N;
  // Var(Σd/Σn) ≈ Σ (d_c − δ n_c)² / (Σ n_c)² under cluster resampling.
  const se = Math.sqrt(diff.reduce((s, dc, i) => s + (dc - delta * size[i]!) ** 2, 0)) / N;
  const [lo, hi] = percentileInterval(clusterBootstrap(diff, size, 10_000, new Xoshiro128(4)), 0.95);
  assert.ok(Math.abs(lo! - (delta - 1.96 * se)) * 100 < 0.2, `lo ${lo! * 100} vs ${(delta - 1.96 * se) * 100}`);
  assert.ok(Math.abs(hi! - (delta + 1.96 * se)) * 100 < 0.2, `hi ${hi! * 100} vs ${(delta + 1.96 * se) * 100}`);
  assert.throws(() => clusterBootstrap(diff, size.subarray(1), 10, new Xoshiro128(1)), /differ in length/);
});

test("bootstrap of identical runs is exactly zero", () => {
  const z = new Float64Array(100);
  assert.deepEqual(percentileInterval(pairedBootstrap(z, 1000, new Xoshiro128(1)), 0.95), [0, 0]);
});

test("sign-flip test: exact for few differences, Monte Carlo agrees with McNemar on binary data", () => {
  const g = new Xoshiro128(1);
  // Three +1 differences: P(|S| >= 3) = 2/8.
  assert.deepEqual(signFlipTest(Float64Array.from([1, 0, 1, 1, 0]), 1000, g), { p: 0.25, method: "sign-flip-exact" });
  // Rates: {0.5, 0.25, -0.25}: sums ±0.5±0.25±0.25 → |S| >= 0.5 in 6 of 8 sign patterns.
  assert.equal(signFlipTest(Float64Array.from([0.5, 0.25, -0.25]), 1000, g).p, 6 / 8);
  assert.equal(signFlipTest(new Float64Array(10), 1000, g).p, 1);
  // b=30 pass→fail, c=18 fail→pass: sign-flip on ±1 is the binomial test.
  const d = Float64Array.from([...Array(30).fill(-1), ...Array(18).fill(1), ...Array(100).fill(0)]);
  const mc = signFlipTest(d, 20_000, new Xoshiro128(2));
  assert.equal(mc.method, "sign-flip-monte-carlo");
  assert.ok(Math.abs(mc.p - mcnemarExact(30, 18)) < 0.01, `${mc.p} vs ${mcnemarExact(30, 18)}`);
});

test("binomial sampler reproduces the exact pmf (small-mean and mode-search branches)", () => {
  const g = new Xoshiro128(17);
  for (const [n, p] of [[40, 0.2], [200, 0.3], [60, 0.85]] as const) {
    const R = 100_000;
    const counts = new Float64Array(n + 1);
    for (let i = 0; i < R; i++) counts[binomialSample(n, p, g)]!++;
    // Chi-square over cells with expected count >= 20, against the pmf from exact log-binomials.
    let chi = 0;
    let cells = 0;
    for (let k = 0; k <= n; k++) {
      const pk = Math.exp(logGamma(n + 1) - logGamma(k + 1) - logGamma(n - k + 1) + k * Math.log(p) + (n - k) * Math.log(1 - p));
      const e = pk * R;
      if (e < 20) continue;
      chi += (counts[k]! - e) ** 2 / e;
      cells++;
    }
    // 99.9th percentile of chi-square with ~cells dof is below cells + 4.5 sqrt(2 cells).
    assert.ok(chi < cells + 4.5 * Math.sqrt(2 * cells), `n=${n} p=${p}: chi2 ${chi.toFixed(1)} over ${cells} cells`);
  }
  assert.ok(Math.abs(logGamma(0.5) - Math.log(Math.sqrt(Math.PI))) < 1e-13);
  assert.ok(Math.abs(logGamma(10) - Math.log(362880)) < 1e-12);
  assert.ok(Math.abs(logGamma(1001) - 5912.128178488163) < 1e-9, "math.lgamma(1001) in Python");
});

function sd(x: Float64Array): number {
  const m = x.reduce((s, v) => s + v, 0) / x.length;
  return Math.sqrt(x.reduce((s, v) => s + (v - m) ** 2, 0) / x.length);
}

test("sparse bootstrap (changed items only) has the distribution of the full resampling", () => {
  const d = pairedDiff(800, 0.7, 0.08, 41);
  const a = pairedBootstrap(d, 40_000, new Xoshiro128(1), "sparse");
  const b = pairedBootstrap(d, 40_000, new Xoshiro128(2), "dense");
  for (const q of [0.025, 0.25, 0.5, 0.75, 0.975]) {
    assert.ok(Math.abs(midQuantile(a, q) - midQuantile(b, q)) * 100 < 0.08, `q=${q}: ${midQuantile(a, q) * 100} vs ${midQuantile(b, q) * 100}`);
  }
  assert.ok(Math.abs(sd(a) / sd(b) - 1) < 0.02, `sd ${sd(a)} vs ${sd(b)}`);
});

test("sparse cluster bootstrap (changed prompts + size classes) matches the full resampling", () => {
  const r = rng(51);
  const size = Float64Array.from({ length: 541 }, () => 1 + Math.floor(r() * 4));
  const diff = Float64Array.from(size, (s) => (r() < 0.12 ? (r() < 0.7 ? -1 : 1) * Math.ceil(r() * s) : 0));
  const a = clusterBootstrap(diff, size, 40_000, new Xoshiro128(1), "sparse");
  const b = clusterBootstrap(diff, size, 40_000, new Xoshiro128(2), "dense");
  for (const q of [0.025, 0.25, 0.5, 0.75, 0.975]) {
    assert.ok(Math.abs(midQuantile(a, q) - midQuantile(b, q)) * 100 < 0.08, `q=${q}: ${midQuantile(a, q) * 100} vs ${midQuantile(b, q) * 100}`);
  }
  assert.ok(Math.abs(sd(a) / sd(b) - 1) < 0.02, `sd ${sd(a)} vs ${sd(b)}`);
});
