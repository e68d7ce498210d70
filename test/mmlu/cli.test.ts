// `workbench score mmlu`: saved replies by id or (subject +) question text, logprobs, breakdowns.
import { test } from "node:test";
import assert from "node:assert/strict";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { runCaptured } from "../helpers/run-command.js";
import cmd from "../../src/cli/commands/score-mmlu.js";

const DATA = process.env.WORKBENCH_DATA_DIR ?? path.resolve("../shared/datasets");
const FIXTURE = path.resolve("test/fixtures/mmlu/responses.jsonl");

function run(argv: string[]): Promise<{ code: number; out: string; err: string }> {
  return runCaptured(cmd, [...argv, "--data-dir", DATA]);
}

test("scores the fixture: letters, answer phrase, the article is not an answer, logprobs where given", async () => {
  const { code, out } = await run(["--responses", FIXTURE, "--json"]);
  assert.equal(code, 0);
  const r = JSON.parse(out);
  assert.equal(r.protocol, "mmlu-5shot-letter");
  assert.equal(r.counts.scored, 4);
  assert.deepEqual(r.metrics, { accuracy: 0.5, exact_letter: 0.25, logprob_accuracy: 1 });
  assert.deepEqual(r.items.map((i: { id: string }) => i.id), ["mmlu/abstract_algebra/0", "mmlu/abstract_algebra/1", "mmlu/abstract_algebra/2", "mmlu/clinical_knowledge/0"]);
  assert.equal(r.items[2].category, "abstract_algebra");
  assert.deepEqual(r.breakdown.categories.STEM, { n: 3, correct: 2, accuracy: 2 / 3 });
  assert.deepEqual(r.breakdown.categories.other, { n: 1, correct: 0, accuracy: 0 });
  assert.equal(r.breakdown.macro_accuracy, (2 / 3 + 0) / 2);
  assert.deepEqual(r.breakdown.extraction, { leading: 2, answer_phrase: 1, none: 1 });
  assert.equal(r.breakdown.truncation_rate, 0.25);
});

test("text report names micro, macro and the categories", async () => {
  const { code, out } = await run(["--responses", FIXTURE]);
  assert.equal(code, 0);
  assert.match(out, /micro 0\.5000, macro over subjects 0\.3333/);
  assert.match(out, /STEM 0\.6667 \(3\)/);
});

test("a question shared by two subjects needs its subject; a miss or a tie is a one-line error", async () => {
  const dir = mkdtempSync(path.join(tmpdir(), "wb-mmlu-"));
  const f = path.join(dir, "r.jsonl");
  const q = "The key attribute in successful marathon running is:"; // clinical_knowledge/1 = college_medicine/62
  writeFileSync(f, JSON.stringify({ question: q, response: "D" }) + "\n");
  const tie = await run(["--responses", f]);
  assert.equal(tie.code, 2);
  assert.match(tie.err, /r\.jsonl:1: field question: matches 2 items \(mmlu\/clinical_knowledge\/1, mmlu\/college_medicine\/62\); give "id" instead/);
  writeFileSync(f, JSON.stringify({ question: q, subject: "college_medicine", response: "D" }) + "\n");
  const ok = await run(["--responses", f, "--json"]);
  assert.equal(ok.code, 0);
  assert.equal(JSON.parse(ok.out).items[0].id, "mmlu/college_medicine/62");
  writeFileSync(f, JSON.stringify({ question: q, subject: "virology", response: "D" }) + "\n");
  const miss = await run(["--responses", f]);
  assert.equal(miss.code, 2);
  assert.match(miss.err, /r\.jsonl:1: field question: no mmlu item has this question text in subject 'virology'/);
});
