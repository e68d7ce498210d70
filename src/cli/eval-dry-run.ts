// `workbench eval --dry-run`: what the run would send (per benchmark the requests, generation
// settings, first rendered prompt and, for a GGUF, the context needed), with no server started and
// no request sent.
import { HTTP_PROTOCOLS } from "../backends/index.js";
import { loadBenchmark, type BenchmarkOptions } from "../benchmarks/registry.js";
import { describeModel } from "../model/metadata.js";
import { resolveModelPath } from "../model/resolve-path.js";
import { planDryRun, type DryRunPlan } from "../runner/dry-run.js";
import type { GenerationOverrides } from "../runner/evaluate.js";
import type { Shard } from "../runner/shard.js";

export interface DryRunInput {
  names: string[];
  backendKind: string;
  modelPath?: string;
  options: BenchmarkOptions["options"];
  limit?: number;
  dataDir?: string;
  shard?: Shard;
  overrides: GenerationOverrides;
  systemPrompt?: string;
  samples?: number;
}

export async function dryRunPlan(i: DryRunInput): Promise<{ plan: DryRunPlan; modeWhy: string }> {
  let chat = HTTP_PROTOCOLS[i.backendKind]?.chat ?? true;
  let modeWhy = `--backend ${i.backendKind}`;
  let contextPlan = null;
  if (i.modelPath !== undefined) {
    const model = describeModel(resolveModelPath(i.modelPath));
    if (model.gguf && !model.gguf.has_chat_template) {
      chat = false;
      modeWhy = "the GGUF has no chat template";
    } else if (model.gguf) modeWhy += ", the GGUF has a chat template";
    if (model.model_format === "gguf") {
      const { planModelContext } = await import("../runner/model-context.js");
      contextPlan = await planModelContext({ modelPath: i.modelPath, benchmarks: i.names, options: i.options, dataDir: i.dataDir, limit: i.limit, systemPrompt: i.systemPrompt, maxTokens: i.overrides.max_tokens });
    }
  }
  const benchmarks = await Promise.all(i.names.map((n) => loadBenchmark(n, { chat, options: i.options })));
  const plan = await planDryRun({ benchmarks, chat, limit: i.limit, dataDir: i.dataDir, shard: i.shard, overrides: i.overrides, systemPrompt: i.systemPrompt, samples: i.samples, contextPlan });
  return { plan, modeWhy };
}

function indent(text: string, by: string): string {
  return text
    .split("\n")
    .map((l) => by + l)
    .join("\n");
}

export function renderDryRun(plan: DryRunPlan, modeWhy: string): string {
  const lines = ["dry run: no server started, nothing sent", `mode: ${plan.mode} (${modeWhy})`];
  if (plan.context) lines.push(`context: ${plan.context.per_slot} tokens per slot (the model was trained on ${plan.context.train_context})`);
  let total = 0;
  for (const b of plan.benchmarks) {
    total += b.samples;
    const gen = Object.entries(b.generation)
      .map(([k, v]) => `${k} ${typeof v === "object" ? JSON.stringify(v) : String(v)}`)
      .join(", ");
    lines.push("", `${b.benchmark}: ${b.items} items × ${b.samples_per_item} sample${b.samples_per_item === 1 ? "" : "s"} = ${b.samples} requests (protocol ${b.protocol})`, `  generation: ${gen}`);
    if (b.context) lines.push(`  context needed: longest prompt ${b.context.longest_prompt_tokens} tokens + max_tokens ${b.context.max_tokens} = ${b.context.needed}`);
    if (b.first_prompt === null) lines.push("  no items");
    else if ("prompt" in b.first_prompt) lines.push(`  first prompt (${b.first_item}, raw text):`, indent(b.first_prompt.prompt, "    | "));
    else {
      lines.push(`  first prompt (${b.first_item}, ${b.first_prompt.messages.length} message${b.first_prompt.messages.length === 1 ? "" : "s"}):`);
      for (const m of b.first_prompt.messages) lines.push(`    [${m.role}]`, indent(m.content, "    | "));
    }
  }
  lines.push("", `${total} requests in all`);
  return lines.join("\n") + "\n";
}
