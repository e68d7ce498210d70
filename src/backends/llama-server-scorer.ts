// Token scoring through llama-server's /completion. It returns top-N log-probs only for generated
// tokens (no prompt log-probs), so each scored position is one request: the chunk's tokens up to that
// position as a token-id prompt, n_predict 1, n_probs K, and a +100 logit bias on the actual next
// token so that the one generated token is it and its "logprob" (computed from the raw logits, before
// the sampler's bias) is the actual token's log-probability. The prompt cache makes each request
// evaluate only the new token; requests go out concurrently over the server's slots.
import { HttpClient, parseServerAddress } from "./http-client.js";
import type { ChunkScores, TokenScorer } from "./token-scorer.js";
import { bosFrom, isObj, pooled, topKChunk, type PositionScores } from "./server-scorer-common.js";

export interface ServerScorerOptions {
  baseUrl: string;
  /** K log-probs per position. */
  topK: number;
  /** Chunk length: every slot must hold it. */
  ctx: number;
  /** Requests in flight (default: the server's slots, else 4). */
  concurrency?: number;
  apiKey?: string;
  timeoutMs?: number;
  /** Model name for APIs that want one (vLLM); default the first id of /v1/models. */
  model?: string;
}

function num(v: unknown): number | undefined {
  return typeof v === "number" && Number.isFinite(v) ? v : undefined;
}

export async function createLlamaServerScorer(opts: ServerScorerOptions): Promise<TokenScorer> {
  const address = parseServerAddress(opts.baseUrl);
  const probe = new HttpClient(address, { connections: 2, apiKey: opts.apiKey });
  const timeout = opts.timeoutMs ?? 60_000;
  let slots = 1;
  let perSlot: number | undefined;
  let vocab = 0;
  let train: number | undefined;
  let modelPath = "";
  try {
    const props = await probe.getJson("/props", timeout);
    if (isObj(props)) {
      slots = num(props.total_slots) ?? 1;
      const dgs = props.default_generation_settings;
      if (isObj(dgs)) perSlot = num(dgs.n_ctx);
      if (typeof props.model_path === "string") modelPath = props.model_path;
    }
    const models = await probe.getJson("/v1/models", timeout);
    const meta = isObj(models) && Array.isArray(models.data) && isObj(models.data[0]) && isObj(models.data[0].meta) ? models.data[0].meta : {};
    vocab = num(meta.n_vocab) ?? 0;
    train = num(meta.n_ctx_train);
  } finally {
    await probe.close();
  }
  if (perSlot !== undefined && perSlot < opts.ctx) throw new Error(`llama-server at ${address.baseUrl}: a slot holds ${perSlot} tokens, --ctx ${opts.ctx} needs that many; start it with -c ${opts.ctx} x slots (or fewer -np)`);
  const concurrency = opts.concurrency ?? Math.max(1, slots);
  const client = new HttpClient(address, { connections: concurrency, apiKey: opts.apiKey });
  const tokenize = async (text: string, special: boolean): Promise<number[]> => {
    const r = await client.postJson("/tokenize", JSON.stringify({ content: text, add_special: special }), timeout);
    if (!isObj(r) || !Array.isArray(r.tokens)) throw new Error(`llama-server /tokenize: expected {tokens: [...]}`);
    return r.tokens.map((t) => (typeof t === "number" ? t : isObj(t) ? Number(t.id) : NaN));
  };
  const bos = bosFrom(await tokenize("a", true), await tokenize("a", false));

  async function position(prefix: readonly number[], actual: number): Promise<PositionScores> {
    const body = JSON.stringify({ prompt: prefix, n_predict: 1, n_probs: opts.topK, cache_prompt: true, temperature: 0, logit_bias: [[actual, 100]] });
    const r = await client.postJson("/completion", body, timeout);
    const cp = isObj(r) && Array.isArray(r.completion_probabilities) ? r.completion_probabilities[0] : undefined;
    if (!isObj(cp) || !Array.isArray(cp.top_logprobs)) throw new Error(`llama-server /completion: no completion_probabilities[0].top_logprobs (needs a build with n_probs log-probs)`);
    if (cp.id !== actual) throw new Error(`llama-server /completion: generated token ${String(cp.id)}, expected the forced token ${actual}`);
    const top = cp.top_logprobs.filter(isObj);
    return { ids: top.map((t) => Number(t.id)), logprobs: top.map((t) => Number(t.logprob)), actual: Number(cp.logprob) };
  }

  return {
    vocabSize: vocab,
    addBosDefault: bos.addBos,
    bosToken: bos.bos,
    trainContext: train ?? perSlot ?? opts.ctx,
    tokenizerFingerprint: "",
    exact: false,
    topK: opts.topK,
    scorer: "llama-server",
    engineInfo: { api: "llama-server /completion", base_url: address.baseUrl, model_path: modelPath, slots, concurrency, top_k: opts.topK },
    async tokenize(text: string, addBos: boolean): Promise<number[]> {
      const ids = await tokenize(text, false);
      if (addBos) {
        if (bos.bos == null) throw new Error(`llama-server at ${address.baseUrl}: BOS requested but its tokenizer adds none`);
        ids.unshift(bos.bos);
      }
      return ids;
    },
    async scoreChunk(tokens: readonly number[], from: number, to: number): Promise<ChunkScores> {
      const rows = await pooled(to - from, concurrency, (r) => position(tokens.slice(0, from + r + 1), tokens[from + r + 1]!));
      return topKChunk(rows, opts.topK, from, "llama-server");
    },
    async close(): Promise<void> {
      await client.close();
    },
  };
}
