import { test } from "node:test";
import assert from "node:assert/strict";
import { compareRuns, DEFAULT_OPTIONS, gateFailures } from "../../src/compare/compare-runs.js";
import { decideVerdict, type VerdictInput } from "../../src/compare/verdict.js";
import type { ItemResult } from "../../src/results/schema.js";
import type { LoadedRun, MetricComparison, PairComparison } from "../../src/compare/types.js";
import { failIfeval, humanevalItems, ifevalItems, makeDoc } from "./helpers.js";

const OPTS = { ...DEFAULT_OPTIONS, resamples: 2000 };

function run(label: string, ifeval: ItemResult[], humaneval?: ItemResult[]): LoadedRun {
  return { file: `${label}.json`, label, doc: makeDoc({ ifeval: { items: ifeval }, ...(humaneval ? { humaneval: { items: humaneval, n_samples: 20 } } : {}) }) };
}

function metric(p: PairComparison, bench: string, m: string): MetricComparison {
  const r = p.benchmarks.find((b) => b.benchmark === bench)?.metrics.find((x) => x.metric === m);
  assert.ok(r, `${bench}/${m} missing`);
  return r;
}

const base = ifevalItems(541, 1);
const he = humanevalItems(164, 20, 2);

test("a run compared with itself: delta 0, p = 1, no flips, verdict non-inferior", () => {
  const a = run("a", base, he);
  const r = compareRuns(a, [run("a-copy", base, he)], { ...OPTS });
  const p = r.candidates[0]!;
  const names = p.benchmarks.flatMap((b) => b.metrics.map((m) => `${b.benchmark}/${m.metric}`));
  assert.deepEqual(names, ["ifeval/prompt_level_strict", "ifeval/prompt_level_loose", "ifeval/inst_level_strict", "ifeval/inst_level_loose", "humaneval/pass@1"]);
  for (const b of p.benchmarks) {
    for (const m of b.metrics) {
      assert.equal(m.delta, 0, m.metric);
      assert.deepEqual(m.ci95, [0, 0], m.metric);
      assert.equal(m.p_value, 1, m.metric);
      assert.deepEqual(m.flips, { pass_to_fail: [], fail_to_pass: [] }, m.metric);
      assert.equal(m.verdict, "non-inferior", m.metric);
      assert.equal(m.baseline, m.candidate);
    }
  }
  assert.equal(metric(p, "ifeval", "prompt_level_strict").p_method, "mcnemar-exact");
  assert.equal(metric(p, "humaneval", "pass@1").binary, false);
});

