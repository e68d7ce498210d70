// Before an engine is started for a GGUF: how much context each slot needs for this run's
// benchmarks (measured with the model's own tokenizer), and whether every prompt can fit at all.
import { describeModel } from "../model/metadata.js";
import { resolveModelPath } from "../model/resolve-path.js";
import { loadBenchmark, type BenchmarkOptions } from "../benchmarks/registry.js";
import { openGgufTokenizer } from "../target/gguf-tokenizer.js";
import { planContext, type ContextPlan } from "./context-fit.js";

export interface ModelContextOptions {
  modelPath: string;
  benchmarks: string[];
  options: BenchmarkOptions["options"];
  dataDir?: string;
  limit?: number;
  systemPrompt?: string;
  maxTokens?: number;
}

/** The context plan for a GGUF model (null for other formats: their servers size themselves). */
export async function planModelContext(o: ModelContextOptions): Promise<ContextPlan | null> {
  const resolved = resolveModelPath(o.modelPath);
  const model = describeModel(resolved);
  if (model.model_format !== "gguf" || !model.gguf) return null;
  // One rule on every engine: a model without a chat template is prompted in completion mode.
  const chat = model.gguf.has_chat_template;
  const benchmarks = await Promise.all(o.benchmarks.map((n) => loadBenchmark(n, { chat, options: o.options })));
  let tok;
  try {
    tok = await openGgufTokenizer(resolved.primary);
  } catch {
    // No loadable vocabulary (a header-only file): the engine sizes itself, as without this plan.
    return null;
  }
  try {
    return await planContext(benchmarks, {
      chat,
      count: tok.count,
      trainContext: model.gguf.context_length ?? tok.trainContext,
      modelName: model.repo_id,
      ...(o.dataDir !== undefined ? { dataDir: o.dataDir } : {}),
      ...(o.limit !== undefined ? { limit: o.limit } : {}),
      ...(o.systemPrompt !== undefined ? { systemPrompt: o.systemPrompt } : {}),
      ...(o.maxTokens !== undefined ? { maxTokens: o.maxTokens } : {}),
    });
  } finally {
    await tok.close();
  }
}
