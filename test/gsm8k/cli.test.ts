// `workbench score gsm8k`: the documented JSONL input, text and JSON output, exit codes 0/2/3.
import { test } from "node:test";
import assert from "node:assert/strict";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { runCaptured } from "../helpers/run-command.js";
import cmd from "../../src/cli/commands/score-gsm8k.js";

const DATA = process.env.WORKBENCH_DATA_DIR ?? path.resolve("../shared/datasets");
const FIXTURE = path.resolve("test/fixtures/gsm8k/responses.jsonl");

function run(argv: string[]): Promise<{ code: number; out: string; err: string }> {
  return runCaptured(cmd, [...argv, "--data-dir", DATA]);
}

function tmpFile(name: string, text: string): string {
  const f = path.join(mkdtempSync(path.join(tmpdir(), "wb-gsm8k-")), name);
  writeFileSync(f, text);
  return f;
}

test("scores saved replies by id and by question text; <think> removed, unclosed think is no answer", async () => {
  const { code, out } = await run(["--responses", FIXTURE, "--json"]);
  assert.equal(code, 0);
  const r = JSON.parse(out);
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
});

test("--limit keeps the first N dataset items and ignores answers to later ones; text report", async () => {
  const { code, out } = await run(["--responses", FIXTURE, "--limit", "2"]);
  assert.equal(code, 0);
  assert.match(out, /^gsm8k \(gsm8k-cot-llama-chat\): 2 item\(s\) scored/);
  assert.match(out, /ignored \(outside --limit\) 3/);
  assert.match(out, /strict_match\s+0\.5000/);
  assert.match(out, /flexible_match_numeric\s+1\.0000/);
});

test("items whose request failed are excluded and make the exit code 3", async () => {
  const f = tmpFile("r.jsonl", '{"id":"gsm8k/0","response":"The final answer is 18"}\n{"id":"gsm8k/1","response":null,"error":"HTTP 500"}\n');
  const { code, out } = await run(["--responses", f, "--json"]);
  assert.equal(code, 3);
  const r = JSON.parse(out);
  assert.equal(r.metrics.strict_match, 1);
  assert.equal(r.items[1].error, "HTTP 500");
});

test("bad input: one-line errors naming file, line and field; exit 2", async () => {
  const cases: Array<[string, RegExp]> = [
    ['{"id":"gsm8k/0","response":"x"}\n\n{"id":"gsm8k/0","response":"y"}\n', /r\.jsonl:3: field id: item gsm8k\/0 already answered on line 1/],
    ['{"id":"gsm8k/9999","response":"x"}\n', /r\.jsonl:1: field id: no gsm8k item 'gsm8k\/9999'/],
    ['{"id":"gsm8k/0"}\n', /r\.jsonl:1: field response: missing/],
    ['{"response":"x"}\n', /r\.jsonl:1: field id: missing/],
    ['{"question":"What is 2+2?","response":"4"}\n', /r\.jsonl:1: field question: no gsm8k item has this question text/],
    ['{"id":"gsm8k/0","response":"x","finish_reason":3}\n', /r\.jsonl:1: field finish_reason: expected a string or null/],
    ["[1,2]\n", /r\.jsonl:1: expected a JSON object per line/],
    ["{oops\n", /r\.jsonl:1: not valid JSON/],
    ["\n", /r\.jsonl: no responses/],
  ];
  for (const [text, re] of cases) {
    const { code, err } = await run(["--responses", tmpFile("r.jsonl", text)]);
    assert.equal(code, 2, text);
    assert.match(err, re);
    assert.equal(err.trim().split("\n").length, 1, "one line");
  }
  assert.equal((await run(["--responses", FIXTURE, "--limit", "x"])).code, 2);
});
