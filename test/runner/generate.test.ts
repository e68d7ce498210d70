// The runner against the fake server: saturation, n samples, every fault mix gives the fault-free
// scores with no answer lost or delivered twice, resume from the store, cancellation.
import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { openServerBackend } from "../../src/backends/index.js";
import { evaluate, type EvaluateOutcome } from "../../src/runner/evaluate.js";
import { ResponseStore } from "../../src/runner/response-store.js";
import type { RetryPolicy } from "../../src/runner/retry.js";
import { startFakeServer, type Fault, type FakeServer, type FakeServerOptions } from "../fakes/fake-server.js";
import { arithAnswer, arithExpectedScore, createArithBenchmark } from "../fakes/arith-benchmark.js";

// Smallest total backoff over 8 retries ≈ 450 ms: longer than the injected server outages.
const FAST_RETRY: RetryPolicy = { retries: 8, baseMs: 5, capMs: 250, maxRetryAfterMs: 2000 };
const N = 60;

interface RunOpts {
  kind?: string;
  concurrency?: number;
  samples?: number;
  store?: ResponseStore;
  identity?: string;
  timeoutMs?: number;
  signal?: AbortSignal;
  seed?: number;
  retry?: RetryPolicy;
  n?: number;
}

async function run(server: FakeServer, o: RunOpts = {}): Promise<EvaluateOutcome> {
  const { backend } = await openServerBackend(o.kind ?? "chat", server.url, { concurrency: o.concurrency ?? 8 });
  try {
    return await evaluate({
      backend,
      concurrency: o.concurrency ?? 8,
      identity: o.identity ?? "test-identity",
      benchmarks: [createArithBenchmark(o.n ?? N, o.samples !== undefined ? { samplesPerItem: 1 } : {})],
      samples: o.samples,
      overrides: o.seed !== undefined ? { seed: o.seed } : {},
      timeoutMs: o.timeoutMs ?? 2000,
      retry: o.retry ?? FAST_RETRY,
      store: o.store,
      signal: o.signal,
    });
  } finally {
    await backend.close();
  }
}

async function server(extra: Partial<FakeServerOptions> = {}): Promise<FakeServer> {
  return startFakeServer({ answer: (req, s) => arithAnswer(req.prompt, s), ...extra });
}

function tmpStore(): string {
  return join(mkdtempSync(join(tmpdir(), "wb-gen-")), "store.jsonl");
}

/** Every prompt got exactly `per` delivered answers. */
function assertDeliveredOnce(s: FakeServer, prompts: number, per = 1): void {
  assert.equal(s.stats.okByPrompt.size, prompts);
  for (const [p, c] of s.stats.okByPrompt) assert.equal(c, per, `prompt '${p}' answered ${c} times`);
}

test("keeps the server's slots full: peak in flight = concurrency", async () => {
  // A long latency so that all workers overlap even on a loaded machine.
  const s = await server({ slots: 8, latencyMs: 400 });
  try {
    const out = await run(s, { concurrency: 8, n: 64 });
    // Wall time against ceil(N/S)·L is measured by bench/runner.ts (timings are not stable on a shared machine).
    assert.equal(s.stats.maxInflight, 8);
    assert.equal(out.benchmarks.arith!.overall_score, arithExpectedScore(64));
    const u = out.benchmarks.arith!.usage;
    assert.equal(u.requests, 64);
    assert.equal(u.errors, 0);
    assert.ok(u.completion_tokens > 0 && u.prompt_tokens > 0 && (u.tokens_per_s ?? 0) > 0);
  } finally {
    await s.close();
  }
});

describe("fault mixes: same scores as the fault-free run, each answer delivered once", () => {
  let baseline: EvaluateOutcome;
  before(async () => {
    const s = await server();
    baseline = await run(s);
    await s.close();
    assert.equal(baseline.benchmarks.arith!.overall_score, arithExpectedScore(N));
  });

  const mixes: Record<string, (n: number) => Fault | undefined> = {
    "500/503 bursts": (n) => (n >= 5 && n < 25 ? { type: "status", status: n % 2 ? 500 : 503 } : undefined),
    "429 burst with Retry-After": (n) => (n >= 10 && n < 20 ? { type: "status", status: 429, retryAfter: "0.2" } : undefined),
    "connection resets": (n) => (n % 4 === 0 ? { type: "reset" } : undefined),
    "stalls past the timeout": (n) => (n % 15 === 0 ? { type: "stall" } : undefined),
    "malformed JSON": (n) => (n % 5 === 0 ? { type: "malformed" } : undefined),
    "slow streams": (n) => (n % 3 === 0 ? { type: "slow", chunkMs: 15, chunks: 4 } : undefined),
    "killed and restarted": (n) => (n === 20 ? { type: "kill", downMs: 900 } : undefined),
    // Dense (about half the requests fail) but bounded, so that 8 retries always suffice.
    "all at once": (n) =>
      n > 90
        ? undefined
        : n === 30
        ? { type: "kill", downMs: 200 }
        : n % 7 === 0
          ? { type: "reset" }
          : n % 29 === 0
            ? { type: "stall" }
            : n % 13 === 0
              ? { type: "malformed" }
              : n % 5 === 0
                ? { type: "status", status: 503, retryAfter: "0.05" }
                : n % 6 === 0
                  ? { type: "slow", chunkMs: 10, chunks: 3 }
                  : undefined,
  };

  for (const [name, fault] of Object.entries(mixes)) {
    test(name, async () => {
      const s = await server({ fault, latencyMs: 5 });
      try {
        const out = await run(s, { timeoutMs: 1500 });
        const b = out.benchmarks.arith!;
        assert.equal(b.usage.errors, 0);
        assert.ok(Object.keys(s.stats.faults).length > 0, "faults were injected");
        assert.deepEqual(b.items, baseline.benchmarks.arith!.items);
        assert.equal(b.overall_score, baseline.benchmarks.arith!.overall_score);
        assertDeliveredOnce(s, N);
        assert.equal(b.usage.requests, N);
      } finally {
        await s.close();
      }
    });
  }
});

