// The lines `workbench eval` prints on stderr after a run: what a rerun will do (resume from the
// response store, retry failed items) told truthfully for --no-cache runs and for failures that a
// rerun cannot fix.
import { countFailures } from "../runner/item-failures.js";
import type { BenchmarkResult } from "../results/schema.js";

export function interruptedMessage(noCache: boolean): string {
  return noCache
    ? "workbench: eval: interrupted; the answered requests are kept in the response store, but --no-cache ignores them: rerun without --no-cache to resume from them"
    : "workbench: eval: interrupted; rerun the same command to resume (answered requests are kept)";
}

/** One line per kind of failure, or none when every item was scored. */
export function failureMessages(benchmarks: Record<string, BenchmarkResult>, resultFile: string, noCache: boolean): string[] {
  const { context, other } = countFailures(benchmarks);
  const lines: string[] = [];
  if (context) {
    lines.push(
      `workbench: eval: ${context} item(s) failed because the prompt plus max_tokens does not fit the server's context (see "error" in ${resultFile}); ` +
        "a rerun fails the same way: give the server a larger context (llama-server -c, vLLM --max-model-len) or lower --max-tokens",
    );
  }
  if (other) {
    const retry = noCache ? "rerun without --no-cache to retry only them (answered requests are kept)" : "rerun the same command to retry only them (answered requests are kept)";
    lines.push(`workbench: eval: ${other} item(s) failed (see "error" in ${resultFile}); ${retry}`);
  }
  return lines;
}

/** Which sandbox and interpreter ran HumanEval's samples, when it ran. */
export function sandboxLine(benchmarks: Record<string, BenchmarkResult>): string | undefined {
  const s = (benchmarks.humaneval?.breakdown as { sandbox?: { mode: string; python: string; python_version: string } } | undefined)?.sandbox;
  return s ? `workbench: eval: humaneval samples ran in the ${s.mode} sandbox with ${s.python} (Python ${s.python_version})` : undefined;
}
