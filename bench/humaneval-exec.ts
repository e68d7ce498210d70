// HumanEval execution speed: the canonical solutions through the sandbox, 164 and 3,280 (x20) samples
// by default (add 32800 for n=200), with wall time, samples/s, the harness's CPU per sample and its
// peak RSS. (The sandboxes' CPU is not visible from here: bwrap does not pass its children's usage on.)
//
// Run: npx tsx bench/humaneval-exec.ts [--sizes 164,3280,32800] [--workers N] [--sandbox auto|bwrap|basic]
//        [--python PATH] [--baseline]
// --baseline also times a fresh `python3 -I -S prog.py` per sample (no isolation, 4 in parallel),
// the cheap stand-in for a reference-style executor. The machine's load average is printed with each
// figure: on a shared machine compare figures taken together, and CPU per sample more than wall time.
// Targets (issue 3): >= 870 samples/s on 3,280 with isolation (10x the reference's 87/s);
// 32,800 in <= 60 s on 2 cores; memory flat as n grows.
import { spawn } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { availableParallelism, loadavg, tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { parseArgs } from "node:util";
import { buildProgram, executeSamples, loadHumanEvalProblems, type HumanEvalProblem } from "../src/benchmarks/humaneval/index.js";
import { resolvePython, type SandboxMode } from "../src/sandbox/index.js";

const { values: opt } = parseArgs({
  options: {
    sizes: { type: "string", default: "164,3280" },
    workers: { type: "string" },
    sandbox: { type: "string", default: "auto" },
    python: { type: "string" },
    baseline: { type: "boolean", default: false },
  },
});
const DATA = process.env.WORKBENCH_DATA_DIR ?? resolve("../shared/datasets");
const TICK_MS = 10; // USER_HZ = 100 on Linux

/** CPU ms of this process and of every reaped descendant (utime, stime, cutime, cstime). */
function cpuWithChildrenMs(): number {
  const stat = readFileSync("/proc/self/stat", "utf8");
  const f = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
  return (Number(f[11]) + Number(f[12]) + Number(f[13]) + Number(f[14])) * TICK_MS;
}

const load = () => loadavg()[0]!.toFixed(1);
const mib = (b: number) => (b / 2 ** 20).toFixed(0);

async function runSandbox(problems: HumanEvalProblem[], n: number): Promise<void> {
  const samples = function* () {
    for (let i = 0; i < n; i++) {
      const p = problems[i % problems.length]!;
      yield { task_id: p.task_id, completion: p.canonical_solution };
    }
  };
  const loadBefore = load();
  const c0 = process.cpuUsage();
  const t0 = performance.now();
  let tReady = t0;
  let mode = "";
  let workers = 0;
  let passed = 0;
  for await (const r of executeSamples(problems, samples(), {
    sandbox: opt.sandbox as SandboxMode,
    python: opt.python,
    workers: opt.workers ? Number(opt.workers) : undefined,
    onSandbox: (info) => {
      tReady = performance.now();
      mode = `${info.mode}, python ${info.python.version}`;
      workers = info.workers;
    },
  })) {
    if (r.passed) passed++;
  }
  const t1 = performance.now();
  const c = process.cpuUsage(c0);
  const cpu = (c.user + c.system) / 1000;
  const wall = (t1 - t0) / 1000;
  const exec = (t1 - tReady) / 1000;
  console.log(
    `sandbox ${String(n).padStart(6)}: ${wall.toFixed(2)} s wall (${exec.toFixed(2)} s after start-up), ${(n / wall).toFixed(0)} samples/s ` +
      `(${(n / exec).toFixed(0)} after start-up), harness ${(cpu / n).toFixed(2)} ms CPU/sample, passed ${passed}/${n}, ` +
      `peak RSS ${mib(process.resourceUsage().maxRSS * 1024)} MiB, ${workers} workers, ${mode}, load ${loadBefore}->${load()}`,
  );
}

/** Fresh interpreter per sample, no isolation: `python3 -I -S prog.py`, 4 at a time. */
async function runBaseline(problems: HumanEvalProblem[], n: number): Promise<void> {
  const py = (await resolvePython(opt.python)).executable;
  const dir = mkdtempSync(join(tmpdir(), "he-baseline-"));
  const files = problems.map((p, i) => {
    const f = join(dir, `p${i}.py`);
    writeFileSync(f, buildProgram(p, p.canonical_solution));
    return f;
  });
  const loadBefore = load();
  const c0 = cpuWithChildrenMs();
  const t0 = performance.now();
  let next = 0;
  let passed = 0;
  const one = (): Promise<void> =>
    new Promise((res) => {
      const i = next++;
      const child = spawn(py, ["-I", "-S", files[i % files.length]!], { stdio: "ignore", cwd: dir });
      child.on("close", (code) => {
        if (code === 0) passed++;
        res();
      });
    });
  await Promise.all(
    Array.from({ length: 4 }, async () => {
      while (next < n) await one();
    }),
  );
  const wall = (performance.now() - t0) / 1000;
  const cpu = cpuWithChildrenMs() - c0;
  rmSync(dir, { recursive: true, force: true });
  console.log(
    `baseline ${String(n).padStart(5)}: ${wall.toFixed(2)} s wall, ${(n / wall).toFixed(0)} samples/s, ${(cpu / n).toFixed(2)} ms CPU/sample, ` +
      `exit 0 ${passed}/${n} (python -I -S per sample, no isolation), load ${loadBefore}->${load()}`,
  );
}

const problems = await loadHumanEvalProblems({ dataDir: DATA });
console.log(`${availableParallelism()} CPUs, node ${process.version}`);
for (const n of opt.sizes!.split(",").map(Number)) {
  await runSandbox(problems, n);
  if (opt.baseline && n <= 3280) await runBaseline(problems, n);
}
