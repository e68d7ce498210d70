// Runs of the same command at once share one response store: the second waits for the first
// (saying so) and takes its answers from the store, so the server does the work once. A lock
// left by a process that is gone does not block.
import { test } from "node:test";
import assert from "node:assert/strict";
import { mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir, hostname } from "node:os";
import { join } from "node:path";
import { runCaptured } from "../helpers/run-command.js";
import evalCommand from "../../src/cli/commands/eval.js";
import { ResponseStore } from "../../src/runner/response-store.js";
import { startFakeServer } from "../fakes/fake-server.js";
import { DATA_DIR } from "../fakes/replay.js";

const work = mkdtempSync(join(tmpdir(), "wb-concurrent-"));
process.env.WORKBENCH_CACHE_DIR = join(work, "cache");
process.env.WORKBENCH_DATA_DIR ??= DATA_DIR;

async function cli(argv: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  const r = await runCaptured(evalCommand, argv);
  return { code: r.code, stdout: r.out, stderr: r.err };
}

test("three runs of the same command at once: every request is sent once", async () => {
  const server = await startFakeServer({ answer: () => "The answer is 42.", latencyMs: 20 });
  try {
    const argv = ["--base-url", server.url, "--benchmark", "gsm8k", "--limit", "30", "--concurrency", "4", "--out", join(work, "evals")];
    const runs = await Promise.all([cli(argv), cli(argv), cli(argv)]);
    for (const r of runs) assert.equal(r.code, 0, r.stderr);
    assert.equal(server.stats.requests, 30, `${server.stats.requests} requests for 30 items`);
    assert.equal(runs.filter((r) => /another run \(pid \d+.*\) is using the response store/.test(r.stderr)).length, 2, "the waiting runs say why");
  } finally {
    await server.close();
  }
});

test("a lock left by a process that is gone is taken over", async () => {
  const file = join(work, "stale", "store.jsonl");
  mkdirSync(join(work, "stale"), { recursive: true });
  writeFileSync(`${file}.lock`, JSON.stringify({ pid: 2 ** 22 + 12345, host: hostname(), started: 0 }));
  let waited = false;
  const store = await ResponseStore.open(file, { lock: { onWait: () => (waited = true), pollMs: 10 } });
  await store.close();
  assert.equal(waited, false);
});
