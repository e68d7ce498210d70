// OpenAI-compatible chat completions (POST /v1/chat/completions): vLLM, SGLang, llama-server,
// Ollama, LM Studio. Reasoning servers put the thinking in `reasoning_content` (or `reasoning`).
import type { PromptSpec } from "./types.js";
import { ResponseFormatError } from "./errors.js";
import { expectChoices, expectObject, finishReason, isObject, logprobRecord, openAiUsage } from "./parse-util.js";
import type { GenerateResult, Generation, GenerationSettings, HttpProtocol } from "./types.js";

const WHAT = "chat completion response";

export const openAiChat: HttpProtocol = {
  kind: "chat",
  chat: true,
  path: "/v1/chat/completions",
  supportsN: true,

  createPayload(spec: PromptSpec, gen: GenerationSettings, n: number, model: string | null): Record<string, unknown> {
    const p: Record<string, unknown> = {};
    if (model !== null) p.model = model;
    p.messages = spec.messages;
    p.max_tokens = gen.max_tokens;
    p.temperature = gen.temperature;
    if (gen.top_p !== undefined) p.top_p = gen.top_p;
    if (gen.seed !== undefined) p.seed = gen.seed;
    if (n !== 1) p.n = n;
    if (spec.chatStop?.length) p.stop = spec.chatStop;
    if (gen.logprobs) {
      p.logprobs = true;
      p.top_logprobs = gen.logprobs;
    }
    if (gen.extra) Object.assign(p, gen.extra);
    return p;
  },

  parseGenerations(json: unknown): GenerateResult {
    const choices = expectChoices(json, WHAT);
    const generations = choices.map((c, i): Generation => {
      const msg = expectObject(c.message, `${WHAT}: choices[${i}].message`);
      const content = msg.content;
      if (content !== null && content !== undefined && typeof content !== "string") {
        throw new ResponseFormatError(`${WHAT}: choices[${i}].message.content: expected a string or null`);
      }
      const g: Generation = { text: content ?? "", finish_reason: finishReason(c.finish_reason) };
      const reasoning = typeof msg.reasoning_content === "string" ? msg.reasoning_content : typeof msg.reasoning === "string" ? msg.reasoning : undefined;
      if (reasoning) g.reasoning = reasoning;
      const lp = isObject(c.logprobs) && Array.isArray(c.logprobs.content) ? (c.logprobs.content[0] as unknown) : undefined;
      const top = isObject(lp) ? logprobRecord(lp.top_logprobs) : undefined;
      if (top) g.first_token_logprobs = top;
      return g;
    });
    return { generations, usage: openAiUsage(json as Record<string, unknown>) };
  },
};
