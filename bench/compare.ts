// Time `workbench compare` on 3 candidates × (541 IFEval prompts + 164 HumanEval tasks × 200 samples),
// synthetic files, end to end (read + validate + align + statistics + table). Target: under 2 s.
// Run: node --import tsx bench/compare.ts   (add --json or --html to include those outputs)
import { join } from "node:path";
import { Writable } from "node:stream";
import { runCommand } from "../src/cli/command.js";
import compare from "../src/cli/commands/compare.js";
import { failIfeval, humanevalItems, ifevalItems, makeDoc, tempDir, writeDoc } from "../test/compare/helpers.js";

const dir = tempDir("wb-bench-compare-");
const base = ifevalItems(541, 1);
const files = [0, 1, 2, 3].map((k) => {
  const ifeval = k === 0 ? base : failIfeval(base, new Set(base.filter((_, i) => i % (30 - 8 * k) === 0).map((it) => it.id)));
  const humaneval = humanevalItems(164, 200, 2, k * 0.02);
  return writeDoc(dir, k === 0 ? "baseline.json" : `candidate${k}.json`, makeDoc({ ifeval: { items: ifeval }, humaneval: { items: humaneval, n_samples: 200 } }));
});

const sink = new Writable({ write: (_c, _e, cb) => cb() });
const runs: number[] = [];
for (let i = 0; i < 3; i++) {
  const extra = process.argv.slice(2).flatMap((a) => (a === "--html" ? ["--html", join(dir, `report-${i}.html`)] : [a]));
  const t0 = performance.now();
  const code = await runCommand(compare, [...files, ...extra], { stdout: sink, stderr: process.stderr } as never);
  runs.push(performance.now() - t0);
  if (code !== 0) throw new Error(`compare exited ${code}`);
}
// Judged on the first (cold, un-JITted) run, which is what one CLI invocation pays.
const cold = runs[0]!;
console.log(
  `compare 3 candidates × (541 IFEval + 164×200 HumanEval samples), 10,000 resamples: ` +
    `${runs.map((t) => `${(t / 1000).toFixed(2)} s`).join(", ")} (cold ${(cold / 1000).toFixed(2)} s; target < 2 s) ${cold < 2000 ? "OK" : "SLOW"}`,
);
process.exitCode = cold < 2000 ? 0 : 1;
