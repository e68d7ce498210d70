// Token scoring through vLLM's /v1/completions with prompt_logprobs: one request per chunk, the chunk
// as a token-id prompt; prompt_logprobs[i] holds the top K of the distribution that predicts prompt
// token i (plus token i itself when it is not among them). vLLM caps K with --max-logprobs (20 by
// default). Tokenization through vLLM's /tokenize.
import { HttpClient, parseServerAddress } from "./http-client.js";
import type { ChunkScores, TokenScorer } from "./token-scorer.js";
import { bosFrom, isObj, pooled, topKChunk, type PositionScores } from "./server-scorer-common.js";
import type { ServerScorerOptions } from "./llama-server-scorer.js";

/** Top-K and the actual token's log-prob from one prompt_logprobs entry ({id: {logprob, rank}}). */
export function fromRankedEntry(entry: unknown, actual: number, k: number, what: string): PositionScores {
  if (!isObj(entry)) throw new Error(`${what}: expected an object of token log-probs`);
  const list = Object.entries(entry).map(([id, v]) => ({ id: Number(id), lp: isObj(v) ? Number(v.logprob) : Number(v) }));
  const a = list.find((x) => x.id === actual);
  if (!a) throw new Error(`${what}: the actual token ${actual} is missing`);
  // K + 1 entries when the actual token is outside the top K: it is then the least probable one.
  const top = list.sort((x, y) => y.lp - x.lp).slice(0, k);
  return { ids: top.map((x) => x.id), logprobs: top.map((x) => x.lp), actual: a.lp };
}

export async function createVllmScorer(opts: ServerScorerOptions): Promise<TokenScorer> {
  const address = parseServerAddress(opts.baseUrl);
  const concurrency = opts.concurrency ?? 8;
  const client = new HttpClient(address, { connections: concurrency, apiKey: opts.apiKey });
  const timeout = opts.timeoutMs ?? 120_000;
  const models = await client.getJson("/v1/models", timeout);
  const first = isObj(models) && Array.isArray(models.data) && isObj(models.data[0]) ? models.data[0] : {};
  const model = opts.model ?? (typeof first.id === "string" ? first.id : "");
  const maxLen = typeof first.max_model_len === "number" ? first.max_model_len : opts.ctx;
  const tokenize = async (text: string, special: boolean): Promise<number[]> => {
    const r = await client.postJson("/tokenize", JSON.stringify({ model, prompt: text, add_special_tokens: special }), timeout);
    if (!isObj(r) || !Array.isArray(r.tokens)) throw new Error("vLLM /tokenize: expected {tokens: [...]}");
    return r.tokens.map(Number);
  };
  const bos = bosFrom(await tokenize("a", true), await tokenize("a", false));
  return {
    vocabSize: 0,
    addBosDefault: bos.addBos,
    bosToken: bos.bos,
    trainContext: maxLen,
    tokenizerFingerprint: "",
    exact: false,
    topK: opts.topK,
    scorer: "vllm",
    engineInfo: { api: "vLLM /v1/completions prompt_logprobs", base_url: address.baseUrl, model, concurrency, top_k: opts.topK },
    async tokenize(text: string, addBos: boolean): Promise<number[]> {
      const ids = await tokenize(text, false);
      if (addBos) {
        if (bos.bos == null) throw new Error(`vLLM at ${address.baseUrl}: BOS requested but its tokenizer adds none`);
        ids.unshift(bos.bos);
      }
      return ids;
    },
    async scoreChunk(tokens: readonly number[], from: number, to: number): Promise<ChunkScores> {
      const body = JSON.stringify({ model, prompt: tokens, max_tokens: 1, temperature: 0, prompt_logprobs: opts.topK });
      const r = await client.postJson("/v1/completions", body, timeout);
      const choice = isObj(r) && Array.isArray(r.choices) ? r.choices[0] : undefined;
      const pl = isObj(choice) && Array.isArray(choice.prompt_logprobs) ? choice.prompt_logprobs : null;
      if (!pl || pl.length < to + 1) throw new Error(`vLLM /v1/completions: no prompt_logprobs for ${to + 1} prompt tokens (vLLM caps K with --max-logprobs; K = ${opts.topK})`);
      const rows = await pooled(to - from, 1, async (r) => fromRankedEntry(pl[from + r + 1], tokens[from + r + 1]!, opts.topK, `vLLM prompt_logprobs[${from + r + 1}]`));
      return topKChunk(rows, opts.topK, from, "vLLM");
    },
    async close(): Promise<void> {
      await client.close();
    },
  };
}
