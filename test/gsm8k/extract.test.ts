// Extraction pitfalls (docs/more-benchmarks.md §1.3, §5); expected values cross-checked with Python `re`
// running lm-eval's regexes and exact_match normalisation.
import { test } from "node:test";
import assert from "node:assert/strict";
import { INVALID, extractFlexible, extractStrict, judge, normalizeAnswer } from "../../src/benchmarks/gsm8k/extract.js";
import { scoreGsm8kText } from "../../src/benchmarks/gsm8k/task.js";
import { goldFromSolution } from "../../src/benchmarks/gsm8k/data.js";

test("strict reads a number at the very end of the reply whole (no lm-eval gsm8k_cot 'The answer is 18' -> 1 bug)", () => {
  assert.equal(extractStrict("So 6 + 12 = 18. The final answer is 18"), "18");
  assert.equal(extractStrict("The final answer is 7"), "7");
  assert.equal(scoreGsm8kText("The final answer is 7", "7").scores.strict_match, true);
});

test("strict takes the LAST 'The final answer is', and is case-sensitive like lm-eval", () => {
  assert.equal(extractStrict("The final answer is 5. Wait, The final answer is 6."), "6.");
  assert.equal(extractStrict("The final answer is 5. Wait, the final answer is 6."), "5.");
});

test("strict fails on other phrasings; flexible still finds the last number", () => {
  for (const t of ["The answer is 18", "The final answer is: 18", "The final answer is \\boxed{18}"]) {
    assert.equal(extractStrict(t), INVALID, t);
    assert.equal(extractFlexible(t), "18", t);
  }
});

test("flexible is the last number, even after the stated answer", () => {
  assert.equal(extractFlexible("I think 7. Actually 12"), "12");
  const v = scoreGsm8kText("So 3 + 4 = 7. The final answer is 7. Check: 7 * 2 = 14", "7");
  assert.equal(v.strict, "7.");
  assert.equal(v.flexible, "14");
  assert.equal(v.scores.strict_match, true);
  assert.equal(v.scores.flexible_match, false);
});

test("normalisation drops , and $ and one trailing period, then compares strings", () => {
  assert.equal(normalizeAnswer("$1,250.50."), "1250.50");
  assert.equal(normalizeAnswer("$18."), "18");
  assert.equal(normalizeAnswer("18.."), "18.");
  assert.equal(judge("$1,250.50.", "1250.50").match, true);
  assert.equal(judge("2,125", "2125").match, true);
  assert.equal(judge("-3", "-3").match, true);
});

test("18.00 and 18.0 are wrong as strings but right numerically", () => {
  for (const p of ["18.00", "18.0"]) {
    const v = judge(p, "18");
    assert.equal(v.match, false, p);
    assert.equal(v.numeric, true, p);
  }
  assert.equal(judge("18.5", "18").numeric, false);
  assert.equal(judge("...", "0").numeric, false);
  const v = scoreGsm8kText("The final answer is 18.00", "18");
  assert.deepEqual(v.scores, { strict_match: false, flexible_match: false, strict_match_numeric: true, flexible_match_numeric: true });
});

test("runs of dots and commas count as a 'number' for flexible, as in lm-eval", () => {
  assert.equal(extractFlexible("It costs $2,125..."), "$2,125...");
  assert.equal(judge("$2,125...", "2125").match, false);
  assert.equal(extractFlexible("no numbers here"), INVALID);
  assert.equal(judge(INVALID, "5").numeric, false);
});

test("gold is the first '#### N' of the reference solution, commas removed", () => {
  assert.equal(goldFromSolution("Total 2,125 <<a=b>>\n#### 2,125"), "2125");
  assert.equal(goldFromSolution("She lost it.\n#### -10"), "-10");
  assert.equal(goldFromSolution("no marker"), null);
});
