// What a rerun would do about the items a run could not answer: a request the server refused
// because the prompt plus max_tokens does not fit its context fails the same way again, other
// failures (timeouts, a server that went away, a scorer that crashed) may succeed on a rerun.
import type { BenchmarkResult } from "../results/schema.js";

/** Server messages for a request longer than the context (llama.cpp, vLLM, SGLang, OpenAI, Ollama). */
const CONTEXT_ERROR = /exceed[s]? (the )?(available )?context|context (length|size|window)|maximum context|context_length_exceeded|exceed_context_size|too many tokens|prompt is too long|input is too long/i;

export function isContextLengthError(message: string): boolean {
  return CONTEXT_ERROR.test(message);
}

export interface FailureCounts {
  /** Items whose request did not fit the server's context: a rerun fails the same way. */
  context: number;
  /** Every other failed item. */
  other: number;
}

export function countFailures(benchmarks: Record<string, BenchmarkResult>): FailureCounts {
  const counts: FailureCounts = { context: 0, other: 0 };
  for (const b of Object.values(benchmarks)) {
    for (const it of b.items) {
      if (it.error === undefined) continue;
      if (isContextLengthError(it.error)) counts.context++;
      else counts.other++;
    }
  }
  return counts;
}
