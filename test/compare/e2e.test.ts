// End to end: two runs through the fake server (real HTTP, the real runner and result writer), the
// candidate degrading a known set of items; `compare` must report exactly those flips.
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { openServerBackend } from "../../src/backends/index.js";
import { evaluate } from "../../src/runner/evaluate.js";
import { buildResultDocument, writeRunResults } from "../../src/results/write.js";
import { runCommand } from "../../src/cli/command.js";
import compare from "../../src/cli/commands/compare.js";
import { startFakeServer } from "../fakes/fake-server.js";
import { arithAnswer, createArithBenchmark } from "../fakes/arith-benchmark.js";
import { capture, tempDir } from "./helpers.js";

const N = 90;
/** Items the candidate gets wrong although the baseline is right (i % 3 !== 0), and ones it fixes. */
const BROKEN = new Set([1, 2, 5, 13, 44, 70, 88]);
const FIXED = new Set([3, 30]);

async function runOnce(dir: string, repoId: string, answer: (prompt: string) => string): Promise<string> {
  const server = await startFakeServer({ answer: (req) => answer(req.prompt), modelId: repoId });
  try {
    const { backend } = await openServerBackend("chat", server.url, { concurrency: 8 });
    try {
      const out = await evaluate({ backend, concurrency: 8, identity: repoId, benchmarks: [createArithBenchmark(N)], timeoutMs: 5000 });
      const doc = buildResultDocument(
        {
          repoId,
          modelPath: null,
          modelFormat: "server",
          gpuInfo: { available: false, reason: "test" },
          settings: { backend: "chat", base_url: server.url, model_name: repoId, model_identity: repoId, concurrency: 8, limit: null, benchmarks: ["arith"] },
        },
        out.benchmarks,
      );
      return writeRunResults(join(dir, repoId.replace("/", "_")), doc, out.samplesLog).resultFile;
    } finally {
      await backend.close();
    }
  } finally {
    await server.close();
  }
}

test("two fake-server runs: compare reports exactly the degraded items as flips", { timeout: 60_000 }, async () => {
  const dir = tempDir();
  const baseFile = await runOnce(dir, "test/base", (p) => arithAnswer(p));
  const candFile = await runOnce(dir, "test/cand", (p) => {
    const i = Number(/times (\d+)/.exec(p)?.[1]);
    if (BROKEN.has(i)) return "wrong";
    if (FIXED.has(i)) return String(17 * i);
    return arithAnswer(p);
  });
  const html = join(dir, "report.html");
  const o = capture();
  const e = capture();
  const code = await runCommand(compare, [baseFile, candFile, "--json", "--html", html, "--resamples", "1000"], { stdout: o.stream, stderr: e.stream } as never);
  assert.equal(code, 0, e.text());
  const j = JSON.parse(o.text());
  const m = j.candidates[0].benchmarks.arith.metrics.correct;
  assert.deepEqual(m.flips.pass_to_fail, [...BROKEN].map((i) => `arith/${i}`));
  assert.deepEqual(m.flips.fail_to_pass, [...FIXED].map((i) => `arith/${i}`));
  assert.equal(m.p_value, Number((2 * (1 + 9 + 36) / 512).toPrecision(6)), "exact McNemar for b=7, c=2");
  assert.ok(Math.abs(m.delta - (100 * (FIXED.size - BROKEN.size)) / N) < 1e-3);
  // The HTML flip list carries the runner's logged prompt and both answers.
  const page = readFileSync(html, "utf8");
  assert.match(page, /What is 17 times 13\?/);
  assert.match(page, /candidate<\/b> cand: <span class="fail">fail<\/span><\/div><pre>wrong<\/pre>/);
  assert.match(page, new RegExp(`baseline</b> base: <span class="pass">pass</span></div><pre>${17 * 13}</pre>`));
});
