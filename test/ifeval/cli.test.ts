// `workbench score ifeval` end to end (in-process): files written atomically, exit codes, refusal
// to overwrite, one-line errors naming file and field.
import { test } from "node:test";
import assert from "node:assert/strict";
import { mkdtempSync, readFileSync, writeFileSync, existsSync, readdirSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { runScoreIfeval, type ScoreIfevalArgs } from "../../src/benchmarks/ifeval/cli.js";
import { DATA_DIR } from "../helpers/data-dir.js";
import { withCapturedIo, type Captured } from "../helpers/run-command.js";

function cli(args: ScoreIfevalArgs): Promise<Captured> {
  return withCapturedIo((io) => runScoreIfeval({ dataDir: DATA_DIR, ...args }, io));
}

const dir = mkdtempSync(join(tmpdir(), "ifeval-cli-"));
const input = join(dir, "input.jsonl");
const responses = join(dir, "responses.jsonl");
const records = [
  { key: 1, prompt: "Say hi without commas.", instruction_id_list: ["punctuation:no_comma"], kwargs: [{}] },
  { key: 2, prompt: "Wrap in quotes.", instruction_id_list: ["startend:quotation"], kwargs: [{}] },
  { key: 3, prompt: "Use the word sky.", instruction_id_list: ["keywords:existence"], kwargs: [{ keywords: ["(sky"] }] },
  { key: 4, prompt: "No response for me.", instruction_id_list: ["punctuation:no_comma"], kwargs: [{}] },
];
writeFileSync(input, records.map((r) => JSON.stringify(r)).join("\n") + "\n");
writeFileSync(
  responses,
  [
    { prompt: "Say hi without commas.", response: "hi there" },
    { prompt: "Wrap in quotes.", response: "Sure:\n\"quoted\"" },
    { prompt: "Use the word sky.", response: "the sky" },
  ].map((r) => JSON.stringify(r)).join("\n") + "\n",
);

test("writes both result files, prints metrics, exits 3 when some records failed", async () => {
  const out = join(dir, "out");
  const r = await cli({ input, responses, out });
  assert.equal(r.code, 3);
  const strict = readFileSync(join(out, "eval_results_strict.jsonl"), "utf8").trim().split("\n").map((l) => JSON.parse(l));
  const loose = readFileSync(join(out, "eval_results_loose.jsonl"), "utf8").trim().split("\n").map((l) => JSON.parse(l));
  assert.deepEqual(strict[0], { key: 1, prompt: "Say hi without commas.", instruction_id_list: ["punctuation:no_comma"], follow_all_instructions: true, follow_instruction_list: [true] });
  assert.deepEqual([strict[1].follow_all_instructions, loose[1].follow_all_instructions], [false, true]);
  assert.match(strict[2].error, /regular expression "\(sky" is rejected by Python/);
  assert.match(loose[3].error, /no response/);
  assert.match(r.out, /prompt-level\s+50\.00\s+100\.00/);
  assert.match(r.err, /2 record\(s\) not scored/);
  assert.deepEqual(readdirSync(out).sort(), ["eval_results_loose.jsonl", "eval_results_strict.jsonl"], "no temp files left behind");

  const again = await cli({ input, responses, out });
  assert.equal(again.code, 2, "existing results are not overwritten without --force");
  assert.match(again.err, /already exist.*--force/);
  assert.equal((await cli({ input, responses, out, force: true })).code, 3);
});

test("--json prints fractions; exit 0 when every record scored; no data assets needed for text-only checks", async () => {
  const only = join(dir, "one.jsonl");
  writeFileSync(only, JSON.stringify(records[0]) + "\n");
  const emptyDataDir = mkdtempSync(join(tmpdir(), "ifeval-nodata-"));
  const r = await cli({ input: only, responses, json: true, dataDir: emptyDataDir });
  assert.equal(r.code, 0);
  const j = JSON.parse(r.out) as Record<string, unknown>;
  assert.deepEqual(
    [j.prompt_level_strict, j.inst_level_strict, j.prompt_level_loose, j.inst_level_loose, j.errors],
    [1, 1, 1, 1, 0],
  );
  assert.deepEqual(j.per_instruction, { "punctuation:no_comma": { strict: 1, loose: 1, total: 1, loose_total: 1 } });
});

test("unusable files exit 2 with one line naming the file, line and field", async () => {
  const bad = join(dir, "bad.jsonl");
  writeFileSync(bad, JSON.stringify(records[0]) + "\n" + JSON.stringify({ key: 5, instruction_id_list: [], kwargs: [] }) + "\n");
  const r = await cli({ input: bad, responses });
  assert.equal(r.code, 2);
  assert.match(r.err, /bad\.jsonl:2: missing field "prompt"/);
  assert.equal(r.err.trim().split("\n").length, 1);

  writeFileSync(bad, "{not json\n");
  const r2 = await cli({ input, responses: bad });
  assert.equal(r2.code, 2);
  assert.match(r2.err, /bad\.jsonl:1: invalid JSON/);

  const r3 = await cli({ input: join(dir, "missing.jsonl"), responses });
  assert.equal(r3.code, 2);
  assert.match(r3.err, /missing\.jsonl: cannot read \(ENOENT\)/);
  assert.ok(!existsSync(join(dir, "missing.jsonl")));
});

test("a record whose instruction_id_list or kwargs has the wrong shape is a per-record error (exit 3), the rest is scored", async () => {
  const odd = join(dir, "odd.jsonl");
  const oddOut = join(dir, "odd-out");
  const rest = records.slice(0, 2);
  writeFileSync(
    odd,
    [
      ...rest.map((r) => JSON.stringify(r)),
      JSON.stringify({ key: 901, prompt: rest[0]!.prompt + " (a)", instruction_id_list: "punctuation:no_comma", kwargs: [{}] }),
      JSON.stringify({ key: 902, prompt: rest[0]!.prompt + " (b)", instruction_id_list: ["punctuation:no_comma"] }),
    ].join("\n") + "\n",
  );
  const oddResponses = join(dir, "odd-responses.jsonl");
  const prompts = [rest[0]!.prompt, rest[1]!.prompt, rest[0]!.prompt + " (a)", rest[0]!.prompt + " (b)"];
  writeFileSync(oddResponses, prompts.map((prompt) => JSON.stringify({ prompt, response: "hi there" })).join("\n") + "\n");
  const r = await cli({ input: odd, responses: oddResponses, out: oddOut });
  assert.equal(r.code, 3, r.err);
  const rows = readFileSync(join(oddOut, "eval_results_strict.jsonl"), "utf8").trim().split("\n").map((l) => JSON.parse(l) as Record<string, unknown>);
  assert.equal(rows.length, 4);
  assert.equal(rows.filter((x) => "error" in x).length, 2);
  assert.match(String(rows[2]!.error), /instruction_id_list must be a list/);
  assert.match(String(rows[3]!.error), /missing field kwargs/);
  assert.ok(rows.slice(0, 2).every((x) => "follow_all_instructions" in x));
});
