// `workbench score truthfulqa-mc1`: letters are checked against the shuffled order, not the file order.
import { test } from "node:test";
import assert from "node:assert/strict";
import path from "node:path";
import { runCaptured } from "../helpers/run-command.js";
import cmd from "../../src/cli/commands/score-truthfulqa.js";

const DATA = process.env.WORKBENCH_DATA_DIR ?? path.resolve("../shared/datasets");
const FIXTURE = path.resolve("test/fixtures/truthfulqa/responses.jsonl");

function run(argv: string[]): Promise<{ code: number; out: string; err: string }> {
  return runCaptured(cmd, [...argv, "--data-dir", DATA]);
}

test("scores the fixture against the shuffled letters (A is the true answer in the file, not on screen)", async () => {
  const { code, out } = await run(["--responses", FIXTURE, "--json"]);
  assert.equal(code, 0);
  const r = JSON.parse(out);
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
});

test("text report; --limit 1 scores one item and ignores two", async () => {
  const { code, out } = await run(["--responses", FIXTURE, "--limit", "1"]);
  assert.equal(code, 0);
  assert.match(out, /truthfulqa-mc1 \(truthfulqa-mc1-letter\): 1 item\(s\) scored/);
  assert.match(out, /ignored \(outside --limit\) 2/);
  assert.match(out, /not comparable to log-likelihood MC1/);
});
