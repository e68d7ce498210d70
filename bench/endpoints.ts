// Several endpoints in one run: 3 fake servers of one model, 4 slots each, answering in 0.2, 0.5
// and 1 s (scaled by --scale). Prints, for N items:
//  1. slots from /props: wall time against the ideal for that capacity (the least time in which
//     4·floor(T/L) summed over the endpoints reaches N; target <= 1.1) and each endpoint's share of
//     the requests beside its share of the capacity;
//  2. the same with the middle endpoint killed half-way: every item answered exactly once, the scores
//     right, and the wall time against the ideal for the capacity left;
//  3. the same servers hiding /props (the adaptive controller finds each one's concurrency).
// Usage: node --import tsx bench/endpoints.ts [--items N] [--scale F]
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { openServerBackend } from "../src/backends/index.js";
import type { Backend } from "../src/backends/types.js";
import { evaluate } from "../src/runner/evaluate.js";
import { ResponseStore } from "../src/runner/response-store.js";
import { arithAnswer, arithExpectedScore, createArithBenchmark } from "../test/fakes/arith-benchmark.js";
import { startFakeServer, type FakeServer } from "../test/fakes/fake-server.js";

function flag(name: string, dflt: number): number {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? Number(process.argv[i + 1]) : dflt;
}

const SCALE = flag("scale", 1);
const ITEMS = flag("items", 384);
const SLOTS = 4;
const LATENCIES = [200, 500, 1000].map((l) => l * SCALE);

/** Least T (ms) by which endpoints with these latencies and SLOTS slots each answer n requests. */
function idealMs(latencies: number[], n: number, from = 0): number {
  const times = latencies.flatMap((l) => Array.from({ length: Math.ceil(n / SLOTS) + 1 }, (_, k) => (k + 1) * l)).sort((a, b) => a - b);
  for (const t of times) if (latencies.reduce((s, l) => s + SLOTS * Math.floor(t / l), 0) >= n) return from + t;
  return Infinity;
}

async function servers(props: boolean): Promise<FakeServer[]> {
  return Promise.all(LATENCIES.map((latencyMs) => startFakeServer({ answer: (req, s) => arithAnswer(req.prompt, s), slots: SLOTS, props, latencyMs })));
}

async function run(list: FakeServer[], during?: (t0: number) => void): Promise<{ wall: number; served: number[]; score: number | null; errors: number; limits: number[] }> {
  const dir = mkdtempSync(join(tmpdir(), "wb-bench-ep-"));
  const store = await ResponseStore.open(join(dir, "store.jsonl"));
  const opened = await Promise.all(list.map((s) => openServerBackend("chat", s.url, {})));
  const endpoints = opened.map((o: { backend: Backend }) => ({ backend: o.backend, ...(o.backend.info.slots ? { concurrency: o.backend.info.slots, source: "server" as const } : {}) }));
  try {
    const t0 = performance.now();
    during?.(t0);
    const out = await evaluate({ backend: endpoints[0]!.backend, endpoints, concurrency: SLOTS, identity: "bench-endpoints", benchmarks: [createArithBenchmark(ITEMS)], timeoutMs: 60_000, store });
    const wall = performance.now() - t0;
    const b = out.benchmarks.arith!;
    return { wall, served: out.endpoints.map((e) => e.requests), score: b.overall_score, errors: b.usage.errors, limits: out.endpoints.map((e) => e.concurrency.peak) };
  } finally {
    await store.close();
    await Promise.all(opened.map((o) => o.backend.close()));
    rmSync(dir, { recursive: true, force: true });
  }
}

function shares(xs: number[]): string {
  const total = xs.reduce((a, b) => a + b, 0);
  return xs.map((x) => `${((100 * x) / total).toFixed(1)}%`).join(" / ");
}

async function main(): Promise<void> {
  const capacity = LATENCIES.map((l) => SLOTS / l);
  console.log(`# endpoints bench: ${ITEMS} items, 3 endpoints x ${SLOTS} slots at ${LATENCIES.map((l) => `${l} ms`).join(", ")} per answer`);
  console.log(`capacity share: ${shares(capacity)}`);

  console.log("\n## 1. slots from /props (target wall/ideal <= 1.1)");
  let list = await servers(true);
  try {
    const r = await run(list);
    const ideal = idealMs(LATENCIES, ITEMS);
    const ok = list.map((s) => s.stats.ok);
    console.log(`wall ${(r.wall / 1000).toFixed(2)} s  ideal ${(ideal / 1000).toFixed(2)} s  ratio ${(r.wall / ideal).toFixed(3)}`);
    console.log(`requests ${r.served.join(" / ")}  share ${shares(r.served)}  (servers answered ${ok.join(" / ")}; score ${r.score === arithExpectedScore(ITEMS) ? "right" : "WRONG"}, errors ${r.errors})`);

    console.log("\n## 2. the middle endpoint killed half-way");
    for (const s of list) s.stats.ok = 0;
    const killAt = ideal / 2;
    let killedAt = 0;
    const r2 = await run(list, (t0) => {
      setTimeout(() => {
        killedAt = performance.now() - t0;
        void list[1]!.kill();
      }, killAt);
    });
    const ok2 = list.map((s) => s.stats.ok);
    const total = ok2.reduce((a, b) => a + b, 0);
    // Ideal after the kill: what was answered by then stays, the rest goes to the two left.
    const answeredBefore = Math.min(ITEMS, LATENCIES.reduce((s, l) => s + SLOTS * Math.floor(killedAt / l), 0));
    const ideal2 = idealMs([LATENCIES[0]!, LATENCIES[2]!], ITEMS - answeredBefore, killedAt);
    console.log(`killed at ${(killedAt / 1000).toFixed(2)} s; wall ${(r2.wall / 1000).toFixed(2)} s  ideal ${(ideal2 / 1000).toFixed(2)} s  ratio ${(r2.wall / ideal2).toFixed(3)}`);
    console.log(`requests ${r2.served.join(" / ")}; answered by the servers ${ok2.join(" / ")} = ${total} for ${ITEMS} items: ${total === ITEMS ? "every item answered once" : "MISMATCH"}; score ${r2.score === arithExpectedScore(ITEMS) ? "right" : "WRONG"}, errors ${r2.errors}`);
  } finally {
    await Promise.all(list.map((s) => s.close()));
  }

  console.log("\n## 3. /props hidden: the adaptive controller per endpoint");
  list = await servers(false);
  try {
    const r = await run(list);
    const ideal = idealMs(LATENCIES, ITEMS);
    console.log(`wall ${(r.wall / 1000).toFixed(2)} s  ideal ${(ideal / 1000).toFixed(2)} s  ratio ${(r.wall / ideal).toFixed(3)}; peak limits ${r.limits.join(" / ")}`);
    console.log(`requests ${r.served.join(" / ")}  share ${shares(r.served)}; most in flight at the servers ${list.map((s) => s.stats.maxInflight).join(" / ")}`);
  } finally {
    await Promise.all(list.map((s) => s.close()));
  }
}

await main();
