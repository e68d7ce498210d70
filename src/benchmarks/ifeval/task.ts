// IFEval as a runner Benchmark: Google's 541 prompts sent as one user turn, scored by the
// in-process reference-exact scorer in strict and loose mode. Headline = prompt-level strict.
import type { ItemResult } from "../../results/schema.js";
import { loadDatasetFile } from "../shared/load-dataset.js";
import { checkOptions, stringOption } from "../shared/options.js";
import type { Benchmark, ChatMessage, ScoreOutput } from "../types.js";
import { assetNeeds, buildReport, createIfevalScorer, isErrorRow, loadIfevalInputs, type IfevalInput, type IfevalRow } from "./index.js";

export const IFEVAL_INPUT_FILE = "input_data.jsonl";

export interface IfevalTaskOptions {
  /** Prompts file to use instead of the current input_data.jsonl (e.g. an older revision). */
  inputFile?: string;
}

export function parseIfevalOptions(raw: Record<string, unknown> | undefined): IfevalTaskOptions {
  return checkOptions<IfevalTaskOptions>("ifeval", raw, { inputFile: stringOption });
}

function errorText(row: IfevalRow): string | undefined {
  return isErrorRow(row) ? row.error : undefined;
}

export function createIfevalBenchmark(opts: IfevalTaskOptions = {}): Benchmark<IfevalInput> {
  return {
    name: "ifeval",
    protocol: "ifeval-google-2023",
    description: "IFEval (541 prompts with verifiable instructions), Google's reference scoring, strict and loose",
    // lm-eval's generation length; 512 (the seed's) truncates many answers.
    defaults: { max_tokens: 1280, temperature: 0 },

    load: (lo) =>
      loadDatasetFile(
        {
          name: "ifeval",
          asset: "ifeval-prompts",
          file: IFEVAL_INPUT_FILE,
          version: "google-research 2024-06-11",
          replacement: opts.inputFile !== undefined ? { file: opts.inputFile, label: "custom prompts file" } : undefined,
          parse: (file) => loadIfevalInputs(file),
        },
        lo,
      ),

    itemId: (item) => String(item.key),

    prompt(item, po) {
      const messages: ChatMessage[] = [];
      if (po.systemPrompt) messages.push({ role: "system", content: po.systemPrompt });
      messages.push({ role: "user", content: item.prompt });
      return { messages, prompt: item.prompt };
    },

    async score(items, responses, so): Promise<ScoreOutput> {
      const scorer = await createIfevalScorer({ dataDir: so.dataDir, needs: assetNeeds(items) });
      const strict: IfevalRow[] = [];
      const loose: IfevalRow[] = [];
      const out: ItemResult[] = [];
      for (const item of items) {
        const id = String(item.key);
        const rec = responses.get(id)?.[0];
        if (!rec || rec.error !== undefined) {
          out.push({ id, scores: {}, error: rec?.error || "no response", finish_reason: rec?.finish_reason ?? null });
          continue;
        }
        const r = scorer.scoreRecord(item, rec.text);
        strict.push(r.strict);
        loose.push(r.loose);
        if (isErrorRow(r.strict) || isErrorRow(r.loose)) {
          out.push({ id, scores: {}, error: errorText(r.strict) ?? errorText(r.loose)!, finish_reason: rec.finish_reason });
          continue;
        }
        out.push({
          id,
          scores: { prompt_level_strict: r.strict.follow_all_instructions, prompt_level_loose: r.loose.follow_all_instructions },
          units: { inst_level_strict: r.strict.follow_instruction_list, inst_level_loose: r.loose.follow_instruction_list },
          unit_labels: item.instruction_id_list,
          finish_reason: rec.finish_reason,
        });
      }
      const report = buildReport(strict, loose);
      const none = report.scored === 0;
      const metrics: Record<string, number | null> = {
        prompt_level_strict: none ? null : report.metrics.prompt_level_strict,
        inst_level_strict: none ? null : report.metrics.inst_level_strict,
        prompt_level_loose: none ? null : report.metrics.prompt_level_loose,
        inst_level_loose: none ? null : report.metrics.inst_level_loose,
      };
      return {
        metrics,
        overall_score: metrics.prompt_level_strict ?? null,
        items: out,
        breakdown: { scored: report.scored, errors: out.filter((i) => i.error !== undefined).length, per_instruction: report.per_instruction, per_category: report.per_category },
      };
    },
  };
}
