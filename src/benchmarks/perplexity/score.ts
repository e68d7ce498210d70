// Score one text with one model, llama-perplexity's way: PPL with its uncertainty, and the sidecar
// of per-position distributions that compare/drift.ts compares. Chunks stream: at most `parallel` chunks of
// distributions are in memory at once, whatever the text's length.
import type { ChunkScores, TokenScorer } from "../../backends/token-scorer.js";
import { chunkInput, nextToken, planChunks, PerplexityInputError } from "./protocol.js";
import { SidecarWriter, tokenIdsSha256, type SidecarHeader, type SidecarStorage, sidecarBytesPerScoredToken } from "../../results/distributions.js";
import { quantizeLogprobs, topKIndices } from "../../results/logprob-rows.js";
import { NllAccumulator } from "./nll.js";

/** Full distributions are stored when the vocabulary is at most this big (4 bytes a token a position). */
export const FULL_DISTRIBUTION_MAX_VOCAB = 2048;
/** K kept per position above that. */
export const DEFAULT_TOP_K = 32;

export interface PerplexityMetrics {
  ppl: number;
  ppl_stderr: number;
  nll_mean: number;
  nll_stderr: number;
  ctx: number;
  n_chunks: number;
  tokens_scored: number;
  /** Tokens of the whole text (BOS included), before chunking. */
  text_tokens: number;
  top_k: number | "all";
  storage: SidecarStorage | null;
  add_bos: boolean;
  tokenizer_fingerprint: string;
  token_ids_sha256: string;
}

export interface ScoreOptions {
  text: string;
  /** Names the text in errors. */
  textName?: string;
  ctx: number;
  /** "all": full distributions; a number: top K. Default: "all" up to FULL_DISTRIBUTION_MAX_VOCAB, else DEFAULT_TOP_K. */
  topK?: number | "all";
  /** Storage of full distributions: "f32" (default: exact; the candidate side of KL needs it) or "u16" (llama's base encoding). */
  fullStorage?: "f32" | "u16";
  /** BOS first and in place of each chunk's first token; default the model's own add_bos. */
  addBos?: boolean;
  /** Write the sidecar here (must not exist); omit to score without one. */
  sidecarPath?: string;
  /** Chunks in flight at once (the scorer's parallel sequences). Default 1. */
  parallel?: number;
  /** Recorded in the sidecar header. */
  source?: Record<string, unknown>;
  onChunk?: (done: number, total: number) => void;
}

export function defaultTopK(vocabSize: number): number | "all" {
  return vocabSize <= FULL_DISTRIBUTION_MAX_VOCAB ? "all" : DEFAULT_TOP_K;
}

/** One evaluated sequence and the positions scored in it: input position from + r predicts next(r). */
interface Unit {
  input: number[];
  from: number;
  rows: number;
  next(r: number): number;
}

function toTopK(s: ChunkScores, u: Unit, k: number): { actual: Float64Array; ids: Int32Array; logprobs: Float32Array } {
  const rows = u.rows;
  if (!s.exact) {
    if (s.k < k) throw new Error(`top-k: the engine gave ${s.k} log-probs per position, ${k} requested`);
    const ids = new Int32Array(rows * k);
    const lps = new Float32Array(rows * k);
    for (let r = 0; r < rows; r++) {
      ids.set(s.ids.subarray(r * s.k, r * s.k + k), r * k);
      lps.set(s.logprobs.subarray(r * s.k, r * s.k + k), r * k);
    }
    return { actual: s.actual, ids, logprobs: lps };
  }
  const v = s.vocabSize;
  const actual = new Float64Array(rows);
  const ids = new Int32Array(rows * k);
  const lps = new Float32Array(rows * k);
  for (let r = 0; r < rows; r++) {
    const row = s.logprobs.subarray(r * v, (r + 1) * v);
    actual[r] = row[u.next(r)]!;
    const top = topKIndices(row, k);
    for (let i = 0; i < k; i++) {
      ids[r * k + i] = top[i]!;
      lps[r * k + i] = row[top[i]!]!;
    }
  }
  return { actual, ids, logprobs: lps };
}

