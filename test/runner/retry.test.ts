// Backoff with jitter, caps and Retry-After; the work queue keeps every worker busy.
import { test } from "node:test";
import assert from "node:assert/strict";
import { HttpStatusError, RequestTimeoutError, TransportError } from "../../src/backends/errors.js";
import { OutagePolicy, backoffMs, nextDelayMs, type RetryPolicy } from "../../src/runner/retry.js";
import { WorkQueue } from "../../src/runner/queue.js";

const P: RetryPolicy = { retries: 3, baseMs: 100, capMs: 1000, maxRetryAfterMs: 5000 };

test("backoff doubles per attempt within [d/2, d] and stops at the cap", () => {
  assert.equal(backoffMs(1, P, () => 0), 50);
  assert.equal(backoffMs(1, P, () => 1), 100);
  assert.equal(backoffMs(3, P, () => 1), 400);
  assert.equal(backoffMs(10, P, () => 1), 1000);
  assert.equal(backoffMs(10, P, () => 0), 500);
});

test("what is retried, for how long, and Retry-After as a floor", () => {
  const r = (): number => 0;
  assert.equal(nextDelayMs(new TransportError("reset", "ECONNRESET"), 1, P, r), 50);
  assert.equal(nextDelayMs(new RequestTimeoutError(10), 2, P, r), 100);
  assert.equal(nextDelayMs(new HttpStatusError(503, 2000, ""), 1, P, r), 2000);
  assert.equal(nextDelayMs(new HttpStatusError(429, 60_000, ""), 1, P, r), 5000, "a long Retry-After is capped");
  assert.equal(nextDelayMs(new HttpStatusError(400, undefined, ""), 1, P, r), null);
  assert.equal(nextDelayMs(new HttpStatusError(404, undefined, ""), 1, P, r), null);
  assert.equal(nextDelayMs(new Error("bug"), 1, P, r), null);
  assert.equal(nextDelayMs(new TransportError("reset", "ECONNRESET"), 4, P, r), null, "retries exhausted");
});

test("a fixed pool keeps `concurrency` units running, retries come back, and the run ends when all is done", async () => {
  const q = new WorkQueue<number>(Array.from({ length: 40 }, (_, i) => i));
  let running = 0;
  let peak = 0;
  const seen: number[] = [];
  const failedOnce = new Set<number>();
  await q.run(8, async (i) => {
    running++;
    peak = Math.max(peak, running);
    await new Promise((r) => setTimeout(r, 5));
    running--;
    if (i % 10 === 0 && !failedOnce.has(i)) {
      failedOnce.add(i);
      q.pushLater(i, 20);
      return;
    }
    seen.push(i);
  });
  assert.equal(peak, 8);
  assert.deepEqual([...seen].sort((a, b) => a - b), Array.from({ length: 40 }, (_, i) => i));
});

test("pauseUntil holds every worker", async () => {
  const q = new WorkQueue<number>([1, 2, 3]);
  const t0 = Date.now();
  const times: number[] = [];
  q.pauseUntil(t0 + 120);
  await q.run(3, async () => {
    times.push(Date.now() - t0);
  });
  assert.ok(times.every((t) => t >= 115), `started at ${times.join(",")} ms`);
});

test("outage policy: connection refused pauses the whole server once per round, for `retries` rounds, then counts again", () => {
  let now = 1000;
  const pauses: number[] = [];
  const outage = new OutagePolicy(P, (t) => pauses.push(t), () => now, () => 1);
  const refused = new TransportError("refused", "ECONNREFUSED");
  assert.equal(outage.serverDown(new TransportError("reset", "ECONNRESET")), false, "other transport errors are per-request retries");
  assert.equal(outage.serverDown(new HttpStatusError(503, undefined, "busy")), false);
  assert.equal(outage.serverDown(refused), true);
  assert.equal(outage.serverDown(refused), true, "a second refusal in the same pause is the same round");
  assert.deepEqual(pauses, [1100]);
  now = 1100;
  assert.equal(outage.serverDown(refused), true);
  now = 1300;
  assert.equal(outage.serverDown(refused), true);
  assert.deepEqual(pauses, [1100, 1300, 1700], "each round waits twice as long");
  now = 1700;
  assert.equal(outage.serverDown(refused), false, "after `retries` rounds the failure counts against the item");
  outage.answered();
  now = 5000;
  assert.equal(outage.serverDown(refused), true, "an answer resets the rounds");
  assert.equal(pauses.at(-1), 5100);
});
