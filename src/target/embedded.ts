// The embedded engine: llama.cpp in process through node-llama-cpp, behind the runner's Backend interface.
// Chat through the model's own chat template when the GGUF carries one; plain completion otherwise.
import type { Backend, GenerateResult, GenerationSettings, PromptSpec, ServerInfo } from "../backends/types.js";
import { BackendError, CancelledError } from "../backends/errors.js";
import { cpuInfo } from "../system/gpu-info.js";
import { fixedPool } from "./pool.js";

export interface EmbeddedOptions {
  modelPath: string;
  /** Sequences decoded in parallel (the runner's concurrency). */
  parallel: number;
  /** CPU threads; default: physical cores (more than that made a 2-core machine 2,500x slower). */
  threads?: number;
  /** Context tokens per sequence (default: min(train context, 4096)). */
  contextSize?: number;
  /** "auto" offloads to a GPU when a prebuilt binary finds one; false forces CPU. */
  gpu?: "auto" | false;
  /** Model id reported in results. */
  modelId: string;
}

type Llama = Awaited<ReturnType<typeof import("node-llama-cpp")["getLlama"]>>;

function finishReason(stop: string | undefined): string {
  return stop === "maxTokens" ? "length" : stop === "abort" ? "abort" : "stop";
}

export async function createEmbeddedBackend(opts: EmbeddedOptions): Promise<Backend & { engineInfo: Record<string, unknown> }> {
  const nlc = await import("node-llama-cpp");
  const llama: Llama = await nlc.getLlama({ gpu: opts.gpu ?? "auto", build: "never", logLevel: nlc.LlamaLogLevel.error, progressLogs: false });
  const model = await llama.loadModel({ modelPath: opts.modelPath });
  const hasTemplate = typeof (model.fileInfo.metadata as { tokenizer?: { chat_template?: unknown } }).tokenizer?.chat_template === "string";
  // One core is left to the rest of the run (HTTP-free, but scoring and sandboxes run alongside):
  // llama.cpp threads that compete for cores spin and slow down by orders of magnitude.
  const threads = opts.threads ?? Math.max(1, cpuInfo().physical_cores - 1);
  const contextSize = Math.min(model.trainContextSize, opts.contextSize ?? 4096);
  const parallel = Math.max(1, opts.parallel);
  const context = await model.createContext({ contextSize, sequences: parallel, threads });
  // A fixed pool of sequences, reused (history cleared) between requests.
  const sequences = fixedPool(Array.from({ length: parallel }, () => context.getSequence()));
  const aborts = new Set<AbortController>();
  const chatWrapper = hasTemplate ? nlc.resolveChatWrapper(model) : null;
  const info: ServerInfo = { model: opts.modelId, modelIds: [opts.modelId], slots: parallel, serverModelPath: opts.modelPath };

  type Token = ReturnType<typeof model.tokenize>[number];
  /**
   * Completion mode decodes as llama-server does: the prompt's tokens with BOS when the vocabulary
   * asks for one, then the sampler alone (no repeat penalty), stopping at an end-of-generation
   * token, a stop string or max_tokens; the text keeps the space the first token carries after the
   * prompt. (node-llama-cpp's LlamaCompletion adds no BOS and post-processes the text: on the same
   * file it gave other greedy answers than llama-server.)
   */
  async function complete(
    seq: ReturnType<typeof context.getSequence>,
    prompt: Token[],
    gen: GenerationSettings,
    stops: string[],
    signal: AbortSignal,
  ): Promise<{ text: string; stop: string }> {
    const tail = prompt.slice(-4);
    const out: Token[] = [];
    // llama-server's sampler defaults where the request sets nothing (top_k 40, top_p 0.95, min_p 0.05).
    const sampling = {
      temperature: gen.temperature,
      topK: 40,
      topP: gen.top_p ?? 0.95,
      minP: 0.05,
      ...(gen.seed !== undefined ? { seed: gen.seed } : {}),
    };
    const textOf = (): string => model.detokenize(out, false, tail);
    for await (const t of seq.evaluate(prompt, sampling)) {
      if (signal.aborted) return { text: textOf(), stop: "abort" };
      if (model.isEogToken(t)) return { text: textOf(), stop: "eogToken" };
      out.push(t);
      if (stops.length) {
        const text = textOf();
        const hit = stops.map((s) => text.indexOf(s)).filter((i) => i >= 0);
        if (hit.length) return { text: text.slice(0, Math.min(...hit)), stop: "customStopTrigger" };
      }
      if (out.length >= gen.max_tokens) return { text: textOf(), stop: "maxTokens" };
      if (prompt.length + out.length >= contextSize) return { text: textOf(), stop: "maxTokens" };
    }
    return { text: textOf(), stop: "eogToken" };
  }

  async function runOne(spec: PromptSpec, gen: GenerationSettings, signal: AbortSignal): Promise<{ text: string; stop: string | undefined; promptTokens: number }> {
    const seq = await sequences.acquire();
    try {
      await seq.clearHistory();
      const common = {
        maxTokens: gen.max_tokens,
        temperature: gen.temperature,
        ...(gen.top_p !== undefined ? { topP: gen.top_p } : {}),
        ...(gen.seed !== undefined ? { seed: gen.seed } : {}),
        signal,
        stopOnAbortSignal: true,
        // node-llama-cpp penalises the last 64 tokens by default; servers (llama-server, vLLM) do not.
        repeatPenalty: false as const,
      };
      if (hasTemplate && chatWrapper) {
        const chat = new nlc.LlamaChat({ contextSequence: seq, chatWrapper });
        const history: Array<Record<string, unknown>> = [];
        for (const m of spec.messages) {
          if (m.role === "system") history.push({ type: "system", text: m.content });
          else if (m.role === "user") history.push({ type: "user", text: m.content });
          else history.push({ type: "model", response: [m.content] });
        }
        history.push({ type: "model", response: [] });
        const r = await chat.generateResponse(history as never, { ...common, ...(spec.chatStop?.length ? { customStopTriggers: spec.chatStop } : {}) });
        chat.dispose({ disposeSequence: false });
        return { text: r.response, stop: r.metadata.stopReason, promptTokens: 0 };
      }
      const bos = model.tokens.shouldPrependBosToken ? model.tokens.bos : null;
      const prompt = [...(bos !== null ? [bos] : []), ...model.tokenize(spec.prompt)];
      const promptTokens = prompt.length;
      if (promptTokens >= contextSize) throw new BackendError(`prompt has ${promptTokens} tokens, more than the context (${contextSize})`, false);
      const r = await complete(seq, prompt, gen, spec.stop ?? [], signal);
      return { text: r.text, stop: r.stop, promptTokens };
    } finally {
      sequences.release(seq);
    }
  }

  const backend: Backend & { engineInfo: Record<string, unknown> } = {
    kind: "embedded",
    chat: hasTemplate,
    baseUrl: null,
    info,
    maxN: 1,
    engineInfo: { library: "node-llama-cpp", gpu: llama.gpu, threads, context_size: contextSize, parallel, chat_template: hasTemplate },
    describe(spec: PromptSpec, gen: GenerationSettings): unknown {
      return {
        engine: "embedded",
        ...(hasTemplate ? { messages: spec.messages, stop: spec.chatStop ?? [] } : { prompt: spec.prompt, stop: spec.stop ?? [] }),
        max_tokens: gen.max_tokens,
        temperature: gen.temperature,
        top_p: gen.top_p ?? null,
        seed: gen.seed ?? null,
      };
    },
    async generate(spec, gen, n): Promise<GenerateResult> {
      const generations: GenerateResult["generations"] = [];
      let prompt_tokens = 0;
      let completion_tokens = 0;
      for (let i = 0; i < Math.max(1, n); i++) {
        const ac = new AbortController();
        aborts.add(ac);
        try {
          const r = await runOne(spec, gen, ac.signal);
          if (ac.signal.aborted) throw new CancelledError();
          generations.push({ text: r.text, finish_reason: finishReason(r.stop) });
          prompt_tokens += r.promptTokens;
          completion_tokens += model.tokenize(r.text).length;
        } catch (err) {
          if (err instanceof BackendError) throw err;
          throw new BackendError(`embedded engine: ${(err as Error).message}`, false);
        } finally {
          aborts.delete(ac);
        }
      }
      return { generations, usage: { prompt_tokens, completion_tokens } };
    },
    cancelAll(): void {
      for (const a of aborts) a.abort();
    },
    async close(): Promise<void> {
      await context.dispose();
      await model.dispose();
      await llama.dispose();
    },
  };
  return backend;
}
