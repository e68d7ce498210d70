// MMLU data loading (raw strings), the 5-shot prompt, and the aggregate breakdowns.
import { test } from "node:test";
import assert from "node:assert/strict";
import { loadMmlu, type MmluItem } from "../../src/benchmarks/mmlu/data.js";
import { mmluPrompt } from "../../src/benchmarks/mmlu/prompt.js";
import { mmlu, mmluId } from "../../src/benchmarks/mmlu/task.js";
import type { ResponseRecord } from "../../src/benchmarks/types.js";
import { DATA_DIR } from "../helpers/data-dir.js";

test("loads 14,042 test items in 57 subjects with 5 dev shots each; odd values stay raw strings", async () => {
  const { items, dataset } = await mmlu.load({ dataDir: DATA_DIR });
  assert.equal(items.length, 14042);
  assert.equal(new Set(items.map((i) => i.subject)).size, 57);
  assert.equal(new Set(items.map(mmluId)).size, 14042);
  assert.equal(Object.keys(dataset.sha256).length, 114);
  assert.equal(dataset.sha256["data/test/abstract_algebra_test.csv"], "4be89c0fb1d2419722e88880f6da3da95750367185ecd36f6492a6f74785cf64");
  const dist = { A: 0, B: 0, C: 0, D: 0 };
  for (const it of items) dist[it.answer]++;
  assert.deepEqual(dist, { A: 3222, B: 3462, C: 3582, D: 3776 });
  assert.ok(items.every((i) => i.shots.length === 5));
  assert.equal(items.filter((i) => i.subject === "professional_law").length, 1534);
  assert.equal(items.flatMap((i) => i.choices).filter((c) => c === "None").length, 10);
  const ee = items.filter((i) => i.subject === "electrical_engineering");
  assert.deepEqual(ee[108]!.choices.slice(1), ["140.", "150.", "200."]);
  assert.equal(ee[128]!.choices[0], "0.");
});

test("--limit N takes the first N items of each subject, in subject order, and says so", async () => {
  const { items, dataset } = await loadMmlu({ dataDir: DATA_DIR, limit: 2 });
  assert.equal(items.length, 2 * 57);
  assert.deepEqual(items.slice(0, 4).map(mmluId), ["mmlu/abstract_algebra/0", "mmlu/abstract_algebra/1", "mmlu/anatomy/0", "mmlu/anatomy/1"]);
  assert.equal(new Set(items.map((i) => i.subject)).size, 57);
  assert.equal(dataset.limit_per, "subject");
  assert.equal((await loadMmlu({ dataDir: DATA_DIR })).dataset.limit_per, undefined);
});

const shot = (q: string, a: "A" | "B" | "C" | "D") => ({ question: q, choices: ["w", "x", "y", "z"] as [string, string, string, string], answer: a });

test("prompt: single-space header, 5 shots in file order, test item ends 'Answer:'", () => {
  const item: MmluItem = {
    subject: "high_school_us_history", index: 0, question: "  Who? \n", choices: ["P", "None", "0.", "R"], answer: "C",
    shots: [shot("q1", "A"), shot("q2", "B"), shot("q3", "C"), shot("q4", "D"), shot("q5", "A")],
  };
  const shotText = (q: string, a: string) => `${q}\nA. w\nB. x\nC. y\nD. z\nAnswer: ${a}\n\n`;
  assert.equal(
    mmluPrompt(item),
    "The following are multiple choice questions (with answers) about high school us history.\n\n" +
      shotText("q1", "A") + shotText("q2", "B") + shotText("q3", "C") + shotText("q4", "D") + shotText("q5", "A") +
      "Who?\nA. P\nB. None\nC. 0.\nD. R\nAnswer:",
  );
  const spec = mmlu.prompt(item, {});
  assert.deepEqual(spec.messages, [{ role: "user", content: mmluPrompt(item) }]);
});

function rec(text: string, extra: Partial<ResponseRecord> = {}): ResponseRecord[] {
  return [{ text, raw: text, finish_reason: "stop", ...extra }];
}

test("micro vs macro, Hendrycks categories (anatomy is 'other'), errors excluded, truncation and format-failure rates", async () => {
  const mk = (subject: string, index: number, answer: "A" | "B" | "C" | "D"): MmluItem => ({ subject, index, question: "q", choices: ["a", "b", "c", "d"], answer, shots: [] });
  const items = [mk("anatomy", 0, "A"), mk("anatomy", 1, "B"), mk("anatomy", 2, "C"), mk("astronomy", 0, "D"), mk("astronomy", 1, "A")];
  const responses = new Map<string, ResponseRecord[]>([
    ["mmlu/anatomy/0", rec("A")],
    ["mmlu/anatomy/1", rec("B) nerve", { first_token_logprobs: { B: -0.1, " C": -2 } })],
    ["mmlu/anatomy/2", rec("The", { finish_reason: "length" })],
    ["mmlu/astronomy/0", rec("", { error: "HTTP 500" })],
    ["mmlu/astronomy/1", rec("Answer: A", { first_token_logprobs: { Answer: -0.01, " B": -5 } })],
  ]);
  const out = await mmlu.score(items, responses, {});
  assert.equal(out.metrics.accuracy, 3 / 4);
  assert.equal(out.overall_score, 3 / 4);
  assert.equal(out.metrics.exact_letter, 1 / 4);
  assert.equal(out.metrics.logprob_accuracy, 1 / 2);
  const bd = out.breakdown as {
    macro_accuracy: number;
    categories: Record<string, { n: number; correct: number; accuracy: number | null }>;
    extraction: Record<string, number>;
    format_failure_rate: number;
    truncation_rate: number;
    errors: number;
  };
  assert.equal(bd.macro_accuracy, (2 / 3 + 1) / 2);
  assert.deepEqual(bd.categories.other, { n: 3, correct: 2, accuracy: 2 / 3 });
  assert.deepEqual(bd.categories.STEM, { n: 1, correct: 1, accuracy: 1 });
  assert.equal(bd.categories.humanities!.accuracy, null);
  assert.deepEqual(bd.extraction, { leading: 2, answer_phrase: 1, none: 1 });
  assert.equal(bd.format_failure_rate, 1 / 4);
  assert.equal(bd.truncation_rate, 1 / 4);
  assert.equal(bd.errors, 1);
  const errItem = out.items.find((i) => i.id === "mmlu/astronomy/0")!;
  assert.equal(errItem.error, "HTTP 500");
  assert.deepEqual(errItem.scores, {});
  const a1 = out.items.find((i) => i.id === "mmlu/anatomy/1")!;
  assert.deepEqual(a1.scores, { accuracy: true, exact_letter: false, logprob_accuracy: true });
  assert.equal(a1.category, "anatomy");
  assert.equal("logprob_accuracy" in out.items[0]!.scores, false);
});
