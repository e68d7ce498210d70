// OpenAI-compatible text completions (POST /v1/completions), for base models: the raw prompt,
// the benchmark's stop sequences.
import type { PromptSpec } from "./types.js";
import { ResponseFormatError } from "./errors.js";
import { expectChoices, finishReason, isObject, openAiUsage } from "./parse-util.js";
import type { GenerateResult, Generation, GenerationSettings, HttpProtocol } from "./types.js";

const WHAT = "completion response";

export const openAiCompletions: HttpProtocol = {
  kind: "completions",
  chat: false,
  path: "/v1/completions",
  supportsN: true,

  createPayload(spec: PromptSpec, gen: GenerationSettings, n: number, model: string | null): Record<string, unknown> {
    const p: Record<string, unknown> = {};
    if (model !== null) p.model = model;
    p.prompt = spec.prompt;
    p.max_tokens = gen.max_tokens;
    p.temperature = gen.temperature;
    if (gen.top_p !== undefined) p.top_p = gen.top_p;
    if (gen.seed !== undefined) p.seed = gen.seed;
    if (n !== 1) p.n = n;
    if (spec.stop?.length) p.stop = spec.stop;
    if (gen.logprobs) p.logprobs = gen.logprobs;
    if (gen.extra) Object.assign(p, gen.extra);
    return p;
  },

  parseGenerations(json: unknown): GenerateResult {
    const choices = expectChoices(json, WHAT);
    const generations = choices.map((c, i): Generation => {
      // `text: null` is an empty answer; no `text` at all is another API's body (a chat completion's `message`).
      if (!("text" in c)) throw new ResponseFormatError(`${WHAT}: choices[${i}] has no 'text'${"message" in c ? " (it has 'message': a chat completion)" : ""}`);
      if (c.text !== null && typeof c.text !== "string") throw new ResponseFormatError(`${WHAT}: choices[${i}].text: expected a string or null`);
      const g: Generation = { text: c.text ?? "", finish_reason: finishReason(c.finish_reason) };
      const lp = c.logprobs;
      if (isObject(lp) && Array.isArray(lp.top_logprobs) && isObject(lp.top_logprobs[0])) {
        const top: Record<string, number> = {};
        for (const [t, v] of Object.entries(lp.top_logprobs[0])) if (typeof v === "number") top[t] = v;
        if (Object.keys(top).length) g.first_token_logprobs = top;
      }
      return g;
    });
    return { generations, usage: openAiUsage(json as Record<string, unknown>) };
  },
};
