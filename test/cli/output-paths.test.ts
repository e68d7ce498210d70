// Output paths that cannot be written fail at once, exit 2, with one line naming the flag and the
// path, before any request reaches the server; /proc paths used to spin forever in recursive mkdir.
import { after, test } from "node:test";
import assert from "node:assert/strict";
import { mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { ensureDir } from "../../src/util/ensure-dir.js";
import { startFakeServer } from "../fakes/fake-server.js";
import { makeDoc, binaryItems, writeDoc } from "../compare/helpers.js";
import { DATA_DIR } from "../helpers/data-dir.js";
import { runCli } from "./run-cli.js";

const work = mkdtempSync(join(tmpdir(), "wb-out-paths-"));
after(() => rmSync(work, { recursive: true, force: true }));
const aFile = join(work, "plain-file");
writeFileSync(aFile, "not a directory\n");
const env = { WORKBENCH_CACHE_DIR: join(work, "cache") };

function oneLine(stderr: string, re: RegExp): void {
  const lines = stderr.trim().split("\n");
  assert.equal(lines.length, 1, `one line, got:\n${stderr}`);
  assert.match(lines[0]!, re);
}

test("ensureDir on /proc/x/y fails at once instead of looping", () => {
  const t0 = Date.now();
  assert.throws(() => ensureDir("/proc/x/y"), (err: NodeJS.ErrnoException) => err.code === "ENOENT");
  assert.throws(() => ensureDir(join(aFile, "sub")), (err: NodeJS.ErrnoException) => err.code === "ENOTDIR");
  assert.ok(Date.now() - t0 < 1000);
});

test("eval --out: /proc, a file, below a file: exit 2 before any request", async () => {
  const server = await startFakeServer({ answer: () => "A" });
  try {
    const cases: Array<[string, RegExp]> = [
      ["/proc/x", /^workbench: eval: --out \/proc\/x: is under \/proc, which cannot hold files$/],
      [aFile, /^workbench: eval: --out .*plain-file: is a file, not a directory$/],
      [join(aFile, "evals"), /^workbench: eval: --out .*plain-file\/evals: cannot be created: .*plain-file is a file, not a directory$/],
    ];
    for (const [out, re] of cases) {
      const r = await runCli(["eval", "--port", String(server.port), "--benchmark", "gsm8k", "--limit", "2", "--out", out], env, 20_000);
      assert.equal(r.hung, false, `eval --out ${out} hung`);
      assert.equal(r.code, 2, r.stderr);
      oneLine(r.stderr, re);
    }
    assert.equal(server.stats.requests, 0, "nothing was sent");
  } finally {
    await server.close();
  }
});

test("compare --html: /proc, below a file, a directory: exit 2, nothing written", async () => {
  const dir = join(work, "runs");
  mkdirSync(dir);
  const a = writeDoc(dir, "a.json", makeDoc({ arith: { items: binaryItems([true, false, true]) } }));
  const b = writeDoc(dir, "b.json", makeDoc({ arith: { items: binaryItems([true, true, true]) } }));
  const cases: Array<[string, RegExp]> = [
    ["/proc/x/r.html", /^workbench: compare: --html \/proc\/x\/r\.html: its directory \/proc\/x is under \/proc, which cannot hold files$/],
    [join(aFile, "r.html"), /^workbench: compare: --html .*plain-file\/r\.html: its directory .*plain-file is a file, not a directory$/],
    [dir, /^workbench: compare: --html .*runs: is a directory, expected a file name$/],
  ];
  for (const [html, re] of cases) {
    for (const force of [[], ["--force"]]) {
      const r = await runCli(["compare", a, b, "--html", html, "--resamples", "100", ...force], env, 20_000);
      assert.equal(r.hung, false, `compare --html ${html} hung`);
      assert.equal(r.code, 2, r.stderr);
      oneLine(r.stderr, re);
      assert.equal(r.stdout, "", "fails before the report");
    }
  }
  assert.deepEqual(readdirSync(dir).sort(), ["a.json", "b.json"]);
});

test("score ifeval --out and score humaneval --out below a file: one line, exit 2", async () => {
  const ifevalDir = join(DATA_DIR, "ifeval");
  const input = join(ifevalDir, "input_data.jsonl");
  const responses = join(ifevalDir, "input_response_data_gpt4_20231107_145030.jsonl");
  let r = await runCli(["score", "ifeval", "--input", input, "--responses", responses, "--out", join(aFile, "res")], env);
  assert.equal(r.code, 2, r.stderr);
  oneLine(r.stderr, /^workbench score ifeval: --out .*plain-file\/res: cannot be created: .*plain-file is a file, not a directory$/);
  r = await runCli(["score", "ifeval", "--input", input, "--responses", responses, "--out", "/sys/x"], env);
  assert.equal(r.code, 2, r.stderr);
  oneLine(r.stderr, /--out \/sys\/x: is under \/sys, which cannot hold files$/);

  const samples = join(DATA_DIR, "humaneval", "example_samples.jsonl");
  const problems = join(DATA_DIR, "humaneval", "example_problem.jsonl");
  r = await runCli(["score", "humaneval", "--samples", samples, "--problems", problems, "--sandbox", "basic", "--out", join(aFile, "r.jsonl")], env);
  assert.equal(r.code, 2, r.stderr);
  assert.match(r.stderr, /^workbench: score humaneval: --out .*plain-file\/r\.jsonl: its directory .*plain-file is a file, not a directory$/m);
  assert.doesNotMatch(r.stderr, /ENOTDIR/);
});

test("an output directory without write permission is refused up front", async (t) => {
  if (process.getuid?.() === 0) return t.skip("running as root: permissions do not stop root from writing");
  const { chmodSync } = await import("node:fs");
  const ro = join(work, "read-only");
  mkdirSync(ro);
  chmodSync(ro, 0o555);
  const r = await runCli(["eval", "--port", "1", "--benchmark", "gsm8k", "--out", join(ro, "evals")], env);
  assert.equal(r.code, 2, r.stderr);
  oneLine(r.stderr, /--out .*read-only\/evals: cannot be created: .*read-only is not writable$/);
});
