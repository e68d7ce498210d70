// Letter-extraction pitfalls (docs/more-benchmarks.md §2.3-2.5, §5, §6).
import { test } from "node:test";
import assert from "node:assert/strict";
import { exactLetter, extractLetter, logprobLetter } from "../../src/benchmarks/mmlu/extract.js";

const letter = (t: string) => extractLetter(t).letter;

test("a standalone leading letter in the usual chat forms", () => {
  for (const t of ["B", "B.", "(B)", "**B**", "B) 4", " B\n", "[B]", "B\nBecause the enzyme ...", "B: 4", "**B.** The force"]) {
    assert.deepEqual(extractLetter(t), { letter: "B", rule: "leading" }, JSON.stringify(t));
  }
});

test("never the article: 'A mitochondrion ...' is not answer A", () => {
  assert.equal(letter("A mitochondrion is the powerhouse of the cell."), null);
  assert.equal(letter("A mitochondrion. The answer is C"), "C");
  assert.equal(letter("a"), null);
});

test("'Answer: B' and 'The answer is (B)' are read through the fallback (lm-eval mmlu_generative marks them wrong)", () => {
  assert.deepEqual(extractLetter("Answer: B"), { letter: "B", rule: "answer_phrase" });
  assert.deepEqual(extractLetter("The answer is (B)."), { letter: "B", rule: "answer_phrase" });
  assert.equal(letter("The correct answer is **D**"), "D");
  assert.equal(letter("The best answer is: C"), "C");
  assert.equal(letter("answer: c"), "C");
});

test("the LAST answer phrase wins, not the first (simple-evals takes the first)", () => {
  assert.equal(letter("Answer: A\nWait, let me re-check the units.\nAnswer: C"), "C");
  assert.equal(letter("I first thought the answer is B, but the answer is D."), "D");
});

test("a lowercase 'a' after 'answer is' is an article unless it stands alone", () => {
  assert.equal(letter("The answer is a bit more subtle; it depends."), null);
  assert.equal(letter("The answer is a."), "A");
  assert.equal(letter("The answer is Because"), null);
});

test("a leading blank line or markdown does not hide the letter; prose without a letter is invalid", () => {
  assert.equal(letter("\n\n  **(C)**"), "C");
  assert.equal(letter("To determine this we need to"), null);
  assert.equal(letter(""), null);
});

test("HELM's exact rule: the stripped completion must be the letter itself", () => {
  assert.equal(exactLetter(" D"), "D");
  assert.equal(exactLetter("D."), null);
  assert.equal(exactLetter("The"), null);
});

test("first-token logprobs: argmax over ' A'/'A' ... ' D'/'D'; none present gives null", () => {
  assert.equal(logprobLetter({ " A": -2.1, " B": -0.3, C: -1.2, "\n": -0.1 }), "B");
  assert.equal(logprobLetter({ A: -3, " A": -0.5, " B": -1 }), "A");
  assert.equal(logprobLetter({ "<think>": -0.01, The: -2 }), null);
  assert.equal(logprobLetter({ " C": -1, " D": -1 }), "C");
});
