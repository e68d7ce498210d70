import { test } from "node:test";
import assert from "node:assert/strict";
import { DriftAccumulator, percentile, median, bootstrapRatio, meanAndUncertainty } from "../../src/compare/drift-stats.js";
import { NllAccumulator } from "../../src/benchmarks/perplexity/nll.js";
import { exactTokenDrift, quantizeLogprobs, decodeLogprob, topKTokenDrift } from "../../src/compare/token-drift.js";
import { topKIndices } from "../../src/results/logprob-rows.js";

const near = (a: number, b: number, tol: number, what: string): void => assert.ok(Math.abs(a - b) <= tol, `${what}: ${a} vs ${b}`);

test("PPL = exp(mean NLL), uncertainty PPL * sqrt(var / (n - 1))", () => {
  const a = new NllAccumulator();
  for (const v of [1, 2, 3]) a.add(v);
  const r = a.result();
  near(r.ppl, Math.exp(2), 1e-12, "ppl");
  near(r.nll_stderr, Math.sqrt(1 / 3), 1e-12, "nll stderr"); // var 2/3 over n - 1 = 2
  near(r.ppl_stderr, Math.exp(2) * Math.sqrt(1 / 3), 1e-12, "ppl stderr");
});

test("means with uncertainty follow llama-perplexity: no uncertainty from 10 values or fewer", () => {
  assert.deepEqual(meanAndUncertainty(10, 30, 10), [1, 0]);
  const [m, u] = meanAndUncertainty(11, 11 + 11 * 3, 11); // mean 1, E[x^2] 4, var 3
  near(m, 1, 1e-15, "mean");
  near(u, Math.sqrt(3 / 10), 1e-12, "uncertainty");
});

test("percentiles interpolate at fraction * (n - 1); the median averages the middle two", () => {
  const s = Float32Array.from([0, 1, 2, 3, 4]);
  near(percentile(s, 0.9), 3.6, 1e-6, "p90");
  assert.equal(percentile(s, 0), 0);
  assert.equal(percentile(s, 1), 4);
  assert.equal(median(Float32Array.from([1, 2, 3, 4])), 2.5);
  assert.equal(median(Float32Array.from([1, 2, 9])), 2);
});

test("KL, same-top and dp of one token by hand: base (1/2, 1/2), candidate (1/4, 3/4), actual token 1", () => {
  const base = quantizeLogprobs([Math.log(0.5), Math.log(0.5)]);
  assert.equal(base.scale, 0, "a flat row has no range: every code 0, value = min");
  const d = exactTokenDrift([Math.log(0.25), Math.log(0.75)], base, 1);
  near(d.kld, 0.5 * Math.log(4 / 3), 1e-6, "KL = 1/2 ln 2 + 1/2 ln(2/3)");
  assert.equal(d.sameTop, false, "base tie goes to token 0, candidate's top is token 1");
  near(d.nll, -Math.log(0.75), 1e-6, "nll");
  near(d.nllBase, Math.log(2), 1e-6, "nll base");
  near(d.pDiff, 0.25, 1e-6, "dp");
});

test("16-bit base: codes over [top - 16, top], tokens at the floor leave the KL sum", () => {
  const lp = [-0.1, -5, -30];
  const q = quantizeLogprobs(lp);
  near(q.scale, 16 / 65535, 1e-9, "scale");
  assert.equal(q.codes[0], 65535);
  assert.equal(q.codes[1], 45465, "(-5 - -16.1) / (16 / 65535) = 45464.9 rounds to 45465");
  assert.equal(q.codes[2], 0, "below top - 16: code 0");
  near(decodeLogprob(q, 1), -5, q.scale, "decoded within one step");
  near(decodeLogprob(q, 2), -16.1, 1e-5, "floor");
  // Candidate = base on tokens 0 and 1; token 2's term is dropped (base log-prob -16.1 is not above -16).
  const d = exactTokenDrift([-0.1, -5, -1], q, 0);
  near(d.kld, Math.exp(-0.1) * (decodeLogprob(q, 0) + 0.1) + Math.exp(decodeLogprob(q, 1)) * (decodeLogprob(q, 1) + 5), 1e-7, "only tokens above -16");
});

