// What the server token scorers share: top-K rows of one chunk filled position by position, a small
// pool that keeps N requests in flight, and the BOS facts read from two tokenizations.
import type { ChunkScores } from "./token-scorer.js";

/** One position's answer: the K most probable tokens and the actual next token's log-prob. */
export interface PositionScores {
  ids: number[];
  logprobs: number[];
  actual: number;
}

/** Rows [from, to) assembled into a top-K ChunkScores; fewer than K entries in a row is an error naming the position. */
export function topKChunk(rows: PositionScores[], k: number, from: number, what: string): ChunkScores {
  const n = rows.length;
  const ids = new Int32Array(n * k);
  const logprobs = new Float32Array(n * k);
  const actual = new Float64Array(n);
  for (let r = 0; r < n; r++) {
    const p = rows[r]!;
    if (p.ids.length < k) throw new Error(`${what}: position ${from + r} came back with ${p.ids.length} log-probs, ${k} requested`);
    // Most probable first (servers already sort; ties keep the server's order).
    const order = p.ids.map((_, i) => i).sort((a, b) => p.logprobs[b]! - p.logprobs[a]!);
    for (let i = 0; i < k; i++) {
      ids[r * k + i] = p.ids[order[i]!]!;
      logprobs[r * k + i] = p.logprobs[order[i]!]!;
    }
    actual[r] = p.actual;
  }
  return { exact: false, k, ids, logprobs, actual };
}

/** Run `task(i)` for i in [0, n) with at most `limit` in flight; results in order. */
export async function pooled<T>(n: number, limit: number, task: (i: number) => Promise<T>): Promise<T[]> {
  const out = new Array<T>(n);
  let next = 0;
  const worker = async (): Promise<void> => {
    for (;;) {
      const i = next++;
      if (i >= n) return;
      out[i] = await task(i);
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(limit, n)) }, worker));
  return out;
}

/** BOS id and whether the tokenizer adds it, from the same text tokenized with and without special tokens. */
export function bosFrom(withSpecial: number[], plain: number[]): { addBos: boolean; bos: number | null } {
  if (withSpecial.length === plain.length + 1 && withSpecial.slice(1).every((t, i) => t === plain[i])) return { addBos: true, bos: withSpecial[0]! };
  return { addBos: false, bos: null };
}

export function isObj(v: unknown): v is Record<string, unknown> {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}
