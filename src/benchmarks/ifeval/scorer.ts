// The in-process scorer: resolves the data assets once, then scores records in both modes.
import { dirname } from "node:path";
import { resolveAsset } from "../../assets/resolve.js";
import { evaluateBoth, toRow } from "./evaluate.js";
import { buildReport } from "./aggregate.js";
import { LazyResources, type ResourceDirs } from "./resources.js";
import type { IfevalInput, IfevalReport, IfevalResponse, IfevalRow } from "./types.js";

export interface IfevalScorer {
  scoreRecord(input: IfevalInput, response: string | undefined): { strict: IfevalRow; loose: IfevalRow };
  scoreAll(inputs: IfevalInput[], responses: IfevalResponse[]): IfevalReport;
}

export interface ScorerOptions {
  dataDir?: string;
  /** Which heavy assets to resolve (default both); the CLI passes only what the inputs need. */
  needs?: { punkt?: boolean; langdetect?: boolean };
}

const PUNKT_IDS = new Set(["length_constraints:number_sentences", "change_case:capital_word_frequency"]);
const LANGDETECT_IDS = new Set(["language:response_language", "change_case:english_capital", "change_case:english_lowercase"]);

/** Which assets scoring these inputs can touch. */
export function assetNeeds(inputs: IfevalInput[]): { punkt: boolean; langdetect: boolean } {
  let punkt = false;
  let langdetect = false;
  for (const inp of inputs) {
    if (!Array.isArray(inp.instruction_id_list)) continue;
    for (const id of inp.instruction_id_list) {
      if (PUNKT_IDS.has(id)) punkt = true;
      if (LANGDETECT_IDS.has(id)) langdetect = true;
    }
  }
  return { punkt, langdetect };
}

export function scoreRecordWith(ctx: LazyResources, input: IfevalInput, response: unknown): { strict: IfevalRow; loose: IfevalRow } {
  if (typeof response !== "string") {
    const error = response === undefined ? `no response for key ${JSON.stringify(input.key)} (matched by key, else by exact prompt text)` : "response is not a string";
    return { strict: toRow(input, { error }), loose: toRow(input, { error }) };
  }
  ctx.resetMemo();
  const both = evaluateBoth(input, response, ctx);
  const out = { strict: toRow(input, both.strict), loose: toRow(input, both.loose) };
  ctx.resetMemo();
  return out;
}

/**
 * Pair each input with its response: by key when both sides carry one, else by exact prompt text
 * (duplicate prompts: the last response wins, like the reference's dict). A prompt match whose
 * response carries a different key is not used.
 */
export function matchResponses(inputs: IfevalInput[], responses: IfevalResponse[]): unknown[] {
  const byKey = new Map<string, IfevalResponse>();
  const byPrompt = new Map<string, IfevalResponse>();
  for (const r of responses) {
    if (r.key !== undefined && r.key !== null) byKey.set(String(r.key), r);
    byPrompt.set(r.prompt, r);
  }
  return inputs.map((inp) => {
    const k = inp.key === undefined || inp.key === null ? undefined : String(inp.key);
    const keyed = k === undefined ? undefined : byKey.get(k);
    if (keyed) return keyed.response;
    const p = byPrompt.get(inp.prompt);
    if (!p || (k !== undefined && p.key !== undefined && p.key !== null && String(p.key) !== k)) return undefined;
    return p.response;
  });
}

export async function createIfevalScorer(opts: ScorerOptions = {}): Promise<IfevalScorer> {
  const needs = { punkt: opts.needs?.punkt ?? true, langdetect: opts.needs?.langdetect ?? true };
  const dirs: ResourceDirs = {};
  const resolveOpts = opts.dataDir ? { dataDir: opts.dataDir } : {};
  const [punkt, lang] = await Promise.all([
    needs.punkt ? resolveAsset("punkt-english", resolveOpts) : undefined,
    needs.langdetect ? resolveAsset("langdetect-profiles", resolveOpts) : undefined,
  ]);
  if (punkt) dirs.punktDir = dirname(punkt.path("tokenizers/punkt_tab/english/abbrev_types.txt"));
  if (lang) dirs.langdetectDir = dirname(lang.path("messages.properties"));
  const ctx = await LazyResources.create(dirs);
  return {
    scoreRecord: (input, response) => scoreRecordWith(ctx, input, response),
    scoreAll(inputs, responses) {
      const matched = matchResponses(inputs, responses);
      const strict: IfevalRow[] = [];
      const loose: IfevalRow[] = [];
      inputs.forEach((inp, i) => {
        const r = scoreRecordWith(ctx, inp, matched[i]);
        strict.push(r.strict);
        loose.push(r.loose);
      });
      return buildReport(strict, loose);
    },
  };
}
