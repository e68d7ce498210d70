// A server that queues requests beyond its slots and does not report them: waiting in its queue
// is not a timeout (no request sent twice), and without --concurrency the run adapts instead of
// keeping 64 requests in flight.
import { test } from "node:test";
import assert from "node:assert/strict";
import { openServerBackend } from "../../src/backends/index.js";
import { evaluate } from "../../src/runner/evaluate.js";
import { startFakeServer } from "../fakes/fake-server.js";
import { arithAnswer, arithExpectedScore, createArithBenchmark } from "../fakes/arith-benchmark.js";

const RETRY = { retries: 8, baseMs: 5, capMs: 100, maxRetryAfterMs: 1000 };

test("queued requests do not time out: 2 slots, 16 in flight, 50 ms answers, 150 ms timeout — each item sent once", async () => {
  const server = await startFakeServer({ answer: (req, s) => arithAnswer(req.prompt, s), slots: 2, props: false, latencyMs: 50 });
  const { backend } = await openServerBackend("chat", server.url, { concurrency: 16 });
  try {
    const out = await evaluate({ backend, concurrency: 16, identity: "q", benchmarks: [createArithBenchmark(32)], timeoutMs: 150, retry: RETRY });
    const b = out.benchmarks.arith!;
    assert.equal(b.usage.errors, 0);
    assert.equal(b.overall_score, arithExpectedScore(32));
    assert.equal(server.stats.requests, 32, "no request was timed out and sent again");
    assert.equal(out.concurrency!.mode, "fixed");
  } finally {
    await backend.close();
    await server.close();
  }
});

test("a stalled request still times out while the others are answered", async () => {
  let stalled = 0;
  const server = await startFakeServer({
    answer: (req, s) => arithAnswer(req.prompt, s),
    slots: 4,
    props: false,
    latencyMs: 20,
    fault: (n) => (n === 3 ? (stalled++, { type: "stall" }) : undefined),
  });
  const { backend } = await openServerBackend("chat", server.url, { concurrency: 4 });
  try {
    const out = await evaluate({ backend, concurrency: 4, identity: "q", benchmarks: [createArithBenchmark(20)], timeoutMs: 300, retry: RETRY });
    assert.equal(stalled, 1);
    assert.equal(out.benchmarks.arith!.usage.errors, 0);
    assert.equal(server.stats.requests, 21, "the stalled one was sent again, once");
  } finally {
    await backend.close();
    await server.close();
  }
});

test("capacity not reported, no --concurrency: the limit adapts below 64 and is reported", async () => {
  const server = await startFakeServer({ answer: (req, s) => arithAnswer(req.prompt, s), slots: 2, props: false, latencyMs: 20 });
  const opened = await openServerBackend("chat", server.url, {});
  assert.equal(opened.concurrencyOrigin, "default");
  try {
    const out = await evaluate({
      backend: opened.backend,
      concurrency: opened.concurrency,
      adaptive: opened.concurrencyOrigin === "default",
      identity: "q",
      benchmarks: [createArithBenchmark(120)],
      timeoutMs: 2000,
      retry: RETRY,
    });
    assert.equal(out.benchmarks.arith!.overall_score, arithExpectedScore(120));
    assert.equal(server.stats.requests, 120);
    assert.equal(out.concurrency!.mode, "adaptive");
    assert.ok(server.stats.maxInflight <= 32, `the server saw ${server.stats.maxInflight} requests at once`);
    assert.ok(out.concurrency!.limit <= 8, `settled at ${out.concurrency!.limit} for 2 slots`);
    assert.ok(out.concurrency!.decreases >= 1);
  } finally {
    await opened.backend.close();
    await server.close();
  }
});
