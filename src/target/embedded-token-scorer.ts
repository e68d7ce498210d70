// Token scoring on the embedded engine (llama.cpp in process through node-llama-cpp): full next-token
// distributions from controlledEvaluate, one chunk at a time in one context sequence.
import { createHash } from "node:crypto";
import type { ChunkScores, TokenScorer } from "../backends/token-scorer.js";
import { cpuInfo } from "../system/gpu-info.js";
import { UsageError } from "../util/usage-error.js";
import { fixedPool } from "./pool.js";

export interface EmbeddedScorerOptions {
  modelPath: string;
  /** Tokens per evaluated chunk; the context and batch are this size. */
  ctx: number;
  /** CPU threads (fixed: minimum = ideal); default physical cores - 1, at least 1. */
  threads?: number;
  /** Lower ctx to the model's trained context instead of refusing a larger one. */
  ctxUpToTrain?: boolean;
  /** "auto" offloads to a GPU when a prebuilt binary finds one; false forces CPU. Default false. */
  gpu?: "auto" | false;
}

/** log of the smallest positive float32: what a probability that underflowed to 0 is taken to be. */
export const LOG_PROB_FLOOR = Math.log(1.401298464324817e-45);

type Nlc = typeof import("node-llama-cpp");
type Llama = Awaited<ReturnType<Nlc["getLlama"]>>;
type Model = Awaited<ReturnType<Llama["loadModel"]>>;

function vocabTokens(model: Model): string[] | null {
  const t = (model.fileInfo.metadata as { tokenizer?: { ggml?: { tokens?: unknown } } }).tokenizer?.ggml?.tokens;
  return Array.isArray(t) && t.every((x) => typeof x === "string") ? (t as string[]) : null;
}

function addBosFlag(model: Model): boolean {
  const v = (model.fileInfo.metadata as { tokenizer?: { ggml?: { add_bos_token?: unknown } } }).tokenizer?.ggml?.add_bos_token;
  return typeof v === "boolean" ? v : model.tokens.shouldPrependBosToken;
}

/** The CPU features the loaded ggml CPU backend was built for ("AVX2", "AVX512_VNNI", ...), from llama.cpp's system info. */
export function cpuFeatures(systemInfo: string): string[] {
  const m = /CPU : ([^\n]*)/.exec(systemInfo);
  if (!m) return [];
  return m[1]!
    .split("|")
    .map((x) => x.trim().split(" = "))
    .filter((kv) => kv.length === 2 && kv[1] === "1")
    .map((kv) => kv[0]!)
    .sort();
}

/** sha256 over the token strings in id order, NUL-separated. */
export function fingerprintTokens(tokens: readonly string[]): string {
  const h = createHash("sha256");
  for (const t of tokens) h.update(t).update("\0");
  return h.digest("hex");
}

// One Llama per GPU setting for the process: each getLlama() call loads its own backend instance.
const llamas = new Map<string, Promise<Llama>>();
async function sharedLlama(gpu: "auto" | false): Promise<Llama> {
  const key = String(gpu);
  let l = llamas.get(key);
  if (!l) {
    const nlc: Nlc = await import("node-llama-cpp");
    l = nlc.getLlama({ gpu, build: "never", logLevel: nlc.LlamaLogLevel.error, progressLogs: false });
    llamas.set(key, l);
  }
  return l;
}

