// IFEval scoring speed: warm in-process scoring of the 541 GPT-4 responses (strict + loose,
// median CPU and wall over several runs) and cold end-to-end CLI time (node bin/workbench.js).
// Run: npx tsx bench/ifeval-score.ts   (the CLI part needs `npm run build` first)
// Targets: warm <= 70 ms CPU, CLI <= 0.5 s wall.
import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { performance } from "node:perf_hooks";
import { createIfevalScorer, loadIfevalInputs, loadIfevalResponses } from "../src/benchmarks/ifeval/index.js";

const DATA = process.env.WORKBENCH_DATA_DIR ?? resolve("../shared/datasets");
const INPUT = join(DATA, "ifeval", "input_data_gpt4_20231107_145030.jsonl");
const RESPONSES = join(DATA, "ifeval", "input_response_data_gpt4_20231107_145030.jsonl");
const RUNS = Number(process.env.RUNS ?? 9);
const WARMUP = Number(process.env.WARMUP ?? 5);

const median = (xs: number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2]! : (s[s.length / 2 - 1]! + s[s.length / 2]!) / 2;
};

async function warm(): Promise<void> {
  const inputs = loadIfevalInputs(INPUT);
  const responses = loadIfevalResponses(RESPONSES);
  const scorer = await createIfevalScorer({ dataDir: DATA });
  const t0 = performance.now();
  const c0 = process.cpuUsage();
  scorer.scoreAll(inputs, responses); // first use: parses Punkt parameters and langdetect profiles
  const c1 = process.cpuUsage(c0);
  console.log(`first run (incl. asset parsing): ${(performance.now() - t0).toFixed(1)} ms wall, ${((c1.user + c1.system) / 1000).toFixed(1)} ms CPU`);
  for (let i = 0; i < WARMUP; i++) scorer.scoreAll(inputs, responses); // let the JIT settle
  const cpu: number[] = [];
  const wall: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    const w = performance.now();
    const c = process.cpuUsage();
    const report = scorer.scoreAll(inputs, responses);
    const d = process.cpuUsage(c);
    wall.push(performance.now() - w);
    cpu.push((d.user + d.system) / 1000);
    if (report.scored !== inputs.length) throw new Error(`only ${report.scored} of ${inputs.length} scored`);
  }
  console.log(`warm scoring, ${inputs.length} records, strict + loose, median of ${RUNS} after ${WARMUP} warm-up runs: ${median(cpu).toFixed(1)} ms CPU, ${median(wall).toFixed(1)} ms wall (target <= 70 ms CPU)`);
}

/** CPU seconds (user + system) of waited-for children, from /proc (Linux); undefined elsewhere. */
function childrenCpu(): number | undefined {
  try {
    const stat = readFileSync("/proc/self/stat", "utf8");
    const f = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
    return (Number(f[13]) + Number(f[14])) / 100; // cutime + cstime, in clock ticks (USER_HZ = 100)
  } catch {
    return undefined;
  }
}

function cold(): void {
  const bin = resolve("bin/workbench.js");
  if (!existsSync(resolve("dist/src/cli/main.js"))) {
    console.log("cold CLI: skipped (run `npm run build` first)");
    return;
  }
  const wall: number[] = [];
  const cpu: number[] = [];
  const n = Math.max(3, Math.min(RUNS, 7));
  for (let i = 0; i < n; i++) {
    const out = mkdtempSync(join(tmpdir(), "ifeval-bench-"));
    const t = performance.now();
    const c = childrenCpu();
    const r = spawnSync(process.execPath, [bin, "score", "ifeval", "--input", INPUT, "--responses", RESPONSES, "--out", out, "--data-dir", DATA], { encoding: "utf8" });
    wall.push(performance.now() - t);
    const c2 = childrenCpu();
    if (c !== undefined && c2 !== undefined) cpu.push(c2 - c);
    rmSync(out, { recursive: true, force: true });
    if (r.status !== 0) throw new Error(`CLI exited ${r.status}: ${r.stderr}`);
  }
  const cpuText = cpu.length ? `, ${median(cpu).toFixed(2)} s CPU` : "";
  console.log(`cold CLI end to end (both modes, files written), median of ${n}: ${(median(wall) / 1000).toFixed(3)} s wall${cpuText} (target <= 0.5 s)`);
}

await warm();
cold();