/** The K to keep: the request, else the default for the scorer; refused when the scorer cannot give it. */
function resolveTopK(scorer: TokenScorer, requested: number | "all" | undefined): number | "all" {
  let topK = requested ?? (scorer.exact ? defaultTopK(scorer.vocabSize) : (scorer.topK ?? DEFAULT_TOP_K));
  if (topK !== "all" && scorer.exact && topK >= scorer.vocabSize) topK = "all";
  if (topK !== "all" && !scorer.exact && scorer.topK !== undefined && topK > scorer.topK) throw new PerplexityInputError(`top-k: ${topK} requested, the ${scorer.scorer} scorer was opened for ${scorer.topK}`);
  if (topK !== "all" && !(Number.isInteger(topK) && topK >= 1)) throw new PerplexityInputError(`top-k: expected a positive integer or "all", got ${topK}`);
  if (topK === "all" && !scorer.exact) throw new PerplexityInputError(`top-k: "all" needs an engine that returns full distributions`);
  return topK;
}

/** Score every unit in order (`parallel` at a time), accumulating NLL and streaming records to `writer`. */
async function scoreUnits(
  scorer: TokenScorer,
  units: (i: number) => Unit,
  n: number,
  o: { writer: SidecarWriter | null; storage: SidecarStorage; topK: number | "all"; parallel: number; onChunk?: (done: number, total: number) => void },
): Promise<NllAccumulator> {
  const acc = new NllAccumulator();
  try {
    for (let c0 = 0; c0 < n; c0 += o.parallel) {
      const us = Array.from({ length: Math.min(o.parallel, n - c0) }, (_, i) => units(c0 + i));
      const results = await Promise.all(us.map((u) => (u.rows > 0 ? scorer.scoreChunk(u.input, u.from, u.from + u.rows) : null)));
      for (let i = 0; i < us.length; i++) {
        const u = us[i]!;
        const s = results[i];
        if (!s) {
          // An empty answer: a unit without records.
          if (o.storage === "topk") o.writer?.writeTopKChunk([], new Int32Array(0), new Float32Array(0));
          else o.writer?.writeFullChunk(new Float32Array(0), quantizeLogprobs);
          continue;
        }
        for (let r = 0; r < u.rows; r++) {
          const lp = s.exact ? s.logprobs[r * s.vocabSize + u.next(r)]! : s.actual[r]!;
          // llama-perplexity's per-token NLL is a float32 value summed in double.
          acc.add(Math.fround(-lp));
        }
        if (o.writer) {
          if (o.storage === "topk") {
            const t = toTopK(s, u, o.topK as number);
            o.writer.writeTopKChunk(t.actual, t.ids, t.logprobs);
          } else {
            if (!s.exact) throw new Error("scoreChunk returned top-K scores from an engine that claims full distributions");
            o.writer.writeFullChunk(s.logprobs, quantizeLogprobs);
          }
        }
      }
      o.onChunk?.(Math.min(c0 + o.parallel, n), n);
    }
    o.writer?.finish();
  } catch (err) {
    o.writer?.abort();
    throw err;
  }
  return acc;
}

export async function scorePerplexity(scorer: TokenScorer, opts: ScoreOptions): Promise<{ metrics: PerplexityMetrics; sidecar: SidecarHeader | null }> {
  const name = opts.textName ?? "text";
  if (opts.text.length === 0) throw new PerplexityInputError(`${name}: the text is empty; expected a text corpus`);
  if (opts.ctx > scorer.trainContext) throw new PerplexityInputError(`ctx: ${opts.ctx} is above the model's trained context of ${scorer.trainContext} tokens`);
  const addBos = opts.addBos ?? scorer.addBosDefault;
  const all = await scorer.tokenize(opts.text, addBos);
  const plan = planChunks(all, opts.ctx, addBos ? scorer.bosToken : null, name);
  const topK = resolveTopK(scorer, opts.topK);
  const storage: SidecarStorage = topK === "all" ? (opts.fullStorage ?? "f32") : "topk";
  const header: SidecarHeader = {
    format: "workbench-perplexity-sidecar",
    version: 1,
    storage,
    vocab_size: scorer.vocabSize,
    top_k: topK === "all" ? null : topK,
    ctx: plan.ctx,
    first: plan.first,
    n_chunks: plan.nChunks,
    per_chunk: plan.perChunk,
    bos: plan.bos,
    tokenizer_fingerprint: scorer.tokenizerFingerprint,
    token_ids_sha256: tokenIdsSha256(plan.tokens),
    ...(opts.source ? { source: opts.source } : {}),
  };
  const writer = opts.sidecarPath ? new SidecarWriter(opts.sidecarPath, header, plan.tokens) : null;
  const unit = (c: number): Unit => ({ input: chunkInput(plan, c), from: plan.first, rows: plan.perChunk, next: (r) => nextToken(plan, c, r) });
  const acc = await scoreUnits(scorer, unit, plan.nChunks, { writer, storage, topK, parallel: Math.max(1, opts.parallel ?? 1), ...(opts.onChunk ? { onChunk: opts.onChunk } : {}) });
  const r = acc.result();
  return {
    metrics: {
      ppl: r.ppl,
      ppl_stderr: r.ppl_stderr,
      nll_mean: r.nll_mean,
      nll_stderr: r.nll_stderr,
      ctx: plan.ctx,
      n_chunks: plan.nChunks,
      tokens_scored: r.count,
      text_tokens: all.length,
      top_k: topK,
      storage: writer ? storage : null,
      add_bos: addBos,
      tokenizer_fingerprint: scorer.tokenizerFingerprint,
      token_ids_sha256: header.token_ids_sha256,
    },
    sidecar: writer ? header : null,
  };
}

