// Failed items do not shrink the denominator silently: the result says complete: false with the
// counts, and compare refuses such a run unless --allow-incomplete, then compares only the items
// answered in both and says so.
import { test } from "node:test";
import assert from "node:assert/strict";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Writable } from "node:stream";
import { runCommand } from "../../src/cli/command.js";
import evalCommand from "../../src/cli/commands/eval.js";
import compare from "../../src/cli/commands/compare.js";
import { readResultFile } from "../../src/results/result-files.js";
import { startFakeServer } from "../fakes/fake-server.js";
import { DATA_DIR } from "../fakes/replay.js";

const work = mkdtempSync(join(tmpdir(), "wb-incomplete-"));
process.env.WORKBENCH_CACHE_DIR = join(work, "cache");
process.env.WORKBENCH_DATA_DIR ??= DATA_DIR;

async function cli(cmd: typeof evalCommand | typeof compare, argv: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = "";
  let stderr = "";
  const sink = (f: (s: string) => void): Writable => new Writable({ write: (c: Buffer, _e, cb) => (f(c.toString()), cb()) });
  const io = { stdout: sink((s) => (stdout += s)), stderr: sink((s) => (stderr += s)) } as unknown as { stdout: typeof process.stdout; stderr: typeof process.stderr };
  const code = await runCommand(cmd as typeof evalCommand, argv, io);
  return { code, stdout, stderr };
}

function resultFileOf(stdout: string): string {
  return /wrote (\S+\.json)/.exec(stdout)![1]!;
}

test("a run with failed items is complete: false with counts; compare refuses it unless --allow-incomplete", async () => {
  const good = await startFakeServer({ modelId: "org/good", answer: () => "The answer is 42." });
  // Every third request of this server is rejected for good (400): those items fail.
  const flaky = await startFakeServer({ modelId: "org/flaky", answer: () => "The answer is 42.", fault: (n) => (n % 3 === 0 ? { type: "status", status: 400 } : undefined) });
  try {
    const a = await cli(evalCommand, ["--base-url", good.url, "--benchmark", "gsm8k", "--limit", "30", "--concurrency", "1", "--out", join(work, "evals")]);
    assert.equal(a.code, 0, a.stderr);
    const b = await cli(evalCommand, ["--base-url", flaky.url, "--benchmark", "gsm8k", "--limit", "30", "--concurrency", "1", "--out", join(work, "evals")]);
    assert.equal(b.code, 1, b.stderr);
    assert.match(b.stdout, /^gsm8k: .*; INCOMPLETE: metrics over 20 of 30 items, 10 failed$/m);
    const fa = resultFileOf(a.stdout);
    const fb = resultFileOf(b.stdout);
    const docA = readResultFile(fa);
    const docB = readResultFile(fb);
    assert.equal(docA.complete, true);
    assert.equal(docB.complete, false);
    assert.equal(docB.benchmarks.gsm8k!.complete, false);
    assert.deepEqual(docB.benchmarks.gsm8k!.counts, { items: 30, scored: 20, failed: 10 });

    const refused = await cli(compare, [fa, fb, "--resamples", "200"]);
    assert.equal(refused.code, 2);
    assert.match(refused.stderr, /incomplete run \(gsm8k 10 of 30 failed\).*--allow-incomplete/);
    const allowed = await cli(compare, [fa, fb, "--resamples", "200", "--allow-incomplete", "--json"]);
    assert.equal(allowed.code, 0, allowed.stderr);
    assert.match(allowed.stderr, /comparing only the items answered in both runs/);
    const j = JSON.parse(allowed.stdout) as { candidates: Array<{ benchmarks: { gsm8k: { n_items?: number; items?: number; excluded?: { errored_either: number } } } }> };
    assert.equal(j.candidates[0]!.benchmarks.gsm8k.excluded?.errored_either, 10, JSON.stringify(j.candidates[0]!.benchmarks.gsm8k).slice(0, 300));
  } finally {
    await good.close();
    await flaky.close();
  }
});
