// llama.cpp's native `POST /completion` (llama-server): its own payload (`n_predict`, `stop`,
// `cache_prompt`, `n_probs`), one sample per request (no `n`), the raw prompt.
import type { PromptSpec } from "./types.js";
import { ResponseFormatError } from "./errors.js";
import { expectObject, isObject, logprobRecord } from "./parse-util.js";
import type { GenerateResult, Generation, GenerationSettings, HttpProtocol, TokenUsage } from "./types.js";

const WHAT = "llama.cpp /completion response";

function firstTokenLogprobs(probs: unknown): Record<string, number> | undefined {
  if (!Array.isArray(probs) || !isObject(probs[0])) return undefined;
  const first = probs[0];
  // Current servers: {token, logprob, top_logprobs: [{token, logprob}]}.
  const top = logprobRecord(first.top_logprobs);
  if (top) return top;
  // Older servers: {content, probs: [{tok_str, prob}]}.
  if (!Array.isArray(first.probs)) return undefined;
  const out: Record<string, number> = {};
  for (const p of first.probs) {
    if (isObject(p) && typeof p.tok_str === "string" && typeof p.prob === "number" && !(p.tok_str in out)) out[p.tok_str] = Math.log(p.prob);
  }
  return Object.keys(out).length ? out : undefined;
}

export const llamaCppCompletion: HttpProtocol = {
  kind: "llamacpp",
  chat: false,
  path: "/completion",
  supportsN: false,

  createPayload(spec: PromptSpec, gen: GenerationSettings, _n: number, _model: string | null): Record<string, unknown> {
    const p: Record<string, unknown> = { prompt: spec.prompt, n_predict: gen.max_tokens, temperature: gen.temperature, cache_prompt: true };
    if (gen.top_p !== undefined) p.top_p = gen.top_p;
    if (gen.seed !== undefined) p.seed = gen.seed;
    if (spec.stop?.length) p.stop = spec.stop;
    if (gen.logprobs) p.n_probs = gen.logprobs;
    if (gen.extra) Object.assign(p, gen.extra);
    return p;
  },

  parseGenerations(json: unknown): GenerateResult {
    const o = expectObject(json, WHAT);
    // `content: null` is an empty answer; no `content` at all is another API's body (an OpenAI server's `choices`).
    if (!("content" in o)) throw new ResponseFormatError(`${WHAT}: no 'content' field${"choices" in o ? " (the body has 'choices': an OpenAI-style server)" : ""}`);
    if (o.content !== null && typeof o.content !== "string") throw new ResponseFormatError(`${WHAT}: 'content': expected a string or null`);
    const limit = o.stop_type === "limit" || o.stopped_limit === true;
    const g: Generation = { text: o.content ?? "", finish_reason: limit ? "length" : "stop" };
    const top = firstTokenLogprobs(o.completion_probabilities);
    if (top) g.first_token_logprobs = top;
    let usage: TokenUsage | undefined;
    if (typeof o.tokens_evaluated === "number" && typeof o.tokens_predicted === "number") {
      usage = { prompt_tokens: o.tokens_evaluated, completion_tokens: o.tokens_predicted };
    }
    return { generations: [g], usage };
  },
};
