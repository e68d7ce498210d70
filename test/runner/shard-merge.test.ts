// Shards and merge: `eval --shard 1/3`, `2/3`, `3/3` against a fake server split the items
// (every item and all its samples in exactly one shard), and `workbench merge` of the three gives
// the result of the unsharded run item for item (IFEval + HumanEval); a missing, duplicate or
// foreign shard is refused with exit 2.
import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { copyFileSync, mkdtempSync, readFileSync, readdirSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Writable } from "node:stream";
import { runCommand } from "../../src/cli/command.js";
import evalCommand from "../../src/cli/commands/eval.js";
import mergeCommand from "../../src/cli/commands/merge.js";
import { buildChatPrompt, loadHumanEvalProblems } from "../../src/benchmarks/humaneval/index.js";
import { readResultFile } from "../../src/results/result-files.js";
import type { ResultDocument } from "../../src/results/schema.js";
import { parseShard, shardAssignment } from "../../src/runner/shard.js";
import { startFakeServer, type FakeServer } from "../fakes/fake-server.js";
import { DATA_DIR, IFEVAL_GPT4_INPUTS, ifevalGpt4Answers } from "../fakes/replay.js";

const work = mkdtempSync(join(tmpdir(), "wb-shard-"));
process.env.WORKBENCH_CACHE_DIR = join(work, "cache");
process.env.WORKBENCH_DATA_DIR = DATA_DIR;

async function cli(cmd: typeof evalCommand | typeof mergeCommand, argv: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = "";
  let stderr = "";
  const sink = (f: (s: string) => void): Writable => new Writable({ write: (c: Buffer, _e, cb) => (f(c.toString()), cb()) });
  const io = { stdout: sink((s) => (stdout += s)), stderr: sink((s) => (stderr += s)) } as unknown as { stdout: typeof process.stdout; stderr: typeof process.stderr };
  const code = await runCommand(cmd as never, argv, io);
  return { code, stdout, stderr };
}

function onlyResult(dir: string): string {
  const files = readdirSync(dir).filter((f) => f.endsWith(".json"));
  assert.equal(files.length, 1, `${dir}: ${files.join(", ")}`);
  return join(dir, files[0]!);
}

function samplesOf(file: string): string[] {
  const doc = readResultFile(file);
  return readFileSync(join(file, "..", doc.samples_file!), "utf8").trim().split("\n");
}

let server: FakeServer;
const answers = ifevalGpt4Answers();
let common: string[];

before(async () => {
  const problems = await loadHumanEvalProblems({ dataDir: DATA_DIR });
  const chat = new Map(problems.map((p, i) => [buildChatPrompt(p), { p, i }]));
  server = await startFakeServer({
    modelId: "org/shard-model",
    answer: (req, sample) => {
      const ifeval = answers.get(req.prompt);
      if (ifeval !== undefined) return ifeval;
      const he = chat.get(req.prompt);
      if (!he) return "no idea";
      // Every third task fails on its second sample, every fifth on all: pass@k is not trivially 1.
      if (he.i % 5 === 4 || (he.i % 3 === 0 && sample === 1)) return "```python\ndef nope():\n    return None\n```";
      return `\`\`\`python\n${he.p.prompt}${he.p.canonical_solution}\`\`\``;
    },
  });
  common = ["--port", String(server.port), "--benchmark", "ifeval", "humaneval", "--ifeval-input", IFEVAL_GPT4_INPUTS, "--limit", "30", "--samples", "2", "--temperature", "0.5", "--no-cache"];
});

after(async () => {
  await server.close();
});

test("--shard: parsing, and a split that is balanced and depends only on the ids", () => {
  assert.deepEqual(parseShard("2/8"), { index: 2, count: 8 });
  for (const bad of ["0/3", "4/3", "1/0", "x", "1/2/3", "-1/3"]) assert.throws(() => parseShard(bad), /expected I\/N with 1 <= I <= N/);
  const ids = Array.from({ length: 100 }, (_, i) => `HumanEval/${i}`);
  const a = shardAssignment("humaneval", ids, 7);
  const counts = [1, 2, 3, 4, 5, 6, 7].map((s) => a.filter((x) => x === s).length);
  assert.ok(Math.max(...counts) - Math.min(...counts) <= 1, counts.join(","));
  const reversed = shardAssignment("humaneval", [...ids].reverse(), 7).reverse();
  assert.deepEqual(reversed, a, "the order of the dataset file does not move items");
});

