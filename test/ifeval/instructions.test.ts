// Per-instruction verdicts on the Python-semantics traps. Expected values in
// test/fixtures/ifeval/checker-cases.json were produced by running the reference's
// check_following (Python 3.11, nltk 3.8, langdetect 1.0.9 seed 0, letters literal);
// "error" marks cases where the reference raises (or would draw a random value).
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { buildInstruction, instructionIds } from "../../src/benchmarks/ifeval/registry.js";
import { IfevalRecordError } from "../../src/benchmarks/ifeval/types.js";
import { PyFloat, parsePyJson } from "../../src/pycompat/json/parse.js";
import { FIXTURES, sharedResources } from "./helpers.js";

interface Case {
  id: string;
  kwargs: Record<string, unknown>;
  text: string;
  expect: boolean | "error";
  note?: string;
}

const cases = JSON.parse(readFileSync(join(FIXTURES, "checker-cases.json"), "utf8")) as Case[];
const ctx = await sharedResources();

function run(c: { id: string; kwargs: Record<string, unknown>; text: string }): boolean | "error" {
  try {
    const b = buildInstruction(c.id, c.kwargs);
    return b.checker.check(b.config, c.text, ctx);
  } catch (err) {
    if (err instanceof IfevalRecordError) return "error";
    throw err;
  }
}

const byId = new Map<string, Case[]>();
for (const c of cases) byId.set(c.id, [...(byId.get(c.id) ?? []), c]);

for (const [id, list] of byId) {
  test(`${id}: ${list.length} reference verdicts`, () => {
    const wrong = list
      .map((c) => ({ c, got: run(c) }))
      .filter(({ c, got }) => got !== c.expect)
      .map(({ c, got }) => `${JSON.stringify(c.kwargs)} on ${JSON.stringify(c.text.slice(0, 60))}${c.note ? ` (${c.note})` : ""}: expected ${c.expect}, got ${got}`);
    assert.deepEqual(wrong, []);
  });
}

test("the case table covers all 25 registered ids", () => {
  const ids = instructionIds();
  assert.equal(ids.length, 25);
  for (const id of ids) assert.ok(byId.has(id), `no cases for ${id}`);
});

test("every checker rejects a kwarg its reference build_description does not take", () => {
  for (const id of instructionIds()) {
    assert.throws(() => buildInstruction(id, { bogus_kwarg: 1 }), (e: unknown) => e instanceof IfevalRecordError && /unknown kwarg bogus_kwarg for /.test(e.message));
  }
});

test("unknown and unregistered ids fail closed", () => {
  for (const id of ["keywords:key_sentences", "multi-turn:constrained_start", "punctuation:no_commas", ""]) {
    assert.throws(() => buildInstruction(id, {}), IfevalRecordError);
  }
});

test("nth_paragraph as a float indexes like Python: error when reached, False when out of range", () => {
  const b = buildInstruction("length_constraints:nth_paragraph_first_word", { num_paragraphs: 2, nth_paragraph: new PyFloat(2), first_word: "b" });
  assert.throws(() => b.checker.check(b.config, "A\n\nB", ctx), IfevalRecordError);
  assert.equal(b.checker.check(b.config, "A", ctx), false);
  const int = buildInstruction("length_constraints:nth_paragraph_first_word", { num_paragraphs: 2, nth_paragraph: 2, first_word: "b" });
  assert.equal(int.checker.check(int.config, "A\n\nB", ctx), true);
});

test("input JSON is read like Python json.loads (floats kept apart, NaN accepted)", () => {
  const v = parsePyJson('{"a": 2.0, "b": 2, "c": NaN, "d": [1e3, -Infinity], "e": "x\\u00e9"}') as Record<string, unknown>;
  assert.ok(v.a instanceof PyFloat && v.a.value === 2);
  assert.equal(v.b, 2);
  assert.ok(v.c instanceof PyFloat && Number.isNaN(v.c.value));
  const d = v.d as unknown[];
  assert.ok(d[0] instanceof PyFloat && d[1] instanceof PyFloat && d[1].value === -Infinity);
  assert.equal(v.e, "xé");
  assert.throws(() => parsePyJson('{"a": 1,}'));
  assert.throws(() => parsePyJson("[1] x"));
});

test("json_format: nesting the reference survives (987 levels) passes, one more is a record error", () => {
  const nested = (n: number): string => "[".repeat(n) + "]".repeat(n);
  const id = "detectable_format:json_format";
  assert.equal(run({ id, kwargs: {}, text: nested(987) }), true);
  assert.equal(run({ id, kwargs: {}, text: "```json\n" + nested(988) + "\n```" }), "error");
});
