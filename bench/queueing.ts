// Queueing benchmark: a fake server with S slots that does not report its capacity (no /props),
// each answer taking L ms while holding a slot, requests beyond S waiting in its queue. The run
// uses the default concurrency and a per-request timeout of 5 L (the scaled model of 1 s answers
// and a 5 s timeout; retry backoff scaled alike). Prints, for S in {1, 4, 16}: requests sent per
// item (target ≤ 1.05), wall time over the ideal ceil(items/S)·L (target ≤ 1.1), failed items,
// and the concurrency the run used.
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
    const conc = (b as { concurrency?: unknown }).concurrency ?? (out as { concurrency?: unknown }).concurrency;
    console.log(
      `S=${String(slots).padStart(2)}  items ${String(items).padStart(3)}  requests/items ${(server.stats.requests / items).toFixed(3)}  wall ${wall.toFixed(2)} s / ideal ${ideal.toFixed(2)} s = ${(wall / ideal).toFixed(3)}` +
        `  failed ${b.usage.errors}${ok ? "" : "  (scores differ from a fault-free run)"}  concurrency ${conc ? JSON.stringify(conc) : opened.concurrency}`,
    );
  } finally {
    await store.close();
    await opened.backend.close();
    await server.close();
    rmSync(dir, { recursive: true, force: true });
  }
}
