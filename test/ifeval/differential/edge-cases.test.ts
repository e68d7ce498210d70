// Differential edge cases: synthetic records that probe every instruction's boundaries and the
// reference's crash conditions (regex-metacharacter kwargs, Unicode case/whitespace, empty
// responses, exact-threshold counts, JSON and Punkt edge cases, short langdetect texts, bad kwargs).
// Expected verdicts in test/fixtures/ifeval-edge/edge-cases.jsonl come from running Google's
// instruction_following_eval on each record (langdetect seed 0, letters used literally): the strict
// and loose lists, or "error" where the reference raises or would draw random kwargs.
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { resolve } from "node:path";
import { createIfevalScorer, instructionIds, isErrorRow, type IfevalInput, type IfevalRow } from "../../../src/benchmarks/ifeval/index.js";

interface EdgeCase extends IfevalInput {
  tag: string;
  response: string;
  strict: boolean[] | "error";
  loose: boolean[] | "error";
}

const DATA_DIR = process.env.WORKBENCH_DATA_DIR ?? resolve("../shared/datasets");
const FIXTURE = resolve("test/fixtures/ifeval-edge/edge-cases.jsonl");
const cases = readFileSync(FIXTURE, "utf8")
  .split("\n")
  .filter((l) => l.trim() !== "")
  .map((l) => JSON.parse(l) as EdgeCase);

const view = (row: IfevalRow): boolean[] | "error" => (isErrorRow(row) ? "error" : row.follow_instruction_list);
const show = (v: boolean[] | "error"): string => (v === "error" ? "error" : JSON.stringify(v));

test("edge-case fixture covers every registered instruction id and both outcomes", () => {
  assert.ok(cases.length >= 150, `only ${cases.length} records`);
  const covered = new Set(cases.flatMap((c) => c.instruction_id_list));
  const missing = instructionIds().filter((id) => !covered.has(id));
  assert.deepEqual(missing, [], "ids without an edge case");
  assert.ok(cases.some((c) => c.strict === "error"), "no crash records");
  assert.ok(cases.some((c) => Array.isArray(c.strict) && c.strict.includes(true)), "no passing records");
  assert.ok(cases.some((c) => Array.isArray(c.strict) && c.strict.includes(false)), "no failing records");
});

test(`edge cases: ${cases.length} records get the reference's strict and loose verdicts`, async () => {
  const scorer = await createIfevalScorer({ dataDir: DATA_DIR });
  const failures: string[] = [];
  for (const c of cases) {
    const got = scorer.scoreRecord(c, c.response);
    const strict = view(got.strict);
    const loose = view(got.loose);
    if (show(strict) !== show(c.strict) || show(loose) !== show(c.loose)) {
      failures.push(
        `key ${c.key} [${c.tag}] ${c.instruction_id_list.join(",")} kwargs=${JSON.stringify(c.kwargs)}: ` +
          `expected strict=${show(c.strict)} loose=${show(c.loose)}, got strict=${show(strict)} loose=${show(loose)}` +
          (isErrorRow(got.strict) ? ` (${got.strict.error})` : ""),
      );
    }
  }
  assert.deepEqual(failures, [], `${failures.length} of ${cases.length} records differ from the reference:\n${failures.join("\n")}`);
});