test("a candidate that fails a known set of prompts reports exactly those flips", () => {
  const degraded = new Set(["1003", "1010", "1100", "1200", "1301", "1400", "1500", "1540"]);
  const cand = failIfeval(base, degraded);
  const r = compareRuns(run("base", base), [run("cand", cand)], OPTS);
  const p = r.candidates[0]!;
  const strict = metric(p, "ifeval", "prompt_level_strict");
  const wantStrict = base.filter((it) => degraded.has(it.id) && it.scores.prompt_level_strict === true).map((it) => it.id);
  assert.ok(wantStrict.length >= 3, "fixture has passing prompts among the degraded ones");
  assert.deepEqual(strict.flips, { pass_to_fail: wantStrict, fail_to_pass: [] });
  const nBase = base.filter((it) => it.scores.prompt_level_strict === true).length;
  assert.ok(Math.abs(strict.delta - (-100 * wantStrict.length) / 541) < 1e-9);
  assert.ok(Math.abs(strict.baseline - (100 * nBase) / 541) < 1e-9);
  // Instruction level: every unit of the degraded prompts that passed, named id/label.
  const inst = metric(p, "ifeval", "inst_level_loose");
  const wantUnits = base.filter((it) => degraded.has(it.id)).flatMap((it) => it.unit_labels!.map((l, u) => (it.units!.inst_level_loose![u] ? `${it.id}/${l}` : null)).filter((x) => x !== null));
  // Repeated labels within a prompt are numbered (#2); compare on the unique ones.
  assert.deepEqual(new Set(inst.flips.pass_to_fail.map((s) => s.replace(/#\d+$/, ""))), new Set(wantUnits));
  assert.equal(inst.flips.pass_to_fail.length, wantUnits.length);
  assert.equal(inst.kind, "cluster");
  assert.equal(inst.n, 541);
  assert.equal(inst.p_method.startsWith("sign-flip"), true);
  assert.ok(inst.ci95[1] < 0, "all flips go one way: CI below 0");
});

test("verdicts: a large degradation is worse, its reverse better, two flips non-inferior", () => {
  const many = new Set(base.filter((_, i) => i % 6 === 0).map((it) => it.id));
  const worse = compareRuns(run("b", base), [run("c", failIfeval(base, many))], OPTS).candidates[0]!;
  const w = metric(worse, "ifeval", "prompt_level_strict");
  assert.equal(w.verdict, "worse");
  assert.ok(w.p_value < 0.05 && w.ci95[1] < 0);
  assert.match(w.reason, /Lower by \d+\.\d\d points: the 95% CI \[.*\] lies below 0 \(p = .* < 0\.05\) and reaches past the -1-point margin\./);
  // Improvement: swap roles.
  const better = compareRuns(run("c", failIfeval(base, many)), [run("b", base)], OPTS).candidates[0]!;
  assert.equal(metric(better, "ifeval", "prompt_level_strict").verdict, "better");
  // Two flips on 541 prompts: p = 0.5, CI lower bound about -0.9, inside the default 1-point margin.
  const few = new Set(base.filter((it) => it.scores.prompt_level_strict === true).slice(0, 2).map((it) => it.id));
  const small = metric(compareRuns(run("b", base), [run("c", failIfeval(base, few))], OPTS).candidates[0]!, "ifeval", "prompt_level_strict");
  assert.equal(small.p_value, 0.5);
  assert.equal(small.verdict, "non-inferior", `${small.reason}`);
});

test("decideVerdict covers each outcome with a reason", () => {
  const v = (o: Partial<VerdictInput>) => decideVerdict({ n: 500, delta: 0, lo: -0.5, hi: 0.5, level: 0.95, p: 0.9, alpha: 0.05, margin: 1, flips: 10, identical: false, ...o });
  assert.equal(v({ delta: 2, lo: 0.6, hi: 3.4, p: 0.01 }).verdict, "better");
  assert.equal(v({ delta: 2, lo: 0.6, hi: 3.4, p: 0.2 }).verdict, "non-inferior", "CI above 0 but test not significant");
  assert.equal(v({ delta: -3, lo: -5, hi: -1, p: 0.001 }).verdict, "worse");
  const sigSmall = v({ delta: -0.4, lo: -0.8, hi: -0.1, p: 0.01 });
  assert.equal(sigSmall.verdict, "non-inferior");
  assert.match(sigSmall.reason, /significant.*stays above the -1-point margin/);
  assert.equal(v({ delta: -3, lo: -5, hi: -1, p: 0.12 }).verdict, "inconclusive");
  const wide = v({ delta: -0.5, lo: -2.5, hi: 1.5, p: 0.6 });
  assert.equal(wide.verdict, "inconclusive");
  assert.match(wide.reason, /includes 0/);
  assert.equal(v({ lo: -0.9, hi: 0.8 }).verdict, "non-inferior");
  assert.equal(v({ lo: -0.9, hi: 0.8, margin: 0.5 }).verdict, "inconclusive");
  assert.equal(v({ n: 0 }).verdict, "inconclusive");
  assert.equal(v({ identical: true, lo: 0, hi: 0, p: 1, flips: 0 }).verdict, "non-inferior");
  assert.equal(v({ identical: true, lo: 0, hi: 0, p: 1, flips: 0, margin: 0 }).verdict, "inconclusive");
});

test("per-item rates (HumanEval n>1): sign-flip p, worse when every task loses", () => {
  const cand = humanevalItems(164, 20, 2, 0.15);
  const r = compareRuns(run("b", base, he), [run("c", base, cand)], OPTS);
  const m = metric(r.candidates[0]!, "humaneval", "pass@1");
  assert.equal(m.binary, false);
  assert.equal(m.p_method, "sign-flip-monte-carlo");
  const want = (100 * (cand.reduce((s, i) => s + Number(i.scores["pass@1"]), 0) - he.reduce((s, i) => s + Number(i.scores["pass@1"]), 0))) / 164;
  assert.ok(Math.abs(m.delta - want) < 1e-9);
  assert.equal(m.verdict, "worse");
  assert.ok(m.ci95[0] < m.delta && m.delta < m.ci95[1]);
});

test("instruction categories: the degraded category comes first", () => {
  const cand = base.map((it) => {
    const labels = it.unit_labels!;
    const f = (arr: boolean[]) => arr.map((v, u) => (labels[u] === "punctuation:no_comma" ? false : v));
    const strict = f(it.units!.inst_level_strict!);
    const loose = f(it.units!.inst_level_loose!);
    return { ...it, scores: { prompt_level_strict: strict.every(Boolean), prompt_level_loose: loose.every(Boolean) }, units: { inst_level_strict: strict, inst_level_loose: loose } };
  });
  const m = metric(compareRuns(run("b", base), [run("c", cand)], OPTS).candidates[0]!, "ifeval", "inst_level_strict");
  const cats = m.categories!;
  assert.equal(cats[0]!.category, "punctuation");
  assert.equal(cats[0]!.candidate, 0);
  assert.equal(cats[0]!.fail_to_pass, 0);
  const n = base.reduce((s, it) => s + it.unit_labels!.filter((l) => l === "punctuation:no_comma").length, 0);
  assert.equal(cats[0]!.n, n);
  for (const c of cats.slice(1)) assert.equal(c.delta, 0, c.category);
});

test("noise floor: candidate flips are set beside the baseline rerun's", () => {
  const rerunIds = new Set(["1001", "1002", "1003", "1004", "1005", "1006"]);
  const candIds = new Set(base.filter((_, i) => i % 20 === 0).map((it) => it.id));
  const r = compareRuns(run("b", base), [run("c", failIfeval(base, candIds))], { ...OPTS, rerun: run("b2", failIfeval(base, rerunIds)) });
  const noiseStrict = metric(r.noise!, "ifeval", "prompt_level_strict");
  const m = metric(r.candidates[0]!, "ifeval", "prompt_level_strict");
  const rerunFlips = noiseStrict.flips.pass_to_fail.length;
  assert.ok(rerunFlips > 0);
  assert.deepEqual(m.noise, { flips: rerunFlips, pass_to_fail: rerunFlips, fail_to_pass: 0, ratio: m.flips.pass_to_fail.length / rerunFlips });
});

test("seeded and reproducible; gate semantics with and without an explicit margin", () => {
  const cand = failIfeval(base, new Set(["1001", "1002", "1007", "1030"]));
  const a = compareRuns(run("b", base), [run("c", cand)], { ...OPTS, seed: 5 });
  const b = compareRuns(run("b", base), [run("c", cand)], { ...OPTS, seed: 5 });
  assert.deepEqual(metric(a.candidates[0]!, "ifeval", "inst_level_strict").ci95, metric(b.candidates[0]!, "ifeval", "inst_level_strict").ci95);
  const many = new Set(base.filter((_, i) => i % 5 === 0).map((it) => it.id));
  const bad = run("bad", failIfeval(base, many));
  const r = compareRuns(run("b", base), [run("ok", base), bad], OPTS);
  assert.deepEqual([...new Set(gateFailures(r).map((f) => f.candidate))], ["bad"]);
  // With an explicit margin of 0 even an identical run is not shown non-inferior.
  const strict = compareRuns(run("b", base), [run("ok", base)], { ...OPTS, margin: 0, margin_explicit: true });
  assert.ok(gateFailures(strict).length > 0);
  const lax = compareRuns(run("b", base), [run("ok", base)], { ...OPTS, margin: 0 });
  assert.equal(gateFailures(lax).length, 0);
});

test("generic metrics: MMLU-style accuracy with subject categories, items missing a metric counted", () => {
  const mk = (flip: number[]) =>
    Array.from({ length: 60 }, (_, i): ItemResult => ({ id: `m${i}`, category: i < 30 ? "law" : "math", scores: { accuracy: (i % 3 !== 0) !== flip.includes(i), ...(i === 59 ? {} : { extra: true }) } }));
  const mk2 = (items: ItemResult[]): LoadedRun => ({ file: "x.json", label: "x", doc: makeDoc({ mmlu: { items } }) });
  const r = compareRuns(mk2(mk([])), [mk2(mk([1, 2, 4]))], OPTS);
  const acc = metric(r.candidates[0]!, "mmlu", "accuracy");
  assert.deepEqual(acc.flips.pass_to_fail, ["m1", "m2", "m4"]);
  assert.equal(acc.categories![0]!.category, "law");
  assert.equal(metric(r.candidates[0]!, "mmlu", "extra").missing, 1);
});
