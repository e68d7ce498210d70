// The flexible rule must reproduce OpenAI's stated per-item verdicts on its own model solutions
// (4 GPT-3 variants x 1,319 answers ending "A: N"); the strict rule finds no "The final answer is" there.
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import path from "node:path";
import { loadGsm8k } from "../../src/benchmarks/gsm8k/data.js";
import { gsm8k, gsm8kId } from "../../src/benchmarks/gsm8k/task.js";
import type { ResponseRecord } from "../../src/benchmarks/types.js";
import { DATA_DIR } from "../helpers/data-dir.js";

const SAMPLES = path.join(DATA_DIR, "gsm8k/samples/openai-grade-school-math/example_model_solutions.jsonl");
const MODELS = { "6b_finetuning": 286, "6b_verification": 515, "175b_finetuning": 458, "175b_verification": 742 } as const;

interface SampleLine {
  question: string;
  [model: string]: unknown;
}

test("flexible match reproduces the stated is_correct of all 4 models, strict gives 0", async () => {
  const { items } = await loadGsm8k({ dataDir: DATA_DIR });
  assert.equal(items.length, 1319);
  const lines = readFileSync(SAMPLES, "utf8").trim().split("\n").map((l) => JSON.parse(l) as SampleLine);
  assert.equal(lines.length, 1319);
  for (const [model, statedCorrect] of Object.entries(MODELS)) {
    const responses = new Map<string, ResponseRecord[]>();
    const stated = new Map<string, boolean>();
    lines.forEach((l, i) => {
      assert.equal(l.question, items[i]!.question, `line ${i + 1} is the same question as test.jsonl`);
      const sol = l[model] as { solution: string; is_correct: boolean };
      const id = gsm8kId(items[i]!);
      responses.set(id, [{ text: sol.solution, raw: sol.solution, finish_reason: "stop" }]);
      stated.set(id, sol.is_correct);
    });
    const out = await gsm8k.score(items, responses, {});
    let agree = 0;
    for (const it of out.items) if (it.scores.flexible_match === stated.get(it.id)) agree++;
    assert.equal(agree, 1319, `${model}: flexible verdicts equal the stated is_correct on every item`);
    assert.equal([...stated.values()].filter(Boolean).length, statedCorrect);
    assert.equal(out.metrics.flexible_match, statedCorrect / 1319);
    assert.equal(out.metrics.strict_match, 0, `${model}: no reply says "The final answer is"`);
    assert.equal(out.overall_score, 0);
    const bd = out.breakdown as { format_failure_rate: number; disagreements: { strict_vs_flexible: number } };
    assert.equal(bd.format_failure_rate, 1);
    assert.equal(bd.disagreements.strict_vs_flexible, statedCorrect);
  }
  const pct = Object.values(MODELS).map((c) => ((100 * c) / 1319).toFixed(2));
  assert.deepEqual(pct, ["21.68", "39.04", "34.72", "56.25"]);
});
