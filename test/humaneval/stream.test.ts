// executeSamples as the runner uses it: samples arrive over time, verdicts stream out as they finish.
import { test } from "node:test";
import assert from "node:assert/strict";
import { executeSamples, type HumanEvalProblem } from "../../src/benchmarks/humaneval/index.js";
import { PYTHON } from "./helpers.js";

const toy: HumanEvalProblem = {
  task_id: "toy/1",
  prompt: 'def double(x):\n    """Twice x."""\n',
  canonical_solution: "    return 2 * x\n",
  test: "def check(candidate):\n    assert candidate(2) == 4\n",
  entry_point: "double",
};

test("verdicts stream out before the sample source ends; pulling stays bounded", async () => {
  let produced = 0;
  let release: () => void = () => {};
  const gate = new Promise<void>((r) => (release = r));
  async function* source() {
    for (let i = 0; i < 3; i++) {
      produced++;
      yield { task_id: toy.task_id, completion: i === 1 ? "    return x\n" : "    return 2 * x\n" };
    }
    await gate; // the source stalls until the first verdicts have been seen
    produced++;
    yield { task_id: toy.task_id, completion: "    return 2 * x\n" };
  }
  const seen: Array<{ index: number; passed: boolean }> = [];
  for await (const r of executeSamples([toy], source(), { python: PYTHON, workers: 2 })) {
    seen.push({ index: r.index, passed: r.passed });
    if (seen.length === 3) {
      assert.equal(produced, 3, "three verdicts arrived while the source was still waiting");
      release();
    }
  }
  assert.deepEqual(
    seen.sort((a, b) => a.index - b.index),
    [
      { index: 0, passed: true },
      { index: 1, passed: false },
      { index: 2, passed: true },
      { index: 3, passed: true },
    ],
  );
});

test("a consumer that stops early stops the sandbox and the source", async () => {
  let closed = false;
  function* many() {
    try {
      for (let i = 0; i < 100_000; i++) yield { task_id: toy.task_id, completion: "    return 2 * x\n" };
    } finally {
      closed = true;
    }
  }
  let n = 0;
  for await (const r of executeSamples([toy], many(), { python: PYTHON, workers: 2 })) {
    assert.ok(r.passed);
    if (++n === 5) break;
  }
  assert.ok(closed, "the sample iterator was closed");
  await assert.rejects(async () => {
    for await (const _ of executeSamples([toy], [{ task_id: "nope", completion: "" }], { python: PYTHON, workers: 1 })) void _;
  }, /task_id: unknown task "nope"/);
});
