// The GPT-4 IFEval replay (first 270 prompts) under a dense fault mix (status bursts with Retry-After, resets, stalls,
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
import { DATA_DIR, IFEVAL_GPT4_INPUTS, ifevalGpt4Answers } from "../fakes/replay.js";

function fault(n: number): Fault | undefined {
  if (n > 400) return undefined;
  if (n === 150) return { type: "kill", downMs: 300 };
  if (n % 7 === 0) return { type: "reset" };
  if (n % 61 === 0) return { type: "stall" };
  if (n % 13 === 0) return { type: "malformed" };
  if (n % 37 === 0) return { type: "status", status: 429, retryAfter: "0.1" };
  if (n % 5 === 0) return { type: "status", status: n % 2 ? 500 : 503 };
  if (n % 6 === 0) return { type: "slow", chunkMs: 5, chunks: 4 };
  return undefined;
}

const LIMIT = 270;

test("GPT-4 IFEval replay under faults: golden verdicts, each prompt answered once", async () => {
  const answers = ifevalGpt4Answers();
  const server = await startFakeServer({ answer: (req) => answers.get(req.prompt) ?? "", fault, latencyMs: 2 });
  const { backend } = await openServerBackend("chat", server.url, { concurrency: 16 });
  try {
    const bench = await loadBenchmark("ifeval", { chat: true, options: { ifeval: { inputFile: IFEVAL_GPT4_INPUTS } } });
    const out = await evaluate({
      backend,
      concurrency: 16,
      identity: "faults",
      benchmarks: [bench],
      dataDir: DATA_DIR,
      limit: LIMIT,
      // Generous: on a loaded machine a tight deadline can expire on an answer already sent, which
      // would then (correctly) be asked again and count twice at the server.
      timeoutMs: 2000,
      retry: { retries: 8, baseMs: 5, capMs: 250, maxRetryAfterMs: 1000 },
    });
    const b = out.benchmarks.ifeval!;
    assert.equal(b.usage.errors, 0);
    assert.ok(b.usage.truncated === 0 && b.breakdown!.runner !== undefined);
    const golden = readFileSync(join(DATA_DIR, "ifeval", "golden", "input_response_data_gpt4_20231107_145030_strict.jsonl"), "utf8")
      .trim()
      .split("\n")
      .slice(0, LIMIT)
      .map((l) => JSON.parse(l) as { key: number; follow_all_instructions: boolean; follow_instruction_list: boolean[] });
    const strictRate = golden.filter((g) => g.follow_all_instructions).length / LIMIT;
    assert.equal(b.metrics.prompt_level_strict, strictRate);
    assert.deepEqual(
      b.items.map((i) => [i.id, i.units!.inst_level_strict]),
      golden.map((g) => [String(g.key), g.follow_instruction_list]),
    );
    assert.ok(Object.keys(server.stats.faults).length >= 6, JSON.stringify(server.stats.faults));
    assert.equal(server.stats.okByPrompt.size, LIMIT);
    for (const [p, c] of server.stats.okByPrompt) assert.equal(c, 1, `answered ${c} times: ${p.slice(0, 60)}`);
    assert.equal(b.usage.requests, LIMIT);
  } finally {
    await backend.close();
    await server.close();
  }
});
