// The GPT-4 IFEval replay under a dense fault mix (status bursts with Retry-After, resets, stalls,
// malformed bodies, slow streams, a server restart): every verdict equals the reference golden
// (which the fault-free CLI run also matches), and each prompt was answered exactly once.
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { openServerBackend } from "../../src/backends/index.js";
import { loadBenchmark } from "../../src/benchmarks/registry.js";
import { evaluate } from "../../src/runner/evaluate.js";
import { startFakeServer, type Fault } from "../fakes/fake-server.js";
import { DATA_DIR, IFEVAL_GPT4_GOLDEN, IFEVAL_GPT4_INPUTS, ifevalGpt4Answers } from "../fakes/replay.js";

function fault(n: number): Fault | undefined {
  if (n > 500) return undefined;
  if (n === 150) return { type: "kill", downMs: 300 };
  if (n % 7 === 0) return { type: "reset" };
  if (n % 11 === 0) return { type: "stall" };
  if (n % 13 === 0) return { type: "malformed" };
  if (n % 17 === 0) return { type: "status", status: 429, retryAfter: "0.1" };
  if (n % 5 === 0) return { type: "status", status: n % 2 ? 500 : 503 };
  if (n % 6 === 0) return { type: "slow", chunkMs: 5, chunks: 4 };
  return undefined;
}

test("GPT-4 IFEval replay under faults: golden verdicts, each prompt answered once", async () => {
  const answers = ifevalGpt4Answers();
  const server = await startFakeServer({ answer: (req) => answers.get(req.prompt) ?? "", fault, latencyMs: 2 });
  const { backend } = await openServerBackend("chat", server.url, { concurrency: 16 });
  try {
    const bench = await loadBenchmark("ifeval", { chat: true, inputFiles: { ifeval: IFEVAL_GPT4_INPUTS } });
    const out = await evaluate({
      backend,
      concurrency: 16,
      identity: "faults",
      benchmarks: [bench],
      dataDir: DATA_DIR,
      timeoutMs: 300,
      retry: { retries: 8, baseMs: 5, capMs: 250, maxRetryAfterMs: 1000 },
    });
    const b = out.benchmarks.ifeval!;
    assert.equal(b.usage.errors, 0);
    assert.ok(b.usage.truncated === 0 && b.breakdown!.runner !== undefined);
    for (const [k, v] of Object.entries(IFEVAL_GPT4_GOLDEN)) assert.ok(Math.abs(b.metrics[k]! - v) < 0.00005, `${k}: ${b.metrics[k]}`);
    const golden = readFileSync(join(DATA_DIR, "ifeval", "golden", "input_response_data_gpt4_20231107_145030_strict.jsonl"), "utf8")
      .trim()
      .split("\n")
      .map((l) => JSON.parse(l) as { key: number; follow_instruction_list: boolean[] });
    assert.deepEqual(
      b.items.map((i) => [i.id, i.units!.inst_level_strict]),
      golden.map((g) => [String(g.key), g.follow_instruction_list]),
    );
    assert.ok(Object.keys(server.stats.faults).length >= 6, JSON.stringify(server.stats.faults));
    assert.equal(server.stats.okByPrompt.size, 541);
    for (const [p, c] of server.stats.okByPrompt) assert.equal(c, 1, `answered ${c} times: ${p.slice(0, 60)}`);
    assert.equal(b.usage.requests, 541);
  } finally {
    await backend.close();
    await server.close();
  }
});
