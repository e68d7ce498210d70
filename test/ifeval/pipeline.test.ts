// Strict/loose pipeline behaviour (empty responses, the 8 loose variants, errors raised only
// where the reference reaches them). Expected rows in test/fixtures/ifeval/pipeline-cases.json
// come from running the reference's evaluation functions record by record.
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { evaluateBoth, evaluateLoose, evaluateStrict, looseVariants, type ModeResult } from "../../src/benchmarks/ifeval/evaluate.js";
import { matchResponses } from "../../src/benchmarks/ifeval/scorer.js";
import { buildReport } from "../../src/benchmarks/ifeval/aggregate.js";
import type { IfevalInput, IfevalRow } from "../../src/benchmarks/ifeval/types.js";
import { FIXTURES, sharedResources } from "./helpers.js";

interface PipelineCase extends IfevalInput {
  response: string;
  strict: boolean[] | "error";
  loose: boolean[] | "error";
}

const cases = JSON.parse(readFileSync(join(FIXTURES, "pipeline-cases.json"), "utf8")) as PipelineCase[];
const ctx = await sharedResources();
const view = (r: ModeResult): boolean[] | "error" => ("error" in r ? "error" : r.follow);

test(`pipeline: ${cases.length} records agree with the reference in both modes`, () => {
  for (const c of cases) {
    assert.deepEqual(view(evaluateStrict(c, c.response, ctx)), c.strict, `strict, ${c.prompt}`);
    assert.deepEqual(view(evaluateLoose(c, c.response, ctx)), c.loose, `loose, ${c.prompt}`);
    const both = evaluateBoth(c, c.response, ctx);
    assert.deepEqual([view(both.strict), view(both.loose)], [c.strict, c.loose], `both modes, ${c.prompt}`);
  }
});

test("loose variants come in the reference's order; only removals are stripped", () => {
  assert.deepEqual(looseVariants(" *a*\n b \n c* "), [" *a*\n b \n c* ", " a\n b \n c ", "b \n c*", "*a*\n b", "b", "b \n c", "a\n b", "b"]);
  assert.deepEqual(looseVariants("one line").slice(2), ["", "", "", "", "", ""]);
});

test("responses match by key when both sides carry one, else by exact prompt (last wins)", () => {
  const inputs: IfevalInput[] = [
    { key: 1, prompt: "p", instruction_id_list: [], kwargs: [] },
    { key: 2, prompt: "p", instruction_id_list: [], kwargs: [] },
    { key: 3, prompt: "q", instruction_id_list: [], kwargs: [] },
    { key: 4, prompt: "r", instruction_id_list: [], kwargs: [] },
  ];
  const got = matchResponses(inputs, [
    { prompt: "p", response: "first p" },
    { prompt: "p", response: "last p" },
    { key: 3, prompt: "other prompt", response: "by key" },
    { key: 9, prompt: "r", response: "wrong key" },
  ]);
  assert.deepEqual(got, ["last p", "last p", "by key", undefined]);
});

test("aggregates exclude error rows per mode and count the record once", () => {
  const base = { prompt: "", instruction_id_list: ["a:x", "b:y"] };
  const ok = (key: number, f: boolean[]): IfevalRow => ({ ...base, key, follow_all_instructions: f.every(Boolean), follow_instruction_list: f });
  const err = (key: number): IfevalRow => ({ ...base, key, error: "boom" });
  const r = buildReport([ok(1, [true, true]), ok(2, [true, false]), err(3)], [ok(1, [true, true]), err(2), err(3)]);
  assert.equal(r.errors, 2);
  assert.equal(r.scored, 1);
  assert.equal(r.metrics.prompt_level_strict, 0.5);
  assert.equal(r.metrics.inst_level_strict, 0.75);
  assert.equal(r.metrics.prompt_level_loose, 1);
  assert.deepEqual(r.per_instruction["b:y"], { strict: 0.5, loose: 1, total: 2, loose_total: 1 });
  assert.deepEqual(Object.keys(r.per_category), ["a", "b"]);
});
