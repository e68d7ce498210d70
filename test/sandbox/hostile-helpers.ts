// Hostile programs as HumanEval samples of small synthetic problems: `def f():` whose check wants 42.
// A completion starts with "    pass\n" (closing the stub), then runs module-level code and usually
// redefines f. Anything hostile is bounded (loops, forks and allocations all have limits).
import { executeSamples, type HumanEvalProblem } from "../../src/benchmarks/humaneval/index.js";
import { SandboxPool, type SandboxOptions } from "../../src/sandbox/index.js";

export const PYTHON = process.env.WORKBENCH_PYTHON || undefined;

export interface Case {
  name: string;
  completion: string;
  /** check() body (default: the answer must be 42). */
  check?: string;
  /** Expected result: exact string, or a pattern. */
  expect: string | RegExp;
}

export const GOOD: Case = { name: "good", completion: "    return 42\n", expect: "passed" };

/** A marker that only the canonical solution carries: a program that finds it has read the answer key. */
export const ANSWER_MARKER = "ANSWER-KEY-MARKER-5d41402abc4b2a76";

export function problemFor(c: Case, i: number): HumanEvalProblem {
  return {
    task_id: `hostile/${i}`,
    prompt: "def f():\n",
    canonical_solution: `    return 42  # ${ANSWER_MARKER}\n`,
    test: `def check(candidate):\n    ${c.check ?? "assert candidate() == 42"}\n`,
    entry_point: "f",
  };
}

export interface Outcome {
  name: string;
  result: string;
  passed: boolean;
  seconds: number;
}

/** Run the cases (each with its own problem) in one stream; results in input order. */
export async function runCases(cases: Case[], opts: SandboxOptions & { timeoutS?: number } = {}): Promise<Outcome[]> {
  const problems = cases.map(problemFor);
  const out: Outcome[] = [];
  const start = Date.now();
  const samples = cases.map((c, i) => ({ task_id: problems[i]!.task_id, completion: c.completion }));
  for await (const r of executeSamples(problems, samples, { python: PYTHON, ...opts })) {
    out[r.index] = { name: cases[r.index]!.name, result: r.result, passed: r.passed, seconds: (Date.now() - start) / 1000 };
  }
  return out;
}

export function mismatches(cases: Case[], got: Outcome[]): string[] {
  const bad: string[] = [];
  cases.forEach((c, i) => {
    const g = got[i]!;
    const ok = typeof c.expect === "string" ? g.result === c.expect : c.expect.test(g.result);
    if (!ok) bad.push(`${c.name}: got ${JSON.stringify(g.result)}, expected ${String(c.expect)}`);
  });
  return bad;
}

let modeCache: Promise<"bwrap" | "basic"> | undefined;

/** The mode "auto" ends up with on this machine (bwrap-only tests skip in basic mode). */
export function autoMode(): Promise<"bwrap" | "basic"> {
  modeCache ??= (async () => {
    const pool = await SandboxPool.create({ python: PYTHON, workers: 1, onWarning: () => {} });
    const m = pool.mode;
    await pool.close();
    return m;
  })();
  return modeCache;
}

/** A completion that forks up to `count` sleeping children (bounded), then returns `result`. */
export function forkBomb(count: number, result: string): string {
  return `    import posix, time
    n = 0
    for _ in range(${count}):
        try:
            pid = posix.fork()
        except OSError:
            break
        if pid == 0:
            time.sleep(60)
            posix._exit(0)
        n += 1
    return ${result}
`;
}

/** Interleave good samples between the hostile ones: they must all still pass. */
export function withGood(cases: Case[]): Case[] {
  return cases.flatMap((c) => [c, { ...GOOD, name: `good after ${c.name}` }]);
}