export async function createEmbeddedTokenScorer(opts: EmbeddedScorerOptions): Promise<TokenScorer> {
  const llama = await sharedLlama(opts.gpu ?? false);
  const model = await llama.loadModel({ modelPath: opts.modelPath });
  const trainContext = model.trainContextSize;
  if (opts.ctxUpToTrain) opts = { ...opts, ctx: Math.min(opts.ctx, trainContext) };
  if (!Number.isInteger(opts.ctx) || opts.ctx < 2) {
    await model.dispose();
    throw new UsageError(`ctx: expected an integer of at least 2, got ${opts.ctx}`);
  }
  if (opts.ctx > trainContext) {
    await model.dispose();
    throw new UsageError(`ctx: ${opts.ctx} is above the model's trained context of ${trainContext} tokens (${opts.modelPath})`);
  }
  const names = vocabTokens(model);
  const vocabSize = names?.length ?? 0;
  if (!names || vocabSize === 0) {
    await model.dispose();
    throw new Error(`${opts.modelPath}: the GGUF has no tokenizer.ggml.tokens list; cannot fingerprint its vocabulary`);
  }
  const threads = opts.threads ?? Math.max(1, cpuInfo().physical_cores - 1);
  // One sequence: with several sequences scoring chunks concurrently, node-llama-cpp 3.21.1 sometimes
  // returned wrong distributions (PPL 113 instead of 32 on the same text), and it was no faster here.
  const parallel = 1;
  const context = await model.createContext({
    contextSize: opts.ctx,
    batchSize: opts.ctx,
    sequences: parallel,
    threads: { ideal: threads, min: threads },
  });
  const sequences = fixedPool(Array.from({ length: parallel }, () => context.getSequence()));
  const bos = model.tokens.bos;
  const want = { generateNext: { probabilities: true, options: { temperature: 0 } } } as const;

  return {
    vocabSize,
    addBosDefault: addBosFlag(model),
    bosToken: bos,
    trainContext,
    tokenizerFingerprint: fingerprintTokens(names),
    exact: true,
    scorer: "embedded",
    engineInfo: { library: "node-llama-cpp", gpu: llama.gpu, threads, ctx: opts.ctx, parallel, cpu_features: cpuFeatures(llama.systemInfo) },
    async tokenize(text: string, addBos: boolean): Promise<number[]> {
      const ids = Array.from(model.tokenize(text, false) as unknown as Iterable<number>);
      if (addBos) {
        if (bos == null) throw new Error(`${opts.modelPath}: BOS requested but the model has no BOS token`);
        ids.unshift(bos);
      }
      return ids;
    },
    async completionPromptTokens(prompt: string): Promise<number[]> {
      // As node-llama-cpp's LlamaCompletion (the embedded engine's completion mode) evaluates a prompt:
      // its beginning token, then the text tokenized with the leading space trimmed.
      const v = String(model.vocabularyType);
      const first = v === "rwkv" || v === "ugm" ? null : v === "wpm" || model.tokens.shouldPrependBosToken ? bos : null;
      const ids = Array.from(model.tokenize(prompt, false, first != null ? "trimLeadingSpace" : undefined) as unknown as Iterable<number>);
      return first != null ? [first, ...ids] : ids;
    },
    async scoreChunk(tokens: readonly number[], from: number, to: number): Promise<ChunkScores> {
      if (tokens.length > opts.ctx) throw new Error(`scoreChunk: ${tokens.length} tokens exceed the context of ${opts.ctx}`);
      if (!(from >= 0 && from <= to && to <= tokens.length - 1)) throw new Error(`scoreChunk: bad range [${from}, ${to}) for ${tokens.length} tokens`);
      const seq = await sequences.acquire();
      try {
        await seq.clearHistory();
        const input = tokens.map((t, j) => (j >= from && j < to ? ([t, want] as const) : t)) as Parameters<typeof seq.controlledEvaluate>[0];
        const out = await seq.controlledEvaluate(input);
        const n = to - from;
        const logprobs = new Float32Array(n * vocabSize);
        for (let r = 0; r < n; r++) {
          const probs = out[from + r]?.next.probabilities;
          if (!probs || probs.size !== vocabSize) {
            throw new Error(`scoreChunk: position ${from + r} came back with ${probs?.size ?? 0} probabilities, expected ${vocabSize}`);
          }
          // node-llama-cpp normalizes with a float32 sum; renormalize in double so each row sums to 1.
          let sum = 0;
          for (const p of probs.values()) sum += p;
          const logSum = Math.log(sum);
          const row = r * vocabSize;
          for (const [id, p] of probs) logprobs[row + id] = p > 0 ? Math.log(p) - logSum : LOG_PROB_FLOOR;
        }
        return { exact: true, vocabSize, logprobs };
      } finally {
        sequences.release(seq);
      }
    },
    async close(): Promise<void> {
      await context.dispose();
      await model.dispose();
    },
  };
}
