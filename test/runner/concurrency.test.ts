// The adaptive concurrency controller against a simulated server with S slots and a FIFO queue
// that never reports its capacity: the limit settles where the queue is short, the server stays
// busy, and timeouts or a busy server back it off. Fixed limits stay fixed.
import { test } from "node:test";
import assert from "node:assert/strict";
import { ConcurrencyController } from "../../src/runner/concurrency.js";

interface SimResult {
  limits: number[];
  /** Fraction of slot time the server spent busy until the last answer. */
  utilisation: number;
  maxWaitMs: number;
}

/** Discrete-event run of `items` requests, each `serviceMs` of work, on a server with `slots` slots. */
function simulate(ctl: ConcurrencyController, slots: number, items: number, serviceMs: (i: number) => number): SimResult {
  let now = 0;
  let sent = 0;
  const queue: Array<{ i: number; sentAt: number }> = [];
  const running: Array<{ i: number; sentAt: number; startAt: number; endAt: number }> = [];
  const limits: number[] = [];
  let busy = 0;
  let maxWait = 0;
  for (;;) {
    while (sent < items && ctl.canStart) {
      ctl.onStart();
      queue.push({ i: sent++, sentAt: now });
    }
    while (running.length < slots && queue.length) {
      const q = queue.shift()!;
      const d = serviceMs(q.i);
      maxWait = Math.max(maxWait, now - q.sentAt);
      running.push({ ...q, startAt: now, endAt: now + d });
      busy += d;
    }
    if (!running.length) break;
    running.sort((a, b) => a.endAt - b.endAt);
    const done = running.shift()!;
    now = done.endAt;
    ctl.onSuccess(now - done.sentAt);
    limits.push(ctl.limit);
  }
  return { limits, utilisation: busy / (slots * now), maxWaitMs: maxWait };
}

for (const slots of [1, 4, 16]) {
  test(`adaptive: ${slots} slot(s), capacity not reported — the server stays busy and the queue stays short`, () => {
    const ctl = new ConcurrencyController();
    const r = simulate(ctl, slots, Math.max(200, 40 * slots), (i) => 90 + ((i * 7919) % 21));
    const settled = r.limits.slice(-Math.max(50, slots * 10));
    assert.ok(r.utilisation > 0.93, `utilisation ${r.utilisation.toFixed(3)}`);
    assert.ok(Math.min(...settled) >= slots, `limit fell to ${Math.min(...settled)} below ${slots} slots`);
    assert.ok(Math.max(...settled) <= 2 * slots + 3, `limit rose to ${Math.max(...settled)} on ${slots} slots`);
    const snap = ctl.snapshot();
    assert.equal(snap.mode, "adaptive");
    assert.equal(snap.inflight, 0);
    assert.ok(snap.peak >= snap.limit && snap.low <= snap.limit);
  });
}

test("adaptive: answers of very different lengths do not read as queueing", () => {
  const ctl = new ConcurrencyController();
  // 16 slots; every fourth answer is ten times longer.
  const r = simulate(ctl, 16, 800, (i) => (i % 4 === 0 ? 1000 : 100));
  assert.ok(r.utilisation > 0.9, `utilisation ${r.utilisation.toFixed(3)}`);
  assert.ok(Math.min(...r.limits.slice(-100)) >= 16, `limit fell to ${Math.min(...r.limits.slice(-100))}`);
});

test("adaptive: a timeout halves the limit, once per round; queueing reports shrink it", () => {
  const ctl = new ConcurrencyController({ initial: 32 });
  for (let i = 0; i < 32; i++) ctl.onStart();
  ctl.onTimeout();
  assert.equal(ctl.limit, 16);
  ctl.onTimeout();
  assert.equal(ctl.limit, 16, "the requests sent under the old limit do not halve it again");
  for (let i = 0; i < 16; i++) ctl.onFailure();
  ctl.onTimeout();
  assert.equal(ctl.limit, 8, "a round later a timeout counts again");
  for (let i = 0; i < 8; i++) ctl.onFailure();
  ctl.onQueueing();
  assert.equal(ctl.limit, 6);
  assert.equal(ctl.snapshot().timeouts, 3);
  assert.equal(ctl.snapshot().decreases, 3);
  assert.equal(ctl.inflight, 32 - 28);
  assert.ok(ctl.canStart, "4 in flight under a limit of 6");
});

test("adaptive: never below min or above max", () => {
  const ctl = new ConcurrencyController({ initial: 2, min: 2, max: 5 });
  for (let i = 0; i < 100; i++) {
    ctl.onStart();
    ctl.onSuccess(10);
  }
  assert.equal(ctl.limit, 5);
  for (let i = 0; i < 100; i++) {
    ctl.onStart();
    ctl.onTimeout();
  }
  assert.equal(ctl.limit, 2);
});

test("fixed (--concurrency or the server's slots): the limit never moves", () => {
  const ctl = new ConcurrencyController({ fixed: 4, source: "server" });
  const r = simulate(ctl, 1, 50, () => 100);
  assert.deepEqual([...new Set(r.limits)], [4]);
  ctl.onTimeout();
  ctl.onQueueing();
  const s = ctl.snapshot();
  assert.equal(s.limit, 4);
  assert.equal(s.mode, "fixed");
  assert.equal(s.source, "server");
  assert.equal(s.timeouts, 1);
});
