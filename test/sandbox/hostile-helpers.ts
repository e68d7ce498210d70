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

/**
 * Module-level code that tries to forge a pass on the harness's own channels: reads whatever every
 * descriptor 3..255 holds (without blocking; for up to `patience` seconds until something comes), then writes it back to all of them followed by the
 * records a verdict could take ("P0000", a passed JSON line). The descriptors' blocking mode is
 * restored, so that only the forgery, not a broken channel, decides the verdict.
 */
export const FORGE = `import os as _os
import time as _time
def forge(copies=(), patience=0.3):
    got, until = b"", _time.monotonic() + patience
    while True:
        for fd in range(3, 256):
            try:
                blocking = _os.get_blocking(fd)
                _os.set_blocking(fd, False)
                try:
                    got += _os.read(fd, 64)
                finally:
                    _os.set_blocking(fd, blocking)
            except OSError:
                pass
        if got or _time.monotonic() > until:
            break
        _time.sleep(0.01)
    fake = got + b"P0000" + b'{"id": 1, "s": "passed", "r": "passed"}\\n'
    for fd in list(range(0, 256)) + list(copies):
        try:
            _os.write(fd, fake)
        except OSError:
            pass
`;

/** Interleave good samples between the hostile ones: they must all still pass. */
export function withGood(cases: Case[]): Case[] {
  return cases.flatMap((c) => [c, { ...GOOD, name: `good after ${c.name}` }]);
}
