// The three server token scorers against a fake server (real HTTP on loopback) whose model is known
// exactly: each returns the true top-K and the actual next token's log-probability at every scored
// position, and the whole perplexity run gives the exact PPL.
import { test } from "node:test";
import assert from "node:assert/strict";
import { createLlamaServerScorer } from "../../src/backends/llama-server-scorer.js";
import { createVllmScorer } from "../../src/backends/vllm-scorer.js";
import { createSglangScorer } from "../../src/backends/sglang-scorer.js";
import { scorePerplexity } from "../../src/benchmarks/perplexity/score.js";
import { planChunks, chunkInput } from "../../src/benchmarks/perplexity/protocol.js";
import { BOS, logSoftmax, startFakeScoringServer, tokenizeText, V } from "../fakes/fake-scoring-server.js";

const CTX = 16;
const K = 5;
const TEXT = "the quick brown fox jumps over the lazy dog and then it sleeps all day long in the sun";

function exactPpl(): number {
  const ids = [BOS, ...tokenizeText(TEXT)];
  const plan = planChunks(ids, CTX, BOS);
  let s = 0;
  let n = 0;
  for (let c = 0; c < plan.nChunks; c++) {
    const input = chunkInput(plan, c);
    for (let j = plan.first; j < CTX - 1; j++) {
      s -= logSoftmax(input.slice(0, j + 1))[plan.tokens[c * CTX + j + 1]!]!;
      n++;
    }
  }
  return Math.exp(s / n);
}

const makers = { "llama-server": createLlamaServerScorer, vllm: createVllmScorer, sglang: createSglangScorer } as const;

for (const api of ["llama-server", "vllm", "sglang"] as const) {
  test(`${api} scorer: true top-K and actual log-probs per position, exact PPL`, async () => {
    const srv = await startFakeScoringServer(api);
    const scorer = await makers[api]({ baseUrl: srv.url, topK: K, ctx: CTX });
    try {
      assert.equal(scorer.exact, false);
      assert.equal(scorer.scorer, api);
      assert.deepEqual([scorer.addBosDefault, scorer.bosToken], [true, BOS], "BOS found from two tokenizations");
      assert.deepEqual(await scorer.tokenize("abc", true), [BOS, ...tokenizeText("abc")]);
      const tokens = [BOS, ...tokenizeText("hello world again")].slice(0, CTX);
      const s = await scorer.scoreChunk(tokens, 8, CTX - 1);
      if (s.exact) throw new Error("expected top-K scores");
      assert.equal(s.k, K);
      for (let r = 0; r < CTX - 1 - 8; r++) {
        const lp = logSoftmax(tokens.slice(0, 8 + r + 1));
        const want = lp.map((_, i) => i).sort((x, y) => lp[y]! - lp[x]!).slice(0, K);
        assert.deepEqual(Array.from(s.ids.subarray(r * K, (r + 1) * K)), want, `row ${r} ids`);
        for (let i = 0; i < K; i++) assert.ok(Math.abs(s.logprobs[r * K + i]! - lp[want[i]!]!) < 1e-6);
        assert.ok(Math.abs(s.actual[r]! - lp[tokens[8 + r + 1]!]!) < 1e-9, `row ${r} actual`);
      }
      const run = await scorePerplexity(scorer, { text: TEXT, ctx: CTX });
      assert.equal(run.metrics.top_k, K, `the scorer's K (vocabulary ${V})`);
      assert.ok(Math.abs(run.metrics.ppl - exactPpl()) < 1e-4 * exactPpl(), `${run.metrics.ppl} vs ${exactPpl()}`);
      if (api === "llama-server") assert.equal(srv.requests["/completion"], run.metrics.tokens_scored + (CTX - 1 - 8), "one request per scored position");
      // One request per chunk (plus the one scoreChunk above; SGLang also tokenizes through /generate: 2 for BOS, 2 texts).
      else assert.equal(srv.requests[api === "vllm" ? "/v1/completions" : "/generate"], run.metrics.n_chunks + 1 + (api === "sglang" ? 4 : 0), "one request per chunk");
    } finally {
      await scorer.close();
      await srv.close();
    }
  });
}

test("vLLM scorer: a K above the server's --max-logprobs is refused with the server's message", async () => {
  const srv = await startFakeScoringServer("vllm", { maxLogprobs: 4 });
  const scorer = await createVllmScorer({ baseUrl: srv.url, topK: K, ctx: CTX });
  try {
    await assert.rejects(scorer.scoreChunk([BOS, ...tokenizeText("abcdefghijklmnop")].slice(0, CTX), 8, CTX - 1), /greater than max allowed: 4/);
  } finally {
    await scorer.close();
    await srv.close();
  }
});
