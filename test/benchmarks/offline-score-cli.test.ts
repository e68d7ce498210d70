// `workbench score gsm8k|mmlu|truthfulqa-mc1`, through the one generic score command: the documented
// JSONL input, text and JSON output, --limit, exit codes 0/2/3, one-line errors naming file, line and field.
import { test } from "node:test";
import assert from "node:assert/strict";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { DATA_DIR } from "../helpers/data-dir.js";
import { runScoreCaptured, type Captured } from "../helpers/run-command.js";

interface Case {
  name: string;
  fixture: string;
  /** An item id of the benchmark, and one it does not have. */
  firstId: string;
  missingId: string;
  /** What the fixture scores to (--json). */
  json(r: any): void;
  /** What the text report says with `--limit` limit. */
  limit: number;
  text: RegExp[];
}

const CASES: Case[] = [
  {
    name: "gsm8k",
    fixture: "test/fixtures/gsm8k/responses.jsonl",
    firstId: "gsm8k/0",
    missingId: "gsm8k/9999",
    json(r) {
      // by id and by question text; <think> removed, an unclosed think is no answer
      assert.equal(r.protocol, "gsm8k-cot-llama-chat");
      assert.deepEqual(r.counts, { lines: 5, scored: 5, ignored: 0, missing: 1314, errors: 0, unclosed_think: 1 });
      assert.deepEqual(r.metrics, { strict_match: 0.4, flexible_match: 0.6, strict_match_numeric: 0.6, flexible_match_numeric: 0.8 });
      assert.equal(r.overall_score, 0.4);
      assert.deepEqual(r.items[1], {
        id: "gsm8k/1",
        scores: { strict_match: false, flexible_match: false, strict_match_numeric: true, flexible_match_numeric: true },
        finish_reason: "stop",
      });
      assert.deepEqual(r.breakdown.disagreements, { strict_vs_flexible: 1, strict_string_vs_numeric: 1, flexible_string_vs_numeric: 1 });
      assert.equal(r.breakdown.truncation_rate, 0.2);
      assert.equal(r.breakdown.format_failure_rate, 0.4);
    },
    limit: 2,
    text: [/^gsm8k \(gsm8k-cot-llama-chat\): 2 item\(s\) scored/, /ignored \(outside --limit\) 3/, /strict_match\s+0\.5000/, /flexible_match_numeric\s+1\.0000/],
  },
  {
    name: "mmlu",
    fixture: "test/fixtures/mmlu/responses.jsonl",
    firstId: "mmlu/abstract_algebra/0",
    missingId: "mmlu/abstract_algebra/9999",
    json(r) {
      // letters, answer phrase, the article is not an answer, logprobs where given
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
    },
    // the fixture's items lie in the first 14,042; the report names micro, macro and the categories
    limit: 14042,
    text: [/micro 0\.5000, macro over subjects 0\.3333/, /STEM 0\.6667 \(3\)/],
  },
  {
    name: "truthfulqa-mc1",
    fixture: "test/fixtures/truthfulqa/responses.jsonl",
    firstId: "truthfulqa/0",
    missingId: "truthfulqa/9999",
    json(r) {
      // letters are checked against the shuffled order (A is the true answer in the file, not on screen)
      assert.equal(r.protocol, "truthfulqa-mc1-letter");
      assert.equal(r.breakdown.label, "MC1 (letter choice)");
      assert.deepEqual(r.items.map((i: { id: string; scores: { accuracy: boolean } }) => [i.id, i.scores.accuracy]), [
        ["truthfulqa/0", true],
        ["truthfulqa/1", false],
        ["truthfulqa/2", true],
      ]);
      assert.equal(r.metrics.accuracy, 2 / 3);
      assert.equal(r.counts.unclosed_think, 0);
      assert.match(r.breakdown.permutation.method, /sha256/);
    },
    limit: 1,
    text: [/truthfulqa-mc1 \(truthfulqa-mc1-letter\): 1 item\(s\) scored/, /ignored \(outside --limit\) 2/, /not comparable to log-likelihood MC1/],
  },
];

function score(name: string, argv: string[]): Promise<Captured> {
  return runScoreCaptured([name, ...argv, "--data-dir", DATA_DIR]);
}

function tmpFile(name: string, text: string): string {
  const f = path.join(mkdtempSync(path.join(tmpdir(), "wb-score-")), name);
  writeFileSync(f, text);
  return f;
}