test("three shards then merge equal the unsharded run item for item; a broken set of shards is refused", async () => {
  const whole = await cli(evalCommand, [...common, "--out", join(work, "whole")]);
  assert.equal(whole.code, 0, whole.stderr);
  const wholeFile = onlyResult(join(work, "whole"));
  const full = readResultFile(wholeFile);

  const shardFiles: string[] = [];
  const seen = new Map<string, number>();
  for (const i of [1, 2, 3]) {
    const before = server.stats.requests;
    const r = await cli(evalCommand, [...common, "--shard", `${i}/3`, "--out", join(work, `s${i}`)]);
    assert.equal(r.code, 0, r.stderr);
    const file = onlyResult(join(work, `s${i}`));
    shardFiles.push(file);
    const doc = readResultFile(file);
    assert.deepEqual((doc.settings as Record<string, unknown>).shard, { index: i, count: 3 });
    let requests = 0;
    for (const b of Object.values(doc.benchmarks)) {
      assert.ok(b.items.length >= 9 && b.items.length <= 11, `${b.benchmark} shard ${i}: ${b.items.length} items`);
      for (const it of b.items) seen.set(`${b.benchmark} ${it.id}`, (seen.get(`${b.benchmark} ${it.id}`) ?? 0) + 1);
      requests += b.usage.requests;
    }
    assert.equal(server.stats.requests - before, requests, "a shard sends only its own items");
    // All samples of an item are in the item's shard.
    const he = doc.benchmarks.humaneval!;
    assert.ok(he.items.every((it) => it.samples!.length === 2));
  }
  assert.equal(seen.size, 60);
  assert.ok([...seen.values()].every((n) => n === 1), "each item in exactly one shard");

  const out = join(work, "merged");
  const m = await cli(mergeCommand, [...shardFiles.slice().reverse(), "--out", out, "--ifeval-input", IFEVAL_GPT4_INPUTS]);
  assert.equal(m.code, 0, m.stderr);
  assert.equal(m.stderr, "", "no item scored differently than in its shard");
  const mergedFile = onlyResult(out);
  const merged: ResultDocument = readResultFile(mergedFile);
  assert.deepEqual(Object.keys(merged.benchmarks), ["ifeval", "humaneval"]);
  for (const name of ["ifeval", "humaneval"]) {
    const a = full.benchmarks[name]!;
    const b = merged.benchmarks[name]!;
    assert.deepEqual(b.items, a.items, `${name}: items, in the same order`);
    for (const k of ["questions", "overall_score", "metrics", "pass@k", "n_samples", "dataset", "generation", "protocol"] as const) assert.deepEqual(b[k], a[k], `${name}.${k}`);
    const { runner: _r1, ...ba } = a.breakdown!;
    const { runner: _r2, ...bb } = b.breakdown!;
    assert.deepEqual(bb, ba, `${name}: breakdown`);
    assert.equal(b.usage.requests, a.usage.requests);
    assert.equal(b.usage.completion_tokens, a.usage.completion_tokens);
  }
  const he = merged.benchmarks.humaneval!;
  assert.ok(he["pass@k"]!["pass@1"]! > 0 && he["pass@k"]!["pass@1"]! < 1, "a non-trivial pass@1");
  assert.equal((merged.settings as Record<string, unknown>).shard, undefined);
  assert.equal(((merged.settings as Record<string, unknown>).merged_from as unknown[]).length, 3);
  // The unsharded run streams its samples log in arrival order; merge writes the same lines in
  // dataset order (benchmark, item as in the result, sample index).
  const mergedLog = samplesOf(mergedFile);
  assert.deepEqual([...mergedLog].sort(), samplesOf(wholeFile).sort(), "the same samples-log lines as the unsharded run");
  const key = (l: string) => {
    const x = JSON.parse(l) as { benchmark: string; id: string; sample: number };
    return `${x.benchmark} ${x.id} ${x.sample}`;
  };
  const datasetOrder = Object.values(full.benchmarks).flatMap((b) => b.items.flatMap((it) => Array.from({ length: b.n_samples ?? 1 }, (_, k) => `${b.benchmark} ${it.id} ${k}`)));
  assert.deepEqual(mergedLog.map(key), datasetOrder, "the merged samples log in dataset order");

  // Refusals: exit 2, one line.
  const dup = join(work, "dup.json");
  copyFileSync(shardFiles[1]!, dup);
  const cases: Array<[string[], RegExp]> = [
    [[shardFiles[0]!, shardFiles[2]!], /^workbench: merge: missing shard 2\/3 \(got 1\/3, 3\/3\)\n$/],
    [[shardFiles[0]!, shardFiles[1]!, shardFiles[1]!, shardFiles[2]!], /^workbench: merge: shard 2\/3 given twice \(.* and .*\)\n$/],
    [[wholeFile, shardFiles[0]!], /^workbench: merge: .* is not a shard result \(settings\.shard is missing/],
    [[shardFiles[0]!, shardFiles[1]!, shardFiles[2]!, "nope.json"], /^workbench: merge: nope\.json: not a JSON result file/],
  ];
  for (const [argv, re] of cases) {
    const r = await cli(mergeCommand, [...argv, "--out", join(work, "refused"), "--ifeval-input", IFEVAL_GPT4_INPUTS]);
    assert.equal(r.code, 2, argv.join(" "));
    assert.match(r.stderr, re);
  }
  // A shard of other settings (another max_tokens) does not belong to this run.
  const other = await cli(evalCommand, [...common, "--shard", "2/3", "--max-tokens", "100", "--out", join(work, "other")]);
  assert.equal(other.code, 0, other.stderr);
  const r = await cli(mergeCommand, [shardFiles[0]!, onlyResult(join(work, "other")), shardFiles[2]!, "--out", join(work, "refused")]);
  assert.equal(r.code, 2);
  assert.match(r.stderr, /^workbench: merge: .* differs from .* in settings\.overrides \(shards must come from one model, one set of settings and one dataset\)\n$/);
  assert.deepEqual(readdirSync(work).includes("refused") ? readdirSync(join(work, "refused")) : [], [], "nothing written when refused");
});
