// Offline reasoning removal: numbers inside <think> must never reach the last-number rule.
import { test } from "node:test";
import assert from "node:assert/strict";
import { stripReasoning } from "../../src/backends/reasoning.js";
import { scoreGsm8kText } from "../../src/benchmarks/gsm8k/task.js";

test("everything up to the last </think> is dropped; an unclosed <think> leaves no answer", () => {
  assert.deepEqual(stripReasoning("<think>a</think>b<think>c</think> The final answer is 4"), { text: " The final answer is 4", unclosedThink: false });
  assert.deepEqual(stripReasoning("<think>maybe 12, maybe 13"), { text: "", unclosedThink: true });
  assert.deepEqual(stripReasoning("plain 7"), { text: "plain 7", unclosedThink: false });
});

test("a last-number rule on the raw text would read the thoughts; on the stripped text it cannot", () => {
  const raw = "<think>The total is 40, then minus 12 gives 28, no wait: 30";
  assert.equal(scoreGsm8kText(raw, "30").scores.flexible_match, true, "raw text: the guess in the thoughts counts");
  assert.equal(scoreGsm8kText(stripReasoning(raw).text, "30").scores.flexible_match, false, "stripped: no answer");
});
