// Token scoring through SGLang's native /generate: one request per chunk with input_ids,
// return_logprob, logprob_start_len 0 and top_logprobs_num K. meta_info.input_token_logprobs[i] is
// [logprob, id, text] of input token i given the tokens before it, input_top_logprobs[i] the top K
// of that distribution (entry 0 is null). Tokenization: /generate on the text with no new tokens,
// which returns the input token ids (with BOS when the tokenizer adds one).
import { HttpClient, parseServerAddress } from "./http-client.js";
import type { ChunkScores, TokenScorer } from "./token-scorer.js";
import { isObj, topKChunk, type PositionScores } from "./server-scorer-common.js";
import type { ServerScorerOptions } from "./llama-server-scorer.js";

type Triple = [number | null, number, unknown];

function triples(v: unknown, what: string): Triple[] {
  if (!Array.isArray(v)) throw new Error(`${what}: expected an array of [logprob, id, text]`);
  return v.map((t) => (Array.isArray(t) ? ([t[0] as number | null, Number(t[1]), t[2]] as Triple) : ([null, NaN, null] as Triple)));
}

export async function createSglangScorer(opts: ServerScorerOptions): Promise<TokenScorer> {
  const address = parseServerAddress(opts.baseUrl);
  const concurrency = opts.concurrency ?? 8;
  const client = new HttpClient(address, { connections: concurrency, apiKey: opts.apiKey });
  const timeout = opts.timeoutMs ?? 120_000;
  const info = await client.getJson("/get_model_info", timeout).catch(() => ({}));
  const generate = async (payload: Record<string, unknown>): Promise<Record<string, unknown>> => {
    const r = await client.postJson("/generate", JSON.stringify({ sampling_params: { max_new_tokens: 0, temperature: 0 }, return_logprob: true, logprob_start_len: 0, ...payload }), timeout);
    const meta = isObj(r) && isObj(r.meta_info) ? r.meta_info : null;
    if (!meta) throw new Error("SGLang /generate: no meta_info in the answer");
    return meta;
  };
  const idsOf = async (text: string): Promise<number[]> => triples((await generate({ text })).input_token_logprobs, "SGLang input_token_logprobs").map((t) => t[1]);
  // Two different one-character texts that start with the same token: that token is the BOS the tokenizer adds.
  const [a, b] = [await idsOf("a"), await idsOf("b")];
  const addBos = a.length >= 2 && b.length >= 2 && a[0] === b[0];
  const bos = addBos ? a[0]! : null;
  return {
    vocabSize: 0,
    addBosDefault: addBos,
    bosToken: bos,
    // SGLang does not report the trained context here; the server refuses a chunk that does not fit.
    trainContext: opts.ctx,
    tokenizerFingerprint: "",
    exact: false,
    topK: opts.topK,
    scorer: "sglang",
    engineInfo: { api: "SGLang /generate input logprobs", base_url: address.baseUrl, model: isObj(info) ? (info.model_path ?? null) : null, concurrency, top_k: opts.topK },
    async tokenize(text: string, wantBos: boolean): Promise<number[]> {
      const ids = await idsOf(text);
      if (addBos) ids.shift();
      if (wantBos) {
        if (bos == null) throw new Error(`SGLang at ${address.baseUrl}: BOS requested but its tokenizer adds none`);
        ids.unshift(bos);
      }
      return ids;
    },
    async scoreChunk(tokens: readonly number[], from: number, to: number): Promise<ChunkScores> {
      const meta = await generate({ input_ids: tokens, top_logprobs_num: opts.topK });
      const inp = triples(meta.input_token_logprobs, "SGLang input_token_logprobs");
      const top = Array.isArray(meta.input_top_logprobs) ? meta.input_top_logprobs : [];
      if (inp.length < to + 1 || top.length < to + 1) throw new Error(`SGLang /generate: input log-probs for ${inp.length} of ${to + 1} tokens`);
      const rows: PositionScores[] = [];
      for (let j = from; j < to; j++) {
        const t = triples(top[j + 1], `SGLang input_top_logprobs[${j + 1}]`);
        const actual = inp[j + 1]!;
        if (actual[1] !== tokens[j + 1]) throw new Error(`SGLang: input token ${j + 1} is ${actual[1]}, expected ${tokens[j + 1]}`);
        rows.push({ ids: t.map((x) => x[1]), logprobs: t.map((x) => Number(x[0])), actual: Number(actual[0]) });
      }
      return topKChunk(rows, opts.topK, from, "SGLang");
    },
    async close(): Promise<void> {
      await client.close();
    },
  };
}