for (const c of CASES) {
  const fixture = path.resolve(c.fixture);

  test(`${c.name}: scores the fixture (--json)`, async () => {
    const { code, out } = await score(c.name, ["--responses", fixture, "--json"]);
    assert.equal(code, 0);
    c.json(JSON.parse(out));
  });

  test(`${c.name}: text report with --limit ${c.limit}`, async () => {
    const { code, out } = await score(c.name, ["--responses", fixture, "--limit", String(c.limit)]);
    assert.equal(code, 0);
    for (const re of c.text) assert.match(out, re);
  });

  test(`${c.name}: items whose request failed are excluded and make the exit code 3`, async () => {
    const f = tmpFile("r.jsonl", `{"id":"${c.firstId}","response":"x"}\n{"id":"${c.missingId.replace("9999", "1")}","response":null,"error":"HTTP 500"}\n`);
    const { code, out } = await score(c.name, ["--responses", f, "--json"]);
    assert.equal(code, 3);
    const r = JSON.parse(out);
    assert.equal(r.counts.errors, 1);
    assert.equal(r.counts.scored, 1);
    assert.equal(r.items[1].error, "HTTP 500");
  });

  test(`${c.name}: bad input is a one-line error naming file, line and field; exit 2`, async () => {
    const esc = (s: string) => s.replace(/[/.]/g, "\\$&");
    const cases: Array<[string, RegExp]> = [
      [`{"id":"${c.firstId}","response":"x"}\n\n{"id":"${c.firstId}","response":"y"}\n`, new RegExp(`r\\.jsonl:3: field id: item ${esc(c.firstId)} already answered on line 1`)],
      [`{"id":"${c.missingId}","response":"x"}\n`, new RegExp(`r\\.jsonl:1: field id: no ${c.name} item '${esc(c.missingId)}'`)],
      [`{"id":"${c.firstId}"}\n`, /r\.jsonl:1: field response: missing/],
      ['{"response":"x"}\n', /r\.jsonl:1: field id: missing/],
      ['{"question":"What is 2+2?","response":"4"}\n', new RegExp(`r\\.jsonl:1: field question: no ${c.name} item has this question text`)],
      [`{"id":"${c.firstId}","response":"x","finish_reason":3}\n`, /r\.jsonl:1: field finish_reason: expected a string or null/],
      ["[1,2]\n", /r\.jsonl:1: expected a JSON object per line/],
      ["{oops\n", /r\.jsonl:1: not valid JSON/],
      ["\n", /r\.jsonl: no responses/],
    ];
    for (const [text, re] of cases) {
      const { code, err } = await score(c.name, ["--responses", tmpFile("r.jsonl", text)]);
      assert.equal(code, 2, text);
      assert.match(err, re);
      assert.equal(err.trim().split("\n").length, 1, "one line");
    }
    const bad = await score(c.name, ["--responses", fixture, "--limit", "x"]);
    assert.equal(bad.code, 2);
    assert.match(bad.err, /--limit: expected a positive integer, got 'x'/);
  });
}

test("mmlu: a question shared by two subjects needs its subject; a miss or a tie is a one-line error", async () => {
  const dir = mkdtempSync(path.join(tmpdir(), "wb-mmlu-"));
  const f = path.join(dir, "r.jsonl");
  const q = "The key attribute in successful marathon running is:"; // clinical_knowledge/1 = college_medicine/62
  writeFileSync(f, JSON.stringify({ question: q, response: "D" }) + "\n");
  const tie = await score("mmlu", ["--responses", f]);
  assert.equal(tie.code, 2);
  assert.match(tie.err, /r\.jsonl:1: field question: matches 2 items \(mmlu\/clinical_knowledge\/1, mmlu\/college_medicine\/62\); give "id" instead/);
  writeFileSync(f, JSON.stringify({ question: q, subject: "college_medicine", response: "D" }) + "\n");
  const ok = await score("mmlu", ["--responses", f, "--json"]);
  assert.equal(ok.code, 0);
  assert.equal(JSON.parse(ok.out).items[0].id, "mmlu/college_medicine/62");
  writeFileSync(f, JSON.stringify({ question: q, subject: "virology", response: "D" }) + "\n");
  const miss = await score("mmlu", ["--responses", f]);
  assert.equal(miss.code, 2);
  assert.match(miss.err, /r\.jsonl:1: field question: no mmlu item has this question text in subject 'virology'/);
});

test("score: the command lists the scorable benchmarks; an unknown name is a usage error naming them", async () => {
  const bare = await runScoreCaptured([]);
  assert.equal(bare.code, 2);
  for (const n of ["ifeval", "humaneval", "gsm8k", "mmlu", "truthfulqa-mc1"]) assert.match(bare.err, new RegExp(`^  ${n} +\\S`, "m"));
  const help = await runScoreCaptured(["--help"]);
  assert.equal(help.code, 0);
  assert.equal(help.out, bare.err.slice(bare.err.indexOf("Usage:")));
  const unknown = await runScoreCaptured(["nope", "--responses", "x"]);
  assert.equal(unknown.code, 2);
  assert.equal(unknown.err, "workbench: score: unknown benchmark 'nope' (scorable: ifeval, humaneval, gsm8k, mmlu, truthfulqa-mc1)\n");
  const sub = await runScoreCaptured(["gsm8k", "--help"]);
  assert.equal(sub.code, 0);
  assert.match(sub.out, /^Usage: workbench score gsm8k --responses FILE/m);
});
