// Known answers for the fake server: Google's GPT-4 IFEval responses (by prompt text) and
// HumanEval's canonical solutions as chat answers in a python fence (by chat prompt text).
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { DATA_DIR } from "../helpers/data-dir.js";

export { DATA_DIR } from "../helpers/data-dir.js";
export const IFEVAL_GPT4_INPUTS = join(DATA_DIR, "ifeval", "input_data_gpt4_20231107_145030.jsonl");
export const IFEVAL_GPT4_RESPONSES = join(DATA_DIR, "ifeval", "input_response_data_gpt4_20231107_145030.jsonl");

/** prompt text → GPT-4 response. */
export function ifevalGpt4Answers(): Map<string, string> {
  const m = new Map<string, string>();
  for (const line of readFileSync(IFEVAL_GPT4_RESPONSES, "utf8").split("\n")) {
    if (!line.trim()) continue;
    const r = JSON.parse(line) as { prompt: string; response: string };
    m.set(r.prompt, r.response);
  }
  return m;
}

/** The golden aggregates of the GPT-4 responses (reference scorer, ifeval/golden/summary.json). */
export const IFEVAL_GPT4_GOLDEN = { prompt_level_strict: 0.7708, inst_level_strict: 0.8369, prompt_level_loose: 0.7967, inst_level_loose: 0.8561 };
