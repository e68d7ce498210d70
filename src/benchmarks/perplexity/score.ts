// Score one text with one model, llama-perplexity's way: PPL with its uncertainty, and the sidecar
// of per-position distributions that compare/drift.ts compares. Chunks stream: at most `parallel` chunks of
// distributions are in memory at once, whatever the text's length.
import type { ChunkScores, TokenScorer } from "../../backends/token-scorer.js";
import { chunkInput, nextToken, planChunks, PerplexityInputError, type ChunkPlan } from "./protocol.js";
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

function toTopK(s: ChunkScores, plan: ChunkPlan, c: number, k: number): { actual: Float64Array; ids: Int32Array; logprobs: Float32Array } {
  const rows = plan.perChunk;
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
    actual[r] = row[nextToken(plan, c, r)]!;
    const top = topKIndices(row, k);
    for (let i = 0; i < k; i++) {
      ids[r * k + i] = top[i]!;
      lps[r * k + i] = row[top[i]!]!;
    }
  }
  return { actual, ids, logprobs: lps };
}

export async function scorePerplexity(scorer: TokenScorer, opts: ScoreOptions): Promise<{ metrics: PerplexityMetrics; sidecar: SidecarHeader | null }> {
  const name = opts.textName ?? "text";
  if (opts.text.length === 0) throw new PerplexityInputError(`${name}: the text is empty; expected a text corpus`);
  if (opts.ctx > scorer.trainContext) throw new PerplexityInputError(`ctx: ${opts.ctx} is above the model's trained context of ${scorer.trainContext} tokens`);
  const addBos = opts.addBos ?? scorer.addBosDefault;
  const all = await scorer.tokenize(opts.text, addBos);
  const plan = planChunks(all, opts.ctx, addBos ? scorer.bosToken : null, name);
  let topK = opts.topK ?? (scorer.exact ? defaultTopK(scorer.vocabSize) : (scorer.topK ?? DEFAULT_TOP_K));
  if (topK !== "all" && scorer.exact && topK >= scorer.vocabSize) topK = "all";
  if (topK !== "all" && !scorer.exact && scorer.topK !== undefined && topK > scorer.topK) throw new PerplexityInputError(`top-k: ${topK} requested, the ${scorer.scorer} scorer was opened for ${scorer.topK}`);
  if (topK !== "all" && !(Number.isInteger(topK) && topK >= 1)) throw new PerplexityInputError(`top-k: expected a positive integer or "all", got ${topK}`);
  if (topK === "all" && !scorer.exact) throw new PerplexityInputError(`top-k: "all" needs an engine that returns full distributions`);
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
  const acc = new NllAccumulator();
  const parallel = Math.max(1, opts.parallel ?? 1);
  try {
    for (let c0 = 0; c0 < plan.nChunks; c0 += parallel) {
      const cs = Array.from({ length: Math.min(parallel, plan.nChunks - c0) }, (_, i) => c0 + i);
      const results = await Promise.all(cs.map((c) => scorer.scoreChunk(chunkInput(plan, c), plan.first, plan.ctx - 1)));
      for (let i = 0; i < cs.length; i++) {
        const c = cs[i]!;
        const s = results[i]!;
        for (let r = 0; r < plan.perChunk; r++) {
          const lp = s.exact ? s.logprobs[r * s.vocabSize + nextToken(plan, c, r)]! : s.actual[r]!;
          // llama-perplexity's per-token NLL is a float32 value summed in double.
          acc.add(Math.fround(-lp));
        }
        if (writer) {
          if (storage === "topk") {
            const t = toTopK(s, plan, c, topK as number);
            writer.writeTopKChunk(t.actual, t.ids, t.logprobs);
          } else {
            if (!s.exact) throw new Error("scoreChunk returned top-K scores from an engine that claims full distributions");
            writer.writeFullChunk(s.logprobs, quantizeLogprobs);
          }
        }
      }
      opts.onChunk?.(Math.min(c0 + parallel, plan.nChunks), plan.nChunks);
    }
    writer?.finish();
  } catch (err) {
    writer?.abort();
    throw err;
  }
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