test("drift statistics over tokens: mean KLD, same-top fraction, PPL ratio from the two NLLs", () => {
  const acc = new DriftAccumulator();
  const toks = [
    { nll: 1, nllBase: 0.5, kld: 0.1, sameTop: true, pDiff: 0.1 },
    { nll: 2, nllBase: 1.5, kld: 0.3, sameTop: false, pDiff: -0.2 },
    { nll: 3, nllBase: 2.5, kld: 0.2, sameTop: true, pDiff: 0.1 },
  ];
  for (const t of toks) acc.add(t);
  const r = acc.result();
  near(r.mean_kld, 0.2, 1e-7, "mean KLD");
  near(r.same_top_p, 2 / 3, 1e-12, "same top");
  near(r.same_top_p_stderr, Math.sqrt((2 / 3) * (1 / 3) / 2), 1e-12, "same top stderr");
  near(r.ppl_ratio, Math.exp(0.5), 1e-6, "ratio");
  near(r.ppl_candidate, Math.exp(2), 1e-6, "PPL(Q)");
  near(r.rms_delta_p, Math.sqrt((0.01 + 0.04 + 0.01) / 3), 1e-6, "RMS dp");
  near(r.median_kld, 0.2, 1e-7, "median");
  near(r.max_kld, 0.3, 1e-7, "max");
  assert.equal(r.kld_stderr, 0, "3 values: no uncertainty, as llama-perplexity");
});

test("paired bootstrap over chunks: a constant ratio gives a zero-width interval; a spread one brackets the mean", () => {
  const flat = bootstrapRatio([2, 4, 6], [1, 2, 3], { resamples: 200 });
  near(flat.lo, 2, 1e-12, "lo");
  near(flat.hi, 2, 1e-12, "hi");
  const num = Array.from({ length: 50 }, (_, i) => (i % 5) * 0.1);
  const ci = bootstrapRatio(num, num.map(() => 1), { resamples: 500, seed: 7 });
  assert.ok(ci.lo < 0.2 && ci.hi > 0.2 && ci.hi - ci.lo < 0.2, JSON.stringify(ci));
  assert.deepEqual(bootstrapRatio(num, num.map(() => 1), { resamples: 500, seed: 7 }), ci, "seeded: reproducible");
});

function randomLogSoftmax(n: number, seed: number, spread: number): number[] {
  let s = seed;
  const rnd = (): number => ((s = (s * 1103515245 + 12345) % 2147483648) / 2147483648);
  const x = Array.from({ length: n }, () => rnd() * spread);
  const m = Math.max(...x);
  const lse = m + Math.log(x.reduce((a, v) => a + Math.exp(v - m), 0));
  return x.map((v) => v - lse);
}

test("top-K + tail bucket: a lower bound of the exact KL with an exact candidate, equal to it at K = vocab", () => {
  for (let seed = 1; seed <= 5; seed++) {
    const b = randomLogSoftmax(40, seed, 8);
    const c = randomLogSoftmax(40, seed + 100, 8);
    const exact = b.reduce((a, lb, i) => a + Math.exp(lb) * (lb - c[i]!), 0);
    const view = (lp: number[], k: number) => {
      const ids = Array.from(topKIndices(lp, k));
      return { ids, logprobs: ids.map((i) => lp[i]!), actual: lp[3]! };
    };
    for (const k of [1, 5, 20]) {
      const est = topKTokenDrift(view(b, k), c, 3).kld;
      assert.ok(est <= exact + 1e-12 && est >= 0, `K=${k} seed ${seed}: ${est} vs exact ${exact}`);
    }
    near(topKTokenDrift(view(b, 40), c, 3).kld, exact, 1e-9, "K = vocab");
    near(topKTokenDrift(view(b, 40), view(c, 40), 3).kld, exact, 1e-9, "both sides K = vocab");
    const d = topKTokenDrift(view(b, 5), view(c, 5), 3);
    assert.equal(d.sameTop, topKIndices(b, 1)[0] === topKIndices(c, 1)[0]);
    near(d.nll, -c[3]!, 1e-12, "actual-token NLL is exact");
  }
});
