// What a run would send, without sending it: per benchmark the items and samples after --limit and
// --shard, the generation settings of its requests, its first rendered prompt, and (given a context
// plan from the model's tokenizer) the context its longest prompt needs.
import type { GenerationSettings, PromptSpec } from "../backends/types.js";
import type { AnyBenchmark } from "../benchmarks/types.js";
import type { ContextPlan } from "./context-fit.js";
import { generationFor, type GenerationOverrides } from "./evaluate.js";
import { selectShard, type Shard } from "./shard.js";

export interface DryRunBenchmark {
  benchmark: string;
  protocol: string;
  items: number;
  samples_per_item: number;
  /** items × samples: the answers to generate (a server that honours `n` gets several per request). */
  samples: number;
  generation: GenerationSettings;
  first_item: string | null;
  /** The first prompt as sent: chat messages, or the raw text in completion mode. */
  first_prompt: { messages: PromptSpec["messages"] } | { prompt: string } | null;
  /** From the model's tokenizer (GGUF only). */
  context?: { longest_prompt_tokens: number; max_tokens: number; needed: number };
}

export interface DryRunPlan {
  mode: "chat" | "completion";
  benchmarks: DryRunBenchmark[];
  /** Context each server slot would get, and the model's trained context (GGUF only). */
  context?: { per_slot: number; train_context: number };
}

export interface DryRunOptions {
  benchmarks: AnyBenchmark[];
  chat: boolean;
  limit?: number;
  dataDir?: string;
  shard?: Shard;
  overrides?: GenerationOverrides;
  systemPrompt?: string;
  samples?: number;
  contextPlan?: ContextPlan | null;
}

export async function planDryRun(o: DryRunOptions): Promise<DryRunPlan> {
  const out: DryRunBenchmark[] = [];
  for (const bench of o.benchmarks) {
    const full = await bench.load({ dataDir: o.dataDir, limit: o.limit });
    const ids = full.items.map((it) => bench.itemId(it));
    const items = o.shard ? selectShard(bench.name, full.items, ids, o.shard) : full.items;
    const perItem = bench.samplesPerItem !== undefined ? (o.samples ?? bench.samplesPerItem) : 1;
    const first = items[0];
    const spec = first !== undefined ? bench.prompt(first, { systemPrompt: o.systemPrompt }) : undefined;
    const b: DryRunBenchmark = {
      benchmark: bench.name,
      protocol: bench.protocol,
      items: items.length,
      samples_per_item: perItem,
      samples: items.length * perItem,
      generation: generationFor(bench, o.overrides ?? {}),
      first_item: first !== undefined ? bench.itemId(first) : null,
      first_prompt: spec === undefined ? null : o.chat ? { messages: spec.messages } : { prompt: spec.prompt },
    };
    const need = o.contextPlan?.needs.find((n) => n.benchmark === bench.name);
    if (need) b.context = { longest_prompt_tokens: need.longest_prompt_tokens, max_tokens: need.max_tokens, needed: need.longest_prompt_tokens + need.max_tokens };
    out.push(b);
  }
  const plan: DryRunPlan = { mode: o.chat ? "chat" : "completion", benchmarks: out };
  if (o.contextPlan) plan.context = { per_slot: o.contextPlan.per_slot, train_context: o.contextPlan.train_context };
  return plan;
}
