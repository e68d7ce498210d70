// How much context a run needs, measured with the model's own tokenizer before anything starts:
// each benchmark's longest prompts plus its max_tokens. A benchmark whose prompt cannot fit the
// model's trained context is refused up front instead of sending its doomed requests.
import type { AnyBenchmark } from "../benchmarks/types.js";
import type { PromptSpec } from "../backends/types.js";
import { UsageError } from "../util/usage-error.js";

/** Per-slot context given when the run needs less: stable across benchmark selections (it is part of the cache identity). */
export const DEFAULT_SLOT_CONTEXT = 8192;
/** Prompts measured per benchmark: the longest by characters (token counts follow length closely). */
const MEASURED = 32;
/** Chat mode: tokens the template may add per message, and once for the assistant turn. */
const CHAT_PER_MESSAGE = 8;
const CHAT_FIXED = 16;

export interface ContextNeed {
  benchmark: string;
  /** Tokens of the longest prompt measured (chat: message contents plus a template allowance). */
  longest_prompt_tokens: number;
  max_tokens: number;
  /** Prompts (among the longest measured) that cannot fit the trained context. */
  too_long: number;
}

export interface ContextPlan {
  /** Context tokens each slot / sequence gets. */
  per_slot: number;
  train_context: number;
  needs: ContextNeed[];
}

function promptChars(spec: PromptSpec, chat: boolean): number {
  return chat ? spec.messages.reduce((n, m) => n + m.content.length, 0) : spec.prompt.length;
}

function promptTokens(spec: PromptSpec, chat: boolean, count: (t: string) => number): number {
  if (!chat) return count(spec.prompt);
  return spec.messages.reduce((n, m) => n + count(m.content) + CHAT_PER_MESSAGE, CHAT_FIXED);
}

export interface FitOptions {
  dataDir?: string;
  limit?: number;
  systemPrompt?: string;
  chat: boolean;
  /** --max-tokens (else each benchmark's default). */
  maxTokens?: number;
  count: (text: string) => number;
  trainContext: number;
  modelName: string;
}

/** Measure each benchmark's need, refuse those whose prompts cannot fit, and choose the per-slot context. */
export async function planContext(benchmarks: AnyBenchmark[], o: FitOptions): Promise<ContextPlan> {
  const needs: ContextNeed[] = [];
  for (const bench of benchmarks) {
    const data = await bench.load({ dataDir: o.dataDir, limit: o.limit });
    const specs = data.items.map((item) => bench.prompt(item, { systemPrompt: o.systemPrompt }) as PromptSpec);
    const longest = specs.sort((a, b) => promptChars(b, o.chat) - promptChars(a, o.chat)).slice(0, MEASURED);
    const tokens = longest.map((s) => promptTokens(s, o.chat, o.count));
    needs.push({
      benchmark: bench.name,
      longest_prompt_tokens: Math.max(0, ...tokens),
      max_tokens: o.maxTokens ?? bench.defaults.max_tokens,
      too_long: tokens.filter((t) => t >= o.trainContext).length,
    });
  }
  const refused = needs.filter((n) => n.too_long > 0);
  if (refused.length) {
    const what = refused.map((n) => `${n.benchmark}'s longest prompt is ${n.longest_prompt_tokens} tokens`).join("; ");
    throw new UsageError(
      `${what}, but ${o.modelName} was trained on a ${o.trainContext}-token context: those requests cannot succeed; drop ${refused.map((n) => n.benchmark).join(", ")} from --benchmark or use a model with a longer context`,
    );
  }
  const need = Math.max(0, ...needs.map((n) => n.longest_prompt_tokens + n.max_tokens));
  return { per_slot: Math.min(o.trainContext, Math.max(DEFAULT_SLOT_CONTEXT, need)), train_context: o.trainContext, needs };
}
