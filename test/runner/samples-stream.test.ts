// The samples log is on disk while the run goes (not held in memory until the end), under a
// temporary name in the cache's spool folder (nothing in --out until the run ends); the finished
// run gives it its final name beside the result, and a spool left by a killed run is cleaned up.
import { test } from "node:test";
import assert from "node:assert/strict";
import { existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Writable } from "node:stream";
import { runCommand } from "../../src/cli/command.js";
import evalCommand from "../../src/cli/commands/eval.js";
import { startFakeServer } from "../fakes/fake-server.js";
import { DATA_DIR } from "../fakes/replay.js";

const work = mkdtempSync(join(tmpdir(), "wb-stream-"));
process.env.WORKBENCH_CACHE_DIR = join(work, "cache");
process.env.WORKBENCH_DATA_DIR ??= DATA_DIR;

test("samples reach the output folder as they arrive, and end up in the named .samples.jsonl", async () => {
  const out = join(work, "evals");
  const seen: number[] = [];
  let outDuring: boolean | undefined;
  // A spool left by a run killed with -9 (a pid that is not running).
  mkdirSync(join(work, "cache", "spool"), { recursive: true });
  writeFileSync(join(work, "cache", "spool", `.samples.${2 ** 22 + 4321}.abc123.tmp`), "{}\n");
  let served = 0;
  const server = await startFakeServer({
    answer: () => {
      // What is on disk when the 40th request is answered: the earlier answers, flushed or buffered.
      if (++served === 40) {
        const spool = join(work, "cache", "spool");
        const tmp = existsSync(spool) ? readdirSync(spool).filter((f) => f.endsWith(".tmp")) : [];
        seen.push(tmp.length, tmp.length ? statSync(join(spool, tmp[0]!)).size : 0);
        outDuring = existsSync(out);
      }
      return "A";
    },
  });
  let stdout = "";
  const sink = (f: (s: string) => void): Writable => new Writable({ write: (c: Buffer, _e, cb) => (f(c.toString()), cb()) });
  const io = { stdout: sink((s) => (stdout += s)), stderr: sink(() => {}) } as unknown as { stdout: typeof process.stdout; stderr: typeof process.stderr };
  try {
    const code = await runCommand(evalCommand, ["--base-url", server.url, "--benchmark", "mmlu", "--limit", "1", "--concurrency", "1", "--out", out], io);
    assert.equal(code, 0, stdout);
  } finally {
    await server.close();
  }
  assert.equal(seen[0], 1, "one samples spool during the run (the stale one removed)");
  assert.equal(outDuring, false, "nothing in --out before the run ends");
  assert.deepEqual(readdirSync(join(work, "cache", "spool")), [], "no spool left after the run");
  const files = readdirSync(out);
  assert.ok(!files.some((f) => f.endsWith(".tmp")), `no temp file left: ${files.join(", ")}`);
  const samples = files.find((f) => f.endsWith(".samples.jsonl"))!;
  const lines = readFileSync(join(out, samples), "utf8").trim().split("\n");
  // --limit 1 on MMLU: the first question of each of its 57 subjects.
  assert.equal(lines.length, 57);
  assert.equal(new Set(lines.map((l) => (JSON.parse(l) as { id: string }).id)).size, 57);
});
