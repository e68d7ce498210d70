// The samples log is on disk while the run goes (not held in memory until the end), under a
// temporary name in the output folder; the finished run links it under its final name.
import { test } from "node:test";
import assert from "node:assert/strict";
import { mkdtempSync, readFileSync, readdirSync } from "node:fs";
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
  let served = 0;
  const server = await startFakeServer({
    answer: () => {
      // What is on disk when the 40th request is answered: the earlier answers, flushed or buffered.
      if (++served === 40) {
        const tmp = readdirSync(out).filter((f) => f.endsWith(".tmp"));
        seen.push(tmp.length);
      }
      return "A";
    },
  });
  let stdout = "";
  const sink = (f: (s: string) => void): Writable => new Writable({ write: (c: Buffer, _e, cb) => (f(c.toString()), cb()) });
  const io = { stdout: sink((s) => (stdout += s)), stderr: sink(() => {}) } as unknown as { stdout: typeof process.stdout; stderr: typeof process.stderr };
  try {
    const code = await runCommand(evalCommand, ["--base-url", server.url, "--benchmark", "mmlu", "--limit", "60", "--concurrency", "1", "--out", out], io);
    assert.equal(code, 0, stdout);
  } finally {
    await server.close();
  }
  assert.deepEqual(seen, [1], "a samples spool existed in the output folder during the run");
  const files = readdirSync(out);
  assert.ok(!files.some((f) => f.endsWith(".tmp")), `no temp file left: ${files.join(", ")}`);
  const samples = files.find((f) => f.endsWith(".samples.jsonl"))!;
  const lines = readFileSync(join(out, samples), "utf8").trim().split("\n");
  assert.equal(lines.length, 60);
  assert.equal(new Set(lines.map((l) => (JSON.parse(l) as { id: string }).id)).size, 60);
});
