// The token scorer a perplexity run uses: the embedded engine for a GGUF model file (full
// distributions: exact), or the API of a running server (top-K log-probs: llama-server, vLLM, SGLang).
import type { TokenScorer } from "../backends/token-scorer.js";
import { createLlamaServerScorer } from "../backends/llama-server-scorer.js";
import { createVllmScorer } from "../backends/vllm-scorer.js";
import { createSglangScorer } from "../backends/sglang-scorer.js";
import { HttpClient, parseServerAddress } from "../backends/http-client.js";
import { resolveModelPath } from "../model/resolve-path.js";
import { UsageError } from "../util/usage-error.js";
import { createEmbeddedTokenScorer } from "./embedded-token-scorer.js";

export const SCORER_CHOICES = ["auto", "embedded", "llama-server", "vllm", "sglang"] as const;
export type ScorerChoice = (typeof SCORER_CHOICES)[number];

/** K asked of a server when --top-k is not given (vLLM's --max-logprobs default). */
export const SERVER_DEFAULT_TOP_K = 20;

export interface TokenScorerRequest {
  scorer: ScorerChoice;
  /** --model: a GGUF file for the embedded scorer. */
  modelPath?: string;
  /** --base-url / --port: a running server. */
  baseUrl?: string;
  ctx: number;
  /** Embedded: lower ctx to the model's trained context instead of refusing a larger one. */
  ctxUpToTrain?: boolean;
  topK?: number | "all";
  threads?: number;
  concurrency?: number;
  apiKey?: string;
}

/** Which API a running server speaks: llama.cpp's /props, SGLang's /get_model_info, else vLLM (OpenAI). */
export async function detectServerScorer(baseUrl: string, apiKey?: string): Promise<"llama-server" | "vllm" | "sglang"> {
  const c = new HttpClient(parseServerAddress(baseUrl), { connections: 1, apiKey });
  try {
    const ok = async (path: string): Promise<boolean> => {
      try {
        await c.getJson(path, 10_000);
        return true;
      } catch {
        return false;
      }
    };
    if (await ok("/props")) return "llama-server";
    if (await ok("/get_model_info")) return "sglang";
    return "vllm";
  } finally {
    await c.close();
  }
}

export async function openTokenScorer(req: TokenScorerRequest): Promise<TokenScorer> {
  let kind = req.scorer;
  if (kind === "auto") {
    if (req.modelPath !== undefined && resolveModelPath(req.modelPath).format === "gguf") kind = "embedded";
    else if (req.baseUrl !== undefined) kind = await detectServerScorer(req.baseUrl, req.apiKey);
    else throw new UsageError("eval: perplexity needs a GGUF --model (embedded scorer) or a running server (--base-url/--port)");
  }
  if (kind === "embedded") {
    if (req.modelPath === undefined) throw new UsageError("eval: --scorer embedded needs --model FILE.gguf");
    const m = resolveModelPath(req.modelPath);
    if (m.format !== "gguf") throw new UsageError(`eval: --scorer embedded needs a GGUF model; ${req.modelPath} is ${m.format}`);
    return createEmbeddedTokenScorer({ modelPath: m.primary, ctx: req.ctx, ...(req.ctxUpToTrain ? { ctxUpToTrain: true } : {}), ...(req.threads !== undefined ? { threads: req.threads } : {}) });
  }
  if (req.baseUrl === undefined) throw new UsageError(`eval: --scorer ${kind} needs the running server's --base-url or --port`);
  if (req.topK === "all") throw new UsageError(`eval: --top-k all needs full distributions (the embedded scorer); ${kind} gives the top K only`);
  const opts = { baseUrl: req.baseUrl, ctx: req.ctx, topK: req.topK ?? SERVER_DEFAULT_TOP_K, ...(req.concurrency !== undefined ? { concurrency: req.concurrency } : {}), ...(req.apiKey ? { apiKey: req.apiKey } : {}) };
  if (kind === "llama-server") return createLlamaServerScorer(opts);
  if (kind === "vllm") return createVllmScorer(opts);
  return createSglangScorer(opts);
}
