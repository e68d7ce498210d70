// Acceptance: verdicts identical to the reference's golden files (shared/datasets/ifeval/golden).
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { createIfevalScorer, loadIfevalInputs, loadIfevalResponses, isErrorRow, type IfevalReport, type IfevalRow } from "../../src/benchmarks/ifeval/index.js";
import { DATA_DIR, IFEVAL_DIR } from "./helpers.js";

interface GoldenRow {
  key: number;
  instruction_id_list: string[];
  follow_all_instructions: boolean;
  follow_instruction_list: boolean[];
}

function golden(name: string): Map<number, GoldenRow> {
  const rows = readFileSync(join(IFEVAL_DIR, "golden", name), "utf8").split("\n").filter(Boolean).map((l) => JSON.parse(l) as GoldenRow);
  return new Map(rows.map((r) => [r.key, r]));
}

function compare(rows: IfevalRow[], gold: Map<number, GoldenRow>): { same: number; differ: string[]; errors: number[] } {
  const out = { same: 0, differ: [] as string[], errors: [] as number[] };
  for (const row of rows) {
    const g = gold.get(row.key as number);
    if (isErrorRow(row)) {
      out.errors.push(row.key as number);
      continue;
    }
    if (!g) {
      out.differ.push(`key ${row.key}: scored but not in golden`);
      continue;
    }
    if (row.follow_all_instructions === g.follow_all_instructions && JSON.stringify(row.follow_instruction_list) === JSON.stringify(g.follow_instruction_list)) out.same++;
    else out.differ.push(`key ${row.key}: ${JSON.stringify(row.follow_instruction_list)} vs golden ${JSON.stringify(g.follow_instruction_list)}`);
  }
  return out;
}

async function score(input: string, responses: string): Promise<IfevalReport> {
  const scorer = await createIfevalScorer({ dataDir: DATA_DIR });
  return scorer.scoreAll(loadIfevalInputs(join(IFEVAL_DIR, input)), loadIfevalResponses(join(IFEVAL_DIR, responses)));
}

const pct = (x: number): string => (x * 100).toFixed(2);
const metricsPct = (r: IfevalReport): string[] =>
  [r.metrics.prompt_level_strict, r.metrics.inst_level_strict, r.metrics.prompt_level_loose, r.metrics.inst_level_loose].map(pct);

interface SummaryEntry {
  prompt_level_strict: number;
  instruction_level_strict: number;
  prompt_level_loose: number;
  instruction_level_loose: number;
  reference_crashes?: { keys: number[] };
}
function summary(file: string): SummaryEntry {
  const s = JSON.parse(readFileSync(join(IFEVAL_DIR, "golden", "summary.json"), "utf8")) as { files: Record<string, SummaryEntry> };
  return s.files[file]!;
}
const summaryPct = (e: SummaryEntry): string[] =>
  [e.prompt_level_strict, e.instruction_level_strict, e.prompt_level_loose, e.instruction_level_loose].map((x) => x.toFixed(2));

test("GPT-4 responses: 541/541 rows identical to golden in both modes, aggregates 77.08/83.69/79.67/85.61", async () => {
  const report = await score("input_data_gpt4_20231107_145030.jsonl", "input_response_data_gpt4_20231107_145030.jsonl");
  const strict = compare(report.strict, golden("input_response_data_gpt4_20231107_145030_strict.jsonl"));
  const loose = compare(report.loose, golden("input_response_data_gpt4_20231107_145030_loose.jsonl"));
  assert.deepEqual(strict.differ, []);
  assert.deepEqual(loose.differ, []);
  assert.equal(strict.same, 541);
  assert.equal(loose.same, 541);
  assert.equal(report.errors, 0);
  const expected = summaryPct(summary("input_response_data_gpt4_20231107_145030.jsonl"));
  assert.deepEqual(expected, ["77.08", "83.69", "79.67", "85.61"]);
  assert.deepEqual(metricsPct(report), expected);
});

test("text-bison responses: all 499 golden rows identical, the other 42 reported as errors", async () => {
  const report = await score("input_data_text_bison_20231114.jsonl", "input_response_data_text_bison.jsonl");
  const gs = golden("input_response_data_text_bison_strict.jsonl");
  const strict = compare(report.strict, gs);
  const loose = compare(report.loose, golden("input_response_data_text_bison_loose.jsonl"));
  assert.deepEqual(strict.differ, []);
  assert.deepEqual(loose.differ, []);
  assert.equal(strict.same, 499);
  assert.equal(loose.same, 499);
  assert.equal(report.errors, 42);
  assert.deepEqual(strict.errors, loose.errors);
  for (const k of strict.errors) assert.ok(!gs.has(k), `key ${k} errored but has a golden row`);
  const expected = summary("input_response_data_text_bison.jsonl");
  assert.deepEqual([...strict.errors].sort((a, b) => a - b), [...expected.reference_crashes!.keys].sort((a, b) => a - b));
  for (const row of report.strict) if (isErrorRow(row)) assert.match(row.error, /prompt_to_repeat/);
  assert.deepEqual(metricsPct(report), summaryPct(expected));
});
