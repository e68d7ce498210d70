// A server gone for good: the run waits --max-outage with a line on stderr (no TTY needed), then
// stops naming when the server went away and how many answers are kept; a rerun resumes them.
import { test } from "node:test";
import assert from "node:assert/strict";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { runCaptured } from "../helpers/run-command.js";
import evalCommand from "../../src/cli/commands/eval.js";
import { startFakeServer } from "../fakes/fake-server.js";
import { arithAnswer } from "../fakes/arith-benchmark.js";
import { DATA_DIR } from "../fakes/replay.js";

const work = mkdtempSync(join(tmpdir(), "wb-outage-"));
process.env.WORKBENCH_CACHE_DIR = join(work, "cache");
process.env.WORKBENCH_DATA_DIR ??= DATA_DIR;

async function cli(argv: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  const r = await runCaptured(evalCommand, argv);
  return { code: r.code, stdout: r.out, stderr: r.err };
}

test("--max-outage: killed after 10 requests, the run stops after the outage bound with exit 1 and says how to resume", async () => {
  const server = await startFakeServer({ answer: (req, s) => arithAnswer(req.prompt, s) });
  // The 11th request finds the server gone, for good.
  server.setFault((n) => {
    if (n === 11) void server.kill();
    return n >= 11 ? { type: "reset" } : undefined;
  });
  {
    const t0 = Date.now();
    const r = await cli(["--base-url", server.url, "--benchmark", "gsm8k", "--limit", "40", "--concurrency", "1", "--max-outage", "1.5", "--out", join(work, "evals")]);
    const took = Date.now() - t0;
    assert.equal(r.code, 1, r.stderr);
    assert.match(r.stderr, /server unreachable since \d\d:\d\d:\d\d \(ECONNREFUSED\); trying again at \d\d:\d\d:\d\d, giving up at \d\d:\d\d:\d\d/, "a line while waiting");
    assert.match(r.stderr, /server unreachable since \d\d:\d\d:\d\d; 10 answers saved; rerun to resume\n$/);
    assert.ok(took >= 1400 && took < 8000, `stopped after ${took} ms`);
  }
});

test("--max-outage with several endpoints: only when every endpoint is gone does the run stop, saying so", async () => {
  const a = await startFakeServer({ modelId: "org/m", answer: (req, s) => arithAnswer(req.prompt, s) });
  const b = await startFakeServer({ modelId: "org/m", answer: (req, s) => arithAnswer(req.prompt, s) });
  // After a few answers both replicas go away for good.
  let seen = 0;
  const killBoth = (n: number): { type: "reset" } | undefined => {
    if (++seen === 8) void Promise.all([a.kill(), b.kill()]);
    return seen >= 8 ? { type: "reset" } : undefined;
  };
  a.setFault((n) => killBoth(n));
  b.setFault((n) => killBoth(n));
  const t0 = Date.now();
  const r = await cli(["--base-url", a.url, "--base-url", b.url, "--benchmark", "gsm8k", "--limit", "40", "--concurrency", "1", "--max-outage", "1.5", "--out", join(work, "evals-multi")]);
  const took = Date.now() - t0;
  assert.equal(r.code, 1, r.stderr);
  assert.match(r.stderr, /every endpoint unreachable since \d\d:\d\d:\d\d; \d+ answers saved; rerun to resume\n$/);
  assert.ok(took >= 1400 && took < 20000, `stopped after ${took} ms`);
});
