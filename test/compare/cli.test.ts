import { test } from "node:test";
import assert from "node:assert/strict";
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { runCommand } from "../../src/cli/command.js";
import compare from "../../src/cli/commands/compare.js";
import { capture, failIfeval, humanevalItems, ifevalItems, makeDoc, tempDir, writeDoc } from "./helpers.js";

const dir = tempDir();
const base = ifevalItems(200, 1);
const he = humanevalItems(40, 10, 2);
const mk = (name: string, ifeval = base, humaneval = he) => writeDoc(dir, name, makeDoc({ ifeval: { items: ifeval }, humaneval: { items: humaneval, n_samples: 10 } }));
const fp16 = mk("fp16.json");
const fp8 = mk("fp8.json");
const q4 = mk("q4_k_m.json", failIfeval(base, new Set(base.filter((_, i) => i % 4 === 0).map((it) => it.id))), humanevalItems(40, 10, 2, 0.2));

async function cli(...argv: string[]) {
  const out = capture();
  const err = capture();
  const code = await runCommand(compare, [...argv, "--resamples", "1000"], { stdout: out.stream, stderr: err.stream } as never);
  return { code, out: out.text(), err: err.text() };
}

test("--json: per candidate, benchmark and metric the required fields, in points", async () => {
  const r = await cli(fp16, q4, "--json");
  assert.equal(r.code, 0);
  const j = JSON.parse(r.out);
  assert.match(j.units, /points \(percent, 0-100\)/);
  const m = j.candidates[0].benchmarks.ifeval.metrics.prompt_level_strict;
  for (const k of ["baseline", "candidate", "delta", "ci95", "p_value", "flips", "verdict"]) assert.ok(k in m, k);
  assert.equal(m.ci95.length, 2);
  assert.ok(m.ci95[0] <= m.delta && m.delta <= m.ci95[1]);
  assert.ok(m.baseline > 1, "points, not fractions");
  assert.equal(m.verdict, "worse");
  assert.ok(Array.isArray(m.flips.pass_to_fail) && m.flips.fail_to_pass.length === 0);
  assert.equal(j.candidates[0].label, "q4_k_m");
  assert.equal(j.gate.fail_on_regression, false);
});

test("exit 1 with --fail-on-regression only when a candidate is worse", async () => {
  assert.equal((await cli(fp16, fp8, "--fail-on-regression")).code, 0);
  const r = await cli(fp16, fp8, q4, "--fail-on-regression");
  assert.equal(r.code, 1);
  assert.match(r.out, /REGRESSION \(worse\): q4_k_m ifeval\/prompt_level_strict \(worse\)/);
  assert.equal((await cli(fp16, q4)).code, 0, "no gate without the flag");
  // An explicit zero margin cannot show an identical run non-inferior.
  assert.equal((await cli(fp16, fp8, "--fail-on-regression", "--margin", "0")).code, 1);
});

test("several candidates: one matrix, rows variants, columns metrics", async () => {
  const r = await cli(fp16, fp8, q4);
  assert.equal(r.code, 0);
  const lines = r.out.split("\n");
  const at = lines.findIndex((l) => l.startsWith("Matrix"));
  assert.ok(at > 0, r.out);
  assert.match(lines[at + 1]!, /variant\s+ifeval\/prompt_level_strict\s+ifeval\/prompt_level_loose\s+ifeval\/inst_level_strict\s+ifeval\/inst_level_loose\s+humaneval\/pass@1/);
  assert.match(lines[at + 2]!, /^\s+fp16 \(baseline\)/);
  assert.match(lines[at + 3]!, /^\s+fp8\s+[\d.]+ 0\.00 non-inf/);
  assert.match(lines[at + 4]!, /^\s+q4_k_m\s+[\d.]+ -\d+\.\d\d WORSE/);
  assert.match(r.out, /by instruction category/);
});

test("exit 2 on unusable files and mismatched datasets, naming file and field", async () => {
  const bad = writeDoc(dir, "bad.json", { ...makeDoc({ ifeval: { items: base } }), timestamp: 5 });
  let r = await cli(fp16, bad);
  assert.equal(r.code, 2);
  assert.match(r.err, /bad\.json: field timestamp/);
  const other = writeDoc(dir, "v2.json", makeDoc({ ifeval: { items: base, dataset: { version: "v2" } } }));
  r = await cli(fp16, other);
  assert.equal(r.code, 2);
  assert.match(r.err, /ifeval: dataset version differs \("v1" in .*fp16\.json, "v2" in .*v2\.json\)/);
  r = await cli(fp16);
  assert.equal(r.code, 2);
  assert.match(r.err, /missing files/);
  r = await cli(fp16, fp8, "--alpha", "2");
  assert.equal(r.code, 2);
  assert.match(r.err, /--alpha: expected a number greater than 0 and less than 1, got '2'/);
});

test("--html refuses to overwrite an existing file unless --force; degrades to ids without samples logs", async () => {
  const out = join(dir, "report.html");
  writeFileSync(out, "keep me");
  let r = await cli(fp16, q4, "--html", out);
  assert.equal(r.code, 2);
  assert.match(r.err, /report\.html already exists; pass --force/);
  assert.equal(readFileSync(out, "utf8"), "keep me");
  r = await cli(fp16, q4, "--html", out, "--force");
  assert.equal(r.code, 0);
  const html = readFileSync(out, "utf8");
  assert.match(html, /^<!DOCTYPE html>/);
  assert.match(html, /answers unavailable: the result file names no samples log; ids only/);
  assert.doesNotMatch(html, /<script|https?:\/\/(?!www\.w3\.org\/2000\/svg)/);
  const fresh = join(dir, "fresh.html");
  r = await cli(fp16, q4, "--html", fresh, "--json");
  assert.equal(r.code, 0);
  assert.ok(existsSync(fresh));
  assert.doesNotThrow(() => JSON.parse(r.out), "--json output stays pure JSON");
});

test("--baseline-rerun shows the noise floor", async () => {
  const rerun = mk("fp16-rerun.json", failIfeval(base, new Set(["1003", "1004", "1005"])));
  const r = await cli(fp16, q4, "--baseline-rerun", rerun, "--json");
  const j = JSON.parse(r.out);
  assert.equal(j.baseline_rerun.label, "fp16-rerun");
  const m = j.candidates[0].benchmarks.ifeval.metrics.prompt_level_loose;
  assert.equal(m.noise.flips, j.baseline_rerun.benchmarks.ifeval.metrics.prompt_level_loose.flips.pass_to_fail.length);
  const t = await cli(fp16, q4, "--baseline-rerun", rerun);
  assert.match(t.out, /Noise floor \(baseline vs its rerun\):\n  ifeval\/prompt_level_strict: \d+ of 200 items flip between baseline runs/);
  assert.match(t.out, /rerun flips/);
});
