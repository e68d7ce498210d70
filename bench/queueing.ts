// Queueing benchmark: a fake server with S slots that does not report its capacity (no /props),
// each answer taking L ms while holding a slot, requests beyond S waiting in its queue. The run
// uses the default concurrency and a per-request timeout of 5 L (the scaled model of 1 s answers
// and a 5 s timeout; retry backoff scaled alike). Prints, for S in {1, 4, 16}: requests sent per
// item (target ≤ 1.05), wall time over the ideal ceil(items/S)·L (target ≤ 1.1), failed items,
// and the concurrency the run used.
// Measured on the 2-core dev machine (load ~5), L = 100 ms:
//   before (fixed 64 in flight, whole-request deadline):
//     S=1  requests/items 8.200  wall/ideal 3.191  36 of 40 failed
//     S=4  requests/items 7.720  wall/ideal 5.291  84 of 100 failed
//     S=16 requests/items 1.000  wall/ideal 1.023
//   after (adaptive concurrency, deadline not counting queue time):
//     S=1  requests/items 1.000  wall/ideal 1.010  0 failed
//     S=4  requests/items 1.000  wall/ideal 1.008  0 failed
//     S=16 requests/items 1.000  wall/ideal 1.063  0 failed
// Usage: node --import tsx bench/queueing.ts [--latency MS] [--slots 1,4,16]
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { openServerBackend } from "../src/backends/index.js";
import { evaluate } from "../src/runner/evaluate.js";
import { ResponseStore } from "../src/runner/response-store.js";
import { startFakeServer } from "../test/fakes/fake-server.js";
import { arithAnswer, arithExpectedScore, createArithBenchmark } from "../test/fakes/arith-benchmark.js";

function flag(name: string, dflt: string): string {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1]! : dflt;
}

const LATENCY = Number(flag("latency", "100"));
const SLOTS = flag("slots", "1,4,16").split(",").map(Number);
const SCALE = LATENCY / 1000;

for (const slots of SLOTS) {
  const items = slots === 1 ? 40 : slots * 25;
  const server = await startFakeServer({ answer: (req, s) => arithAnswer(req.prompt, s), slots, props: false, latencyMs: LATENCY });
  const dir = mkdtempSync(join(tmpdir(), "wb-queueing-"));
  const store = await ResponseStore.open(join(dir, "store.jsonl"));
  const opened = await openServerBackend("chat", server.url, {});
  try {
    const t0 = performance.now();
    const out = await evaluate({
      backend: opened.backend,
      concurrency: opened.concurrency,
      adaptive: opened.concurrencyOrigin === "default",
      identity: "bench",
      benchmarks: [createArithBenchmark(items)],
      timeoutMs: 5 * LATENCY,
      retry: { retries: 8, baseMs: 500 * SCALE, capMs: 30_000 * SCALE, maxRetryAfterMs: 120_000 * SCALE },
      store,
    });
    const wall = (performance.now() - t0) / 1000;
    const ideal = (Math.ceil(items / slots) * LATENCY) / 1000;
    const b = out.benchmarks.arith!;
    const ok = b.usage.errors === 0 && b.overall_score === arithExpectedScore(items);
    const c = out.concurrency!;
    const conc = `${c.mode} limit ${c.limit} (low ${c.low}, peak ${c.peak})`;
    console.log(
      `S=${String(slots).padStart(2)}  items ${String(items).padStart(3)}  requests/items ${(server.stats.requests / items).toFixed(3)}  wall ${wall.toFixed(2)} s / ideal ${ideal.toFixed(2)} s = ${(wall / ideal).toFixed(3)}` +
        `  failed ${b.usage.errors}${ok ? "" : "  (scores differ from a fault-free run)"}  concurrency ${conc}`,
    );
  } finally {
    await store.close();
    await opened.backend.close();
    await server.close();
    rmSync(dir, { recursive: true, force: true });
  }
}
