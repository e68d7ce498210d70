// Scoring time for 14,042 MMLU answers (letter extraction + aggregates), the full test set.
// Run: npx tsc -p tsconfig.json && node dist/bench/mmlu-score.js [--data-dir DIR]
// (or: node --import tsx bench/mmlu-score.ts). Target: well under 1 s.
import path from "node:path";
import { performance } from "node:perf_hooks";
import { loadMmlu } from "../src/benchmarks/mmlu/data.js";
import { mmluId, scoreMmlu } from "../src/benchmarks/mmlu/task.js";
import type { ResponseRecord } from "../src/benchmarks/types.js";

const i = process.argv.indexOf("--data-dir");
const dataDir = i > 0 ? process.argv[i + 1] : (process.env.WORKBENCH_DATA_DIR ?? path.resolve("../shared/datasets"));

const t0 = performance.now();
const { items } = await loadMmlu({ dataDir });
const tLoad = performance.now() - t0;

// A realistic mix of reply shapes: bare letters, markdown, "Answer: X", prose, the article, logprobs.
const shapes = [(l: string) => l, (l: string) => `**${l}**`, (l: string) => `(${l}) because`, (l: string) => `The answer is ${l}.`, () => "A mitochondrion is", (l: string) => `${l}. Explanation: the second choice fails`];
const responses = new Map<string, ResponseRecord[]>();
items.forEach((it, k) => {
  const letter = "ABCD"[(k * 7) % 4]!;
  const text = shapes[k % shapes.length]!(letter);
  const rec: ResponseRecord = { text, raw: text, finish_reason: k % 50 === 0 ? "length" : "stop" };
  if (k % 2 === 0) rec.first_token_logprobs = { [` ${letter}`]: -0.2, " B": -1.5, " C": -2.5, "\n": -3 };
  responses.set(mmluId(it), [rec]);
});

const runs: number[] = [];
let acc: number | null = null;
for (let r = 0; r < 7; r++) {
  const t = performance.now();
  const out = scoreMmlu(items, responses);
  runs.push(performance.now() - t);
  acc = out.metrics.accuracy ?? null;
}
runs.sort((a, b) => a - b);
console.log(`mmlu score: ${items.length} answers; median ${runs[3]!.toFixed(1)} ms, best ${runs[0]!.toFixed(1)} ms (7 runs); accuracy ${acc?.toFixed(4)}; data load + parse ${tLoad.toFixed(0)} ms; node ${process.version}`);