test("a request that keeps failing becomes that item's error; the others finish", async () => {
  const s = await server({ fault: (_n, req) => (req.prompt.includes(" 7?") ? { type: "status", status: 400, body: "prompt too long" } : req.prompt.includes(" 8?") ? { type: "status", status: 500 } : undefined) });
  try {
    const out = await run(s, { retry: { ...FAST_RETRY, retries: 2 } });
    const b = out.benchmarks.arith!;
    assert.equal(out.itemErrors, 2);
    assert.equal(b.usage.errors, 2);
    assert.match(b.items[7]!.error!, /HTTP 400: .*prompt too long/);
    assert.match(b.items[8]!.error!, /HTTP 500/);
    assert.equal(s.stats.requests, N - 2 + 1 + 3, "400 is not retried; 500 is, twice");
    assert.equal(b.items.filter((i) => i.error === undefined).length, N - 2);
  } finally {
    await s.close();
  }
});

test("n samples per item: one request with n where supported, each sample recorded separately", async () => {
  const s = await server();
  try {
    const out = await run(s, { samples: 4, n: 12 });
    const b = out.benchmarks.arith!;
    assert.equal(b.n_samples, 4);
    assert.deepEqual([...s.stats.nHistogram], [[4, 12]]);
    assertDeliveredOnce(s, 12, 4);
    // Item 3 is answered wrongly with a different text per sample: four distinct samples.
    const lines = out.samplesLog.map((l) => JSON.parse(l) as { id: string; sample: number; response: string });
    assert.deepEqual(lines.filter((l) => l.id === "arith/3").map((l) => l.response), ["52", "53", "54", "55"]);
    assert.deepEqual(b.items[1]!.samples, [true, true, true, true]);
  } finally {
    await s.close();
  }
});

test("a server that ignores n: the rest is asked one by one, nothing duplicated", async () => {
  const s = await server({ ignoreN: true });
  try {
    const out = await run(s, { samples: 3, n: 10, concurrency: 1 });
    assert.equal(out.itemErrors, 0);
    assertDeliveredOnce(s, 10, 3);
    assert.equal(s.stats.nHistogram.get(1), 30);
  } finally {
    await s.close();
  }
});

test("the one-by-one fallback belongs to the run: the backend still declares the API's n afterwards", async () => {
  const s = await server({ ignoreN: true });
  const { backend } = await openServerBackend("chat", s.url, { concurrency: 1 });
  try {
    const before = backend.maxN;
    assert.ok(before > 1);
    const out = await evaluate({ backend, concurrency: 1, identity: "t", benchmarks: [createArithBenchmark(4, { samplesPerItem: 1 })], samples: 3, timeoutMs: 2000, retry: FAST_RETRY });
    assert.equal(out.itemErrors, 0);
    assertDeliveredOnce(s, 4, 3);
    assert.equal(backend.maxN, before);
  } finally {
    await backend.close();
    await s.close();
  }
});

test("one sample per request with a seed: each sample gets its own seed", async () => {
  const seeds: number[] = [];
  const s = await server({
    answer: (req, i) => {
      seeds.push(req.body.seed as number);
      return arithAnswer(req.prompt, i);
    },
  });
  try {
    await run(s, { kind: "llamacpp", samples: 3, n: 1, seed: 100 });
    assert.deepEqual(seeds.sort(), [100, 101, 102]);
  } finally {
    await s.close();
  }
});

describe("response store", () => {
  let s: FakeServer;
  before(async () => {
    s = await server({ latencyMs: 2 });
  });
  after(async () => {
    await s.close();
  });

  test("a rerun is answered from the store; another identity is not", async () => {
    const file = tmpStore();
    let store = await ResponseStore.open(file);
    const first = await run(s, { store });
    await store.close();
    const sent = s.stats.requests;
    store = await ResponseStore.open(file);
    const second = await run(s, { store });
    assert.equal(s.stats.requests, sent, "nothing sent again");
    assert.equal(second.benchmarks.arith!.usage.cached, N);
    assert.equal(second.benchmarks.arith!.usage.requests, 0);
    assert.deepEqual(second.benchmarks.arith!.items, first.benchmarks.arith!.items);
    await run(s, { store, identity: "requantized-model" });
    assert.equal(s.stats.requests, sent + N, "a new identity misses the cache");
    await store.close();
  });

  test("cancelling mid-run keeps what was answered; the rerun sends only the rest", async () => {
    const slow = await server({ slots: 4, latencyMs: 30 });
    try {
      const file = tmpStore();
      let store = await ResponseStore.open(file);
      const ac = new AbortController();
      setTimeout(() => ac.abort(), 170);
      const out = await run(slow, { store, signal: ac.signal, concurrency: 4 });
      assert.equal(out.cancelled, true);
      await store.close();
      store = await ResponseStore.open(file);
      const kept = store.size;
      assert.ok(kept > 0 && kept < N, `kept ${kept}`);
      const before = slow.stats.ok;
      const done = await run(slow, { store, concurrency: 4 });
      await store.close();
      assert.equal(done.benchmarks.arith!.usage.requests, N - kept);
      assert.equal(slow.stats.ok - before, N - kept);
      assert.equal(done.benchmarks.arith!.overall_score, arithExpectedScore(N));
    } finally {
      await slow.close();
    }
  });
});
