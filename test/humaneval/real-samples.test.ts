// Real model outputs against the reference executor's per-sample verdicts (openai/human-eval run on
// the same files; see ../shared/datasets/humaneval/samples/SOURCES.md). `passed` must be identical;
// a difference is tolerated only where one side lacked a Python package, and then it is reported.
import { test } from "node:test";
import assert from "node:assert/strict";
import path from "node:path";
import { executeSamples, loadHumanEvalProblems } from "../../src/benchmarks/humaneval/index.js";
import { DATA_DIR, PYTHON, SAMPLES_DIR, readJsonlSync } from "./helpers.js";

const FILES: Array<[samples: string, reference: string]> = [
  ["bdytx5-mistral-zephyr/mistral_samples.jsonl", "bdytx5-mistral-zephyr/mistral_samples.reference_results.jsonl"],
  ["bdytx5-mistral-zephyr/zephyr_samples.jsonl", "bdytx5-mistral-zephyr/zephyr_samples.reference_results.jsonl"],
  // the author's transform, against his committed (Python 3.8) results
  ["bdytx5-mistral-zephyr/mistral_samples.transformed.jsonl", "bdytx5-mistral-zephyr/mistral_samples.committed_results.jsonl"],
  ["bdytx5-mistral-zephyr/zephyr_samples.transformed.jsonl", "bdytx5-mistral-zephyr/zephyr_samples.committed_results.jsonl"],
  ["mapcoder-repro-qwen/QwenCoder480b-Direct.samples.jsonl", "mapcoder-repro-qwen/QwenCoder480b-Direct.samples.reference_results.jsonl"],
  ["mapcoder-repro-qwen/QwenCoderTurbo-Direct.samples.jsonl", "mapcoder-repro-qwen/QwenCoderTurbo-Direct.samples.reference_results.jsonl"],
];

interface Row {
  task_id: string;
  completion: string;
  passed?: boolean;
  result?: string;
}

test("real model samples: per-sample `passed` identical to the reference executor (6,888 samples)", async (t) => {
  const problems = await loadHumanEvalProblems({ dataDir: DATA_DIR });
  const samples: Row[] = [];
  const refs: Row[] = [];
  const origin: string[] = [];
  for (const [s, r] of FILES) {
    const a = readJsonlSync<Row>(path.join(SAMPLES_DIR, s));
    const b = readJsonlSync<Row>(path.join(SAMPLES_DIR, r));
    assert.equal(a.length, b.length, s);
    a.forEach((row, i) => {
      assert.equal(row.task_id, b[i]!.task_id, `${s} line ${i + 1}`);
      samples.push({ task_id: row.task_id, completion: row.completion });
      refs.push(b[i]!);
      origin.push(`${s}#${i + 1}`);
    });
  }
  const mismatches: string[] = [];
  const explained: string[] = [];
  let n = 0;
  for await (const r of executeSamples(problems, samples, { python: PYTHON })) {
    n++;
    const ref = refs[r.index]!;
    if (r.passed === ref.passed) continue;
    const line = `${origin[r.index]} ${r.task_id}: ours ${JSON.stringify(r.result)} vs reference ${JSON.stringify(ref.result)}`;
    if (/No module named/.test(r.result) || /No module named/.test(ref.result ?? "")) explained.push(line);
    else mismatches.push(line);
  }
  assert.equal(n, samples.length);
  for (const e of explained) t.diagnostic(`differs only by a missing package: ${e}`);
  assert.deepEqual(mismatches, []);
});