export { sidecarBytesPerScoredToken };

/** One answer to score: its prompt's tokens as the engine evaluated them (BOS first when it adds one), then the answer's. */
export interface AnswerSequence {
  tokens: number[];
  /** Tokens of the prompt: tokens[promptLength..] are the answer, the only ones scored. */
  promptLength: number;
}

export interface AnswerMetrics {
  ppl: number;
  ppl_stderr: number;
  nll_mean: number;
  nll_stderr: number;
  /** Longest sequence (prompt + answer) evaluated. */
  ctx: number;
  answers: number;
  tokens_scored: number;
  top_k: number | "all";
  storage: SidecarStorage | null;
  tokenizer_fingerprint: string;
  token_ids_sha256: string;
}

/**
 * Score the answer tokens of each sequence (the distribution at input position j predicts token j + 1,
 * so positions promptLength - 1 .. length - 2), one sequence per unit of a version-2 sidecar.
 */
export async function scoreAnswers(
  scorer: TokenScorer,
  seqs: readonly AnswerSequence[],
  opts: { topK?: number | "all"; fullStorage?: "f32" | "u16"; sidecarPath?: string; source?: Record<string, unknown>; onChunk?: (done: number, total: number) => void },
): Promise<{ metrics: AnswerMetrics }> {
  if (seqs.length === 0) throw new PerplexityInputError("no answers to score");
  for (const [i, q] of seqs.entries()) {
    if (!(q.promptLength >= 1 && q.promptLength <= q.tokens.length)) throw new Error(`answer ${i}: prompt of ${q.promptLength} tokens in a sequence of ${q.tokens.length}`);
  }
  const topK = resolveTopK(scorer, opts.topK);
  const storage: SidecarStorage = topK === "all" ? (opts.fullStorage ?? "f32") : "topk";
  const tokens = Int32Array.from(seqs.flatMap((q) => q.tokens));
  const header: SidecarHeader = {
    format: "workbench-perplexity-sidecar",
    version: 2,
    storage,
    vocab_size: scorer.vocabSize,
    top_k: topK === "all" ? null : topK,
    ctx: Math.max(...seqs.map((q) => q.tokens.length)),
    first: 0,
    n_chunks: seqs.length,
    per_chunk: 0,
    bos: null,
    tokenizer_fingerprint: scorer.tokenizerFingerprint,
    token_ids_sha256: tokenIdsSha256(tokens),
    segments: { lengths: seqs.map((q) => q.tokens.length), first: seqs.map((q) => q.promptLength - 1) },
    ...(opts.source ? { source: opts.source } : {}),
  };
  const writer = opts.sidecarPath ? new SidecarWriter(opts.sidecarPath, header, tokens) : null;
  const unit = (i: number): Unit => {
    const q = seqs[i]!;
    return { input: q.tokens, from: q.promptLength - 1, rows: q.tokens.length - q.promptLength, next: (r) => q.tokens[q.promptLength + r]! };
  };
  const acc = await scoreUnits(scorer, unit, seqs.length, { writer, storage, topK, parallel: 1, ...(opts.onChunk ? { onChunk: opts.onChunk } : {}) });
  if (acc.count === 0) throw new PerplexityInputError("every answer is empty: no answer token to score");
  const r = acc.result();
  return {
    metrics: {
      ppl: r.ppl,
      ppl_stderr: r.ppl_stderr,
      nll_mean: r.nll_mean,
      nll_stderr: r.nll_stderr,
      ctx: header.ctx,
      answers: seqs.length,
      tokens_scored: r.count,
      top_k: topK,
      storage: writer ? storage : null,
      tokenizer_fingerprint: scorer.tokenizerFingerprint,
      token_ids_sha256: header.token_ids_sha256,
    },
  };
}
