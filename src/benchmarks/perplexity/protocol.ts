// llama-perplexity's protocol for splitting a text into scored chunks:
// - the whole text is tokenized once (BOS first when the vocabulary adds one; one trailing "\n" of the
//   file dropped, as `-f` does);
// - it is cut into floor(n_tokens / ctx) chunks of ctx tokens, the remainder dropped;
// - each chunk is evaluated from an empty state with its first token replaced by BOS (when BOS is added);
// - positions first = floor(ctx / 2) .. ctx - 2 are scored: the distribution at position j predicts the
//   chunk's original token j + 1, so ctx - 1 - first tokens per chunk.
// At least 2 * ctx tokens are required.

import { UsageError } from "../../util/usage-error.js";

export interface ChunkPlan {
  ctx: number;
  /** First scored input position in each chunk. */
  first: number;
  nChunks: number;
  /** Scored positions per chunk: ctx - 1 - first. */
  perChunk: number;
  /** The text's tokens, nChunks * ctx of them (what a sidecar stores and compares). */
  tokens: Int32Array;
  /** BOS replaces each chunk's first token when not null. */
  bos: number | null;
}

/** Unusable text or settings: a one-line message, exit 2. */
export class PerplexityInputError extends UsageError {
  override name = "PerplexityInputError";
}

/** The text as llama-perplexity's `-f` reads it: one trailing newline removed. */
export function textFromFile(raw: string): string {
  return raw.endsWith("\n") ? raw.slice(0, -1) : raw;
}

/** Refuse a file that is empty or not text (NUL bytes or invalid UTF-8), naming it. */
export function decodeTextFile(bytes: Uint8Array, name: string): string {
  if (bytes.length === 0) throw new PerplexityInputError(`${name}: the file is empty; expected a text corpus`);
  if (bytes.includes(0)) throw new PerplexityInputError(`${name}: binary file (contains NUL bytes); expected UTF-8 text`);
  try {
    return new TextDecoder("utf-8", { fatal: true }).decode(bytes);
  } catch {
    throw new PerplexityInputError(`${name}: not valid UTF-8; expected a text corpus`);
  }
}

export function planChunks(tokens: readonly number[], ctx: number, bos: number | null, name = "text"): ChunkPlan {
  if (!Number.isInteger(ctx) || ctx < 4) throw new PerplexityInputError(`ctx: expected an integer of at least 4, got ${ctx}`);
  if (tokens.length < 2 * ctx) {
    throw new PerplexityInputError(`${name}: tokenizes to ${tokens.length} tokens; at least ${2 * ctx} (2 chunks of ctx ${ctx}) are needed`);
  }
  const nChunks = Math.floor(tokens.length / ctx);
  const first = Math.floor(ctx / 2);
  return { ctx, first, nChunks, perChunk: ctx - 1 - first, tokens: Int32Array.from(tokens.slice(0, nChunks * ctx)), bos };
}

/** The tokens evaluated for chunk c (BOS in place of the first when the plan adds BOS). */
export function chunkInput(plan: ChunkPlan, c: number): number[] {
  const start = c * plan.ctx;
  const input = Array.from(plan.tokens.subarray(start, start + plan.ctx));
  if (plan.bos != null) input[0] = plan.bos;
  return input;
}

/** The actual next token for scored row r of chunk c (row r is input position first + r). */
export function nextToken(plan: ChunkPlan, c: number, r: number): number {
  return plan.tokens[c * plan.ctx + plan.first + r + 1]!;
}
