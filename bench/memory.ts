// Memory benchmark: a full MMLU run (14,042 items) against an instant fake server (in a child
// process), the result and samples files written as `workbench eval` writes them; prints the
// peak RSS of the run (target ≤ 200 MiB, flat in run length). --limit N for a shorter run.
// Before (samples log kept in memory and joined into one string): 584 MiB maxRSS (410 MiB sampled).
// After (samples spooled to disk, prompts built on demand): 198 MiB for 14,042 items, 146 MiB for 2,000.
// Usage: WORKBENCH_DATA_DIR=… node --import tsx bench/memory.ts [--limit N]
import { spawn } from "node:child_process";
import { mkdtempSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createInterface } from "node:readline";
import { fileURLToPath } from "node:url";
import { openServerBackend } from "../src/backends/index.js";
import { loadBenchmark } from "../src/benchmarks/registry.js";
import { evaluate } from "../src/runner/evaluate.js";
import { ResponseStore } from "../src/runner/response-store.js";
import { buildResultDocument, writeRunResults } from "../src/results/write.js";
import { SamplesSpool } from "../src/results/samples-spool.js";

const li = process.argv.indexOf("--limit");
const limit = li >= 0 ? Number(process.argv[li + 1]) : undefined;

const here = fileURLToPath(new URL(".", import.meta.url));
const child = spawn(process.execPath, [...process.execArgv, join(here, "memory-server.ts")], { stdio: ["pipe", "pipe", "inherit"] });
const port = await new Promise<string>((resolve) => createInterface({ input: child.stdout! }).once("line", resolve));
const url = `http://127.0.0.1:${port.trim()}`;

const dir = mkdtempSync(join(tmpdir(), "wb-memory-"));
const store = await ResponseStore.open(join(dir, "store.jsonl"));
const opened = await openServerBackend("chat", url, { concurrency: 32 });
let peak = 0;
const sampler = setInterval(() => (peak = Math.max(peak, process.memoryUsage.rss())), 20);
try {
  const t0 = performance.now();
  const bench = await loadBenchmark("mmlu", { chat: true });
  const spool = new SamplesSpool(dir);
  const out = await evaluate({ backend: opened.backend, concurrency: 32, identity: "bench", benchmarks: [bench], ...(limit ? { limit } : {}), timeoutMs: 60_000, store, samplesSink: spool });
  const doc = buildResultDocument({ repoId: "bench/memory", modelPath: null, modelFormat: "unknown", gpuInfo: { available: false }, settings: { backend: "chat", base_url: url, model_name: null, model_identity: "bench", concurrency: 32, limit: limit ?? null, benchmarks: ["mmlu"] } }, out.benchmarks);
  const written = writeRunResults(dir, doc, spool);
  const wall = (performance.now() - t0) / 1000;
  peak = Math.max(peak, process.memoryUsage.rss());
  const items = out.benchmarks.mmlu!.questions;
  console.log(
    `mmlu items ${items}  wall ${wall.toFixed(1)} s  samples file ${(statSync(written.samplesFile).size / 2 ** 20).toFixed(1)} MiB  peak RSS ${(peak / 2 ** 20).toFixed(0)} MiB (sampled), ${(process.resourceUsage().maxRSS / 1024).toFixed(0)} MiB (maxRSS)`,
  );
} finally {
  clearInterval(sampler);
  await store.close();
  await opened.backend.close();
  child.stdin!.end();
  rmSync(dir, { recursive: true, force: true });
}
