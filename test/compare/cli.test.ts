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

test("several candidates: one matrix, rows metrics, columns variants", async () => {
  const r = await cli(fp16, fp8, q4);
  assert.equal(r.code, 0);
  const lines = r.out.split("\n");
  const at = lines.findIndex((l) => l.startsWith("Matrix"));
  assert.ok(at > 0, r.out);
  assert.match(lines[at + 1]!, /^\s+metric\s+fp16 \(base\)\s+fp8\s+q4_k_m$/);
  assert.match(lines[at + 2]!, /^\s+ifeval\/prompt_level_strict\s+[\d.]+\s+[\d.]+ 0\.00 non-inf\s+[\d.]+ -\d+\.\d\d WORSE$/);
  assert.match(lines[at + 6]!, /^\s+humaneval\/pass@1\s/);
  assert.match(r.out, /by instruction category/);
});

test("the terminal report fits 120 columns, however many and however long the variants", async () => {
  const quants = ["BF16", "Q8_0", "Q6_K", "Q5_K_M", "Q4_K_M", "IQ4_XS", "Q3_K_L", "IQ2_XXS"].map((q) => `2025-06-01_Meta-Llama-3.1-8B-Instruct-abliterated-${q}_ifeval-humaneval.json`);
  const files = quants.map((n, i) => writeDoc(dir, n, makeDoc({ ifeval: { items: i ? failIfeval(base, new Set(base.filter((_, k) => k % (12 - i) === 0).map((it) => it.id))) : base }, humaneval: { items: humanevalItems(40, 10, 2, 0.02 * i), n_samples: 10 } })));
  const r = await cli(...files);
  assert.equal(r.code, 0);
  const lines = r.out.split("\n");
  const at = lines.findIndex((l) => l.startsWith("Matrix"));
  const names = lines.findIndex((l, i) => i > at && l === "  names:");
  assert.ok(at > 0 && names > at, r.out);
  const matrix = lines.slice(at, names + 9);
  const wide = matrix.filter((l) => l.length > 120);
  assert.deepEqual(wide, [], "matrix lines within 120 columns");
  for (const q of ["Q8_0", "Q6_K", "Q5_K_M", "Q4_K_M", "IQ4_XS", "Q3_K_L", "IQ2_XXS"]) assert.ok(matrix.some((l) => new RegExp(`\\b${q}\\b`).test(l)), `${q} has a column`);
  assert.ok(matrix.filter((l) => /^\s+metric\s/.test(l)).length >= 2, "seven variants split over blocks");
  assert.equal(lines[names + 1], "    BF16 = Meta-Llama-3.1-8B-Instruct-abliterated-BF16");
  assert.equal(lines[names + 9], "", "one name per variant, then the details");
});

test("the report ends with a Markdown table and one bottom line per variant", async () => {
  const r = await cli(fp16, fp8, q4, "--fail-on-regression");
  const j = JSON.parse((await cli(fp16, fp8, q4, "--json")).out);
  const lines = r.out.trimEnd().split("\n");
  const md = lines.findIndex((l) => l.startsWith("Summary, Markdown"));
  assert.ok(md > 0, r.out);
  assert.equal(lines[md + 2], "| variant | IFEval prompt_level_strict | HumanEval pass@1 |");
  assert.equal(lines[md + 3], "| --- | --: | --: |");
  const q4m = j.candidates[1].benchmarks.ifeval.metrics.prompt_level_strict;
  assert.equal(lines[md + 4], `| fp16 (baseline) | ${q4m.baseline.toFixed(1)} | ${j.candidates[1].benchmarks.humaneval.metrics["pass@1"].baseline.toFixed(1)} |`);
  assert.match(lines[md + 6]!, new RegExp(`^\\| q4_k_m \\| ${q4m.candidate.toFixed(1)} \\(${q4m.delta.toFixed(1)}\\) \\*\\*worse\\*\\* \\|`));
  const bl = lines.indexOf("Bottom line:");
  assert.ok(bl > md);
  assert.match(lines[bl + 1]!, /^ {2}fp8: /);
  const q4line = lines[bl + 2]!;
  assert.match(q4line, new RegExp(`^  q4_k_m: worse on IFEval prompt_level_strict \\(${q4m.delta.toFixed(1)} pts, 95% CI ${q4m.ci.lo.toFixed(1)} to ${q4m.ci.hi.toFixed(1)}, p < 0\\.001; all 4 metrics worse\\); worse on HumanEval`));
  assert.match(q4line, /^[\x20-\x7e]+$/, "ASCII only");
  assert.match(lines.at(-1)!, /^REGRESSION/, "the gate's line stays last");
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
