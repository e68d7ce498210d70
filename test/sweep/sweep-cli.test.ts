// `workbench sweep` end to end with real processes: the stories260K ladder (F32, Q8_0, Q4_0) on the
// embedded engine writes one result per variant, the sweep JSON and the HTML report, with the F32
// file as baseline; a rerun sends no request; a lost result is rebuilt from the response store; and
// bad input (a missing file, one model twice, a server that fails to start, an unreachable URL).
import { test } from "node:test";
import assert from "node:assert/strict";
import { copyFileSync, existsSync, mkdtempSync, readFileSync, readdirSync, unlinkSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { spawnCli, exitOf } from "../fakes/spawn-cli.js";
import { DATA_DIR, sharedModel } from "../helpers/data-dir.js";

const F32 = sharedModel("stories260K.gguf");
const Q8 = sharedModel("stories260K-Q8_0.gguf");
const Q4 = sharedModel("stories260K-Q4_0.gguf");
const haveModels = [F32, Q8, Q4].every((f) => existsSync(f));

interface SweepDoc {
  format: string;
  baseline: { variant: string; quantization: string | null; reason: string };
  variants: Array<{ name: string; status: string; result_file: string | null; error?: string; requests: number; cached: number }>;
  comparison: { baseline: { label: string }; candidates: Array<{ label: string; benchmarks: Record<string, { metrics: Record<string, { verdict: string }> }> }> } | null;
}

function resultFiles(dir: string): string[] {
  return readdirSync(dir).filter((f) => f.endsWith(".json") && !f.startsWith("sweep-")).sort();
}

function readJson<T>(file: string): T {
  return JSON.parse(readFileSync(file, "utf8")) as T;
}

const cache = mkdtempSync(join(tmpdir(), "wb-sweep-cache-"));
const env = { WORKBENCH_CACHE_DIR: cache, WORKBENCH_DATA_DIR: DATA_DIR, WORKBENCH_LLAMA_SERVER_BIN: "/nonexistent/llama-server" };

test("sweep over F32, Q8_0, Q4_0: three results, the sweep JSON and the HTML report; F32 is the baseline; a rerun sends no request", async (t) => {
  if (!haveModels) return t.skip("stories260K ladder not present");
  const dir = mkdtempSync(join(tmpdir(), "wb-sweep-"));
  const out = join(dir, "D");
  const html = join(dir, "R.html");
  const args = ["sweep", "--model", F32, Q8, Q4, "--engine", "embedded", "--benchmark", "ifeval", "--limit", "5", "--max-tokens", "48", "--html", html, "--out", out, "--json"];

  const first = await exitOf(spawnCli(args, env));
  assert.equal(first.code, 0, first.stderr);
  assert.match(first.stderr, /baseline stories260K: the highest precision by recorded quantization: F32 \(of F32, Q8_0, Q4_0\)/);
  const doc = JSON.parse(first.stdout) as SweepDoc;
  assert.equal(doc.format, "workbench-sweep");
  assert.equal(doc.baseline.variant, "stories260K");
  assert.equal(doc.baseline.quantization, "F32");
  assert.deepEqual(doc.variants.map((v) => [v.name, v.status]), [["stories260K", "evaluated"], ["stories260K-Q8_0", "evaluated"], ["stories260K-Q4_0", "evaluated"]]);
  for (const v of doc.variants) assert.equal(v.requests, 5, `${v.name} asked every item once`);
  assert.equal(resultFiles(out).length, 3);
  assert.ok(doc.comparison);
  assert.equal(doc.comparison.baseline.label, "stories260K");
  assert.deepEqual(doc.comparison.candidates.map((c) => c.label), ["stories260K-Q8_0", "stories260K-Q4_0"]);
  for (const c of doc.comparison.candidates) assert.ok(c.benchmarks.ifeval?.metrics.prompt_level_strict?.verdict);
  const sweepFiles = readdirSync(out).filter((f) => /^sweep-\d{4}-\d\d-\d\d\.json$/.test(f));
  assert.equal(sweepFiles.length, 1);
  assert.deepEqual(readJson<SweepDoc>(join(out, sweepFiles[0]!)).variants, doc.variants, "the file holds what --json printed");
  const page = readFileSync(html, "utf8");
  assert.match(page, /Which variant is still good enough\?/);
  assert.match(page, /stories260K-Q4_0/);

  // Same command again: every variant is reused (no engine, no request), nothing is overwritten.
  const again = await exitOf(spawnCli(args, env));
  assert.equal(again.code, 0, again.stderr);
  const doc2 = JSON.parse(again.stdout) as SweepDoc;
  assert.deepEqual(doc2.variants.map((v) => [v.status, v.requests]), [["reused", 0], ["reused", 0], ["reused", 0]]);
  assert.deepEqual(doc2.variants.map((v) => v.result_file), doc.variants.map((v) => v.result_file));
  assert.equal(resultFiles(out).length, 3);
  assert.equal(readdirSync(out).filter((f) => f.startsWith("sweep-")).length, 2, "a second sweep JSON beside the first");

  // A lost result: that variant runs again and the response store answers every request.
  const q4File = doc.variants[2]!.result_file!;
  unlinkSync(q4File);
  unlinkSync(q4File.replace(/\.json$/, ".samples.jsonl"));
  const rebuilt = await exitOf(spawnCli(args, env));
  assert.equal(rebuilt.code, 0, rebuilt.stderr);
  const doc3 = JSON.parse(rebuilt.stdout) as SweepDoc;
  assert.deepEqual(doc3.variants.map((v) => v.status), ["reused", "reused", "evaluated"]);
  const usage = readJson<{ benchmarks: { ifeval: { usage: { requests: number; cached: number } } } }>(doc3.variants[2]!.result_file!).benchmarks.ifeval.usage;
  assert.deepEqual([usage.requests, usage.cached], [0, 5]);

  // --baseline picks another variant; an unreachable name=URL variant fails alone (exit 1).
  const withDown = ["sweep", "--model", F32, Q8, "down=http://127.0.0.1:9/v1", "--baseline", "stories260K-Q8_0", ...args.slice(args.indexOf("--engine"), args.indexOf("--html")), "--out", out, "--json"];
  const partial = await exitOf(spawnCli(withDown, env));
  assert.equal(partial.code, 1, partial.stderr);
  const doc4 = JSON.parse(partial.stdout) as SweepDoc;
  assert.equal(doc4.baseline.variant, "stories260K-Q8_0");
  assert.equal(doc4.baseline.reason, "given with --baseline");
  assert.deepEqual(doc4.variants.map((v) => [v.name, v.status]), [["stories260K-Q8_0", "reused"], ["stories260K", "reused"], ["down", "failed"]]);
  assert.match(doc4.variants[2]!.error!, /127\.0\.0\.1:9/);
  assert.deepEqual(doc4.comparison?.candidates.map((c) => c.label), ["stories260K"]);
  assert.match(partial.stderr, /sweep: down failed: /);
});

test("sweep: a variant whose server fails to start is reported; the others complete and are compared (exit 1)", async (t) => {
  if (!haveModels) return t.skip("stories260K ladder not present");
  const dir = mkdtempSync(join(tmpdir(), "wb-sweep-crash-"));
  const fake = { ...env, WORKBENCH_LLAMA_SERVER_BIN: resolve("test/fixtures/server/fake-llama-server.mjs"), FAKE_SERVER_MODE: "ok", FAKE_SERVER_CRASH_MODEL: "Q8_0" };
  const args = ["sweep", "--model", F32, Q8, Q4, "--engine", "llama-server", "--benchmark", "ifeval", "--limit", "3", "--out", dir, "--json"];
  const r = await exitOf(spawnCli(args, fake));
  assert.equal(r.code, 1, r.stderr);
  const doc = JSON.parse(r.stdout) as SweepDoc;
  assert.deepEqual(doc.variants.map((v) => [v.name, v.status]), [["stories260K", "evaluated"], ["stories260K-Q8_0", "failed"], ["stories260K-Q4_0", "evaluated"]]);
  assert.match(doc.variants[1]!.error!, /unsupported architecture|exited/);
  assert.deepEqual(doc.comparison?.candidates.map((c) => c.label), ["stories260K-Q4_0"]);
  assert.equal(resultFiles(dir).length, 2);
  assert.match(r.stderr, /sweep: stories260K-Q8_0 failed: /);
});

test("sweep: a missing file among the variants is refused before anything starts (exit 2)", async (t) => {
  if (!haveModels) return t.skip("stories260K ladder not present");
  const out = join(mkdtempSync(join(tmpdir(), "wb-sweep-bad-")), "D");
  const r = await exitOf(spawnCli(["sweep", "--model", F32, "/nonexistent/m-Q4_0.gguf", "--engine", "embedded", "--out", out], env));
  assert.equal(r.code, 2);
  assert.equal(r.stderr, "workbench: sweep: --model /nonexistent/m-Q4_0.gguf: model path does not exist: /nonexistent/m-Q4_0.gguf\n");
  assert.equal(existsSync(out), false, "nothing written");
});

test("sweep: the same weights twice (same path, or a copy under another name) are refused (exit 2)", async (t) => {
  if (!haveModels) return t.skip("stories260K ladder not present");
  const dir = mkdtempSync(join(tmpdir(), "wb-sweep-dup-"));
  const same = await exitOf(spawnCli(["sweep", "--model", F32, Q4, F32, "--out", dir], env));
  assert.equal(same.code, 2);
  assert.equal(same.stderr, `workbench: sweep: --model ${F32} is the same file as ${F32}; each variant must be a different model\n`);
  const copy = join(dir, "renamed-Q4_0.gguf");
  copyFileSync(Q4, copy);
  const copied = await exitOf(spawnCli(["sweep", "--model", F32, Q4, copy, "--out", dir], env));
  assert.equal(copied.code, 2);
  assert.equal(copied.stderr, `workbench: sweep: --model ${copy} holds the same weights as ${Q4}; each variant must be a different model\n`);
  assert.deepEqual(readdirSync(dir), ["renamed-Q4_0.gguf"], "nothing written");
});
