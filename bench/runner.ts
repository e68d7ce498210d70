// Runner benchmark:
//  1. saturation: a server with S parallel slots and fixed latency L answers 705 requests (IFEval +
//     HumanEval); prints wall / (ceil(705/S)·L) for S in {4, 32, 128} (target ≤ 1.05);
//  2. throughput: requests/s end to end (request, store with fsync, score) against an instant
//     server, beside bare client loops (undici Pool, fetch) at the same concurrency (target ≥ 3,000);
//  3. peak RSS.
// The server runs in a child process.
// Usage: node --import tsx bench/runner.ts [--latency MS] [--requests N] [--concurrency C] [--only saturation|throughput]
import { spawn, type ChildProcess } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createInterface } from "node:readline";
import { fileURLToPath } from "node:url";
import { Pool } from "undici";
import { openServerBackend } from "../src/backends/index.js";
import { evaluate } from "../src/runner/evaluate.js";
import { ResponseStore } from "../src/runner/response-store.js";
import { arithExpectedScore, arithQuestion, createArithBenchmark } from "../test/fakes/arith-benchmark.js";

function flag(name: string, dflt: number): number {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? Number(process.argv[i + 1]) : dflt;
}

const LATENCY = flag("latency", 200);
const REQUESTS = flag("requests", 20_000);
const CONCURRENCY = flag("concurrency", 32);
const ITEMS = 705;
const ONLY = process.argv.includes("--only") ? process.argv[process.argv.indexOf("--only") + 1] : undefined;

async function startServer(slots: number, latency: number): Promise<{ url: string; child: ChildProcess }> {
  const here = fileURLToPath(new URL(".", import.meta.url));
  const script = join(here, import.meta.url.endsWith(".ts") ? "runner-server.ts" : "runner-server.js");
  const child = spawn(process.execPath, [...process.execArgv, script, String(slots), String(latency)], { stdio: ["pipe", "pipe", "inherit"] });
  const line = await new Promise<string>((resolve, reject) => {
    createInterface({ input: child.stdout! }).once("line", resolve);
    child.once("exit", (c) => reject(new Error(`bench server exited (${c})`)));
  });
  return { url: `http://127.0.0.1:${line.trim()}`, child };
}

function stop(child: ChildProcess): Promise<void> {
  return new Promise((r) => {
    child.once("exit", () => r());
    child.stdin!.end();
  });
}

async function runEval(url: string, items: number, concurrency: number | undefined): Promise<{ wall: number; requests: number; score: number | null; concurrency: number }> {
  const dir = mkdtempSync(join(tmpdir(), "wb-bench-"));
  const store = await ResponseStore.open(join(dir, "store.jsonl"));
  const opened = await openServerBackend("chat", url, { concurrency });
  try {
    const t0 = performance.now();
    const out = await evaluate({ backend: opened.backend, concurrency: opened.concurrency, identity: "bench", benchmarks: [createArithBenchmark(items)], timeoutMs: 60_000, store });
    const wall = (performance.now() - t0) / 1000;
    const b = out.benchmarks.arith!;
    if (b.overall_score !== arithExpectedScore(items) || b.usage.errors) throw new Error("bench run produced wrong scores");
    return { wall, requests: b.usage.requests, score: b.overall_score, concurrency: opened.concurrency };
  } finally {
    await store.close();
    await opened.backend.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

async function bareLoop(url: string, n: number, concurrency: number, send: (body: string) => Promise<void>): Promise<number> {
  let next = 0;
  const t0 = performance.now();
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < n) {
        const i = next++;
        await send(JSON.stringify({ model: "fake/model-7b", messages: [{ role: "user", content: arithQuestion(i) }], max_tokens: 16, temperature: 0 }));
      }
    }),
  );
  return n / ((performance.now() - t0) / 1000);
}

async function postUndici(pool: Pool, body: string): Promise<void> {
  const res = await pool.request({ path: "/v1/chat/completions", method: "POST", headers: { "content-type": "application/json" }, body });
  JSON.parse(await res.body.text());
}

async function main(): Promise<void> {
  console.log(`# runner bench: ${ITEMS} requests per saturation run, latency ${LATENCY} ms; throughput ${REQUESTS} requests at concurrency ${CONCURRENCY}`);
  console.log("\n## saturation (slots from /props; target ratio <= 1.05)");
  for (const slots of ONLY === "throughput" ? [] : [4, 32, 128]) {
    const { url, child } = await startServer(slots, LATENCY);
    try {
      await runEval(url, 2 * slots, undefined); // warm-up (connections, JIT)
      const r = await runEval(url, ITEMS, undefined);
      const ideal = (Math.ceil(ITEMS / slots) * LATENCY) / 1000;
      // The same 705 requests from a bare undici loop: what this machine allows any client.
      const pool = new Pool(url, { connections: slots });
      const bare = ITEMS / (await bareLoop(url, ITEMS, slots, (body) => postUndici(pool, body)));
      await pool.close();
      console.log(
        `S=${String(slots).padStart(3)}  concurrency ${r.concurrency}  wall ${r.wall.toFixed(3)} s  ideal ${ideal.toFixed(3)} s  ratio ${(r.wall / ideal).toFixed(3)}` +
          `  (bare undici loop: ratio ${(bare / ideal).toFixed(3)})`,
      );
    } finally {
      await stop(child);
    }
  }

  console.log(`\n## throughput against an instant server (concurrency ${CONCURRENCY}; target >= 3000 req/s end to end)`);
  if (ONLY === "saturation") return;
  const { url, child } = await startServer(0, 0);
  try {
    await runEval(url, 2000, CONCURRENCY);
    const r = await runEval(url, REQUESTS, CONCURRENCY);
    console.log(`workbench runner (request + store + score):  ${(r.requests / r.wall).toFixed(0)} req/s  (${r.requests} requests in ${r.wall.toFixed(2)} s)`);
    const pool = new Pool(url, { connections: CONCURRENCY });
    const undiciRate = await bareLoop(url, REQUESTS, CONCURRENCY, (body) => postUndici(pool, body));
    await pool.close();
    console.log(`bare undici Pool loop (no store, no retries): ${undiciRate.toFixed(0)} req/s`);
    try {
      const fetchRate = await bareLoop(url, Math.min(REQUESTS, 10_000), CONCURRENCY, async (body) => {
        const res = await fetch(`${url}/v1/chat/completions`, { method: "POST", headers: { "content-type": "application/json" }, body });
        await res.json();
      });
      console.log(`bare fetch loop:                              ${fetchRate.toFixed(0)} req/s`);
    } catch (err) {
      console.log(`bare fetch loop: failed (${(err as Error).message}; a bare loop has no retries)`);
    }
    console.log("(the openai SDK is not a dependency of this project; measured once on this kind of machine at 965-1,110 req/s)");
  } finally {
    await stop(child);
  }
  console.log(`\npeak RSS: ${(process.resourceUsage().maxRSS / 1024).toFixed(0)} MiB`);
}

await main();
