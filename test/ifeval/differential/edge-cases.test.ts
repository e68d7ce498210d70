// Differential edge cases: synthetic records that probe every instruction's boundaries and the
// reference's crash conditions (regex-metacharacter kwargs, Unicode case/whitespace, emoji,
// empty responses, exact-threshold counts, JSON and Punkt edge cases, short langdetect texts,
// bad kwargs). Expected verdicts in test/fixtures/ifeval-edge/edge-cases.jsonl come from running
// Google's instruction_following_eval on each record (langdetect seed 0, letters used literally):
// the strict and loose lists, or "error" where the reference raises or would draw random kwargs.
// Records marked `known_gap` use valid Python regex constructs the port reports as errors instead
// of scoring them; they are checked in a separate todo test.
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { resolve } from "node:path";
import { createIfevalScorer, instructionIds, isErrorRow, type IfevalInput, type IfevalRow, type IfevalScorer } from "../../../src/benchmarks/ifeval/index.js";
import { DATA_DIR } from "../../helpers/data-dir.js";

interface EdgeCase extends IfevalInput {
  tag: string;
  response: string;
  strict: boolean[] | "error";
  loose: boolean[] | "error";
  known_gap?: string;
}

const FIXTURE = resolve("test/fixtures/ifeval-edge/edge-cases.jsonl");
const cases = readFileSync(FIXTURE, "utf8")
  .split("\n")
  .filter((l) => l.trim() !== "")
  .map((l) => JSON.parse(l) as EdgeCase);

const view = (row: IfevalRow): boolean[] | "error" => (isErrorRow(row) ? "error" : row.follow_instruction_list);
const show = (v: boolean[] | "error"): string => (v === "error" ? "error" : JSON.stringify(v));

let scorer: Promise<IfevalScorer> | undefined;
const getScorer = (): Promise<IfevalScorer> => (scorer ??= createIfevalScorer({ dataDir: DATA_DIR }));

/** One line per record whose strict or loose outcome differs from the reference's. */
async function mismatches(subset: EdgeCase[]): Promise<string[]> {
  const s = await getScorer();
  const out: string[] = [];
  for (const c of subset) {
    const got = s.scoreRecord(c, c.response);
    const strict = view(got.strict);
    const loose = view(got.loose);
    if (show(strict) !== show(c.strict) || show(loose) !== show(c.loose)) {
      out.push(
        `key ${c.key} [${c.tag}] ${c.instruction_id_list.join(",")} kwargs=${JSON.stringify(c.kwargs)} response=${JSON.stringify(c.response.slice(0, 80))}: ` +
          `expected strict=${show(c.strict)} loose=${show(c.loose)}, got strict=${show(strict)} loose=${show(loose)}` +
          (isErrorRow(got.strict) ? ` (${got.strict.error})` : ""),
      );
    }
  }
  return out;
}

test("edge-case fixture covers every registered instruction id and both outcomes", () => {
  assert.ok(cases.length >= 150, `only ${cases.length} records`);
  const covered = new Set(cases.flatMap((c) => c.instruction_id_list));
  assert.deepEqual(instructionIds().filter((id) => !covered.has(id)), [], "ids without an edge case");
  assert.ok(cases.some((c) => c.strict === "error"), "no crash records");
  assert.ok(cases.some((c) => Array.isArray(c.strict) && c.strict.includes(true)), "no passing records");
  assert.ok(cases.some((c) => Array.isArray(c.strict) && c.strict.includes(false)), "no failing records");
});

const main = cases.filter((c) => c.known_gap === undefined);
const gaps = cases.filter((c) => c.known_gap !== undefined);

// The timeout turns a regex-scan infinite loop (emoji + empty look-around matches once hung the CLI) into a failure.
test(`edge cases: ${main.length} records get the reference's strict and loose verdicts`, { timeout: 60_000 }, async () => {
  const failures = await mismatches(main);
  assert.deepEqual(failures, [], `${failures.length} of ${main.length} records differ from the reference:\n${failures.join("\n")}`);
});

test(`known gaps: ${gaps.length} records with valid Python regex constructs the port rejects`, { todo: "backreferences under IGNORECASE, conditional groups, \\N{...}, captures inside repeats", timeout: 60_000 }, async () => {
  const failures = await mismatches(gaps);
  assert.deepEqual(failures, [], `${failures.length} of ${gaps.length} records differ from the reference:\n${failures.join("\n")}`);
});
