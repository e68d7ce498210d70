// GSM8K, 8-shot chain of thought over chat: lm-eval `gsm8k_cot_llama` (v4.0) semantics with
// --apply_chat_template --fewshot_as_multiturn. Headline = strict match; flexible and numeric kept per item.
import type { Benchmark, ChatMessage, ResponseRecord, ScoreOutput } from "../types.js";
import { scoreEachItem } from "../shared/score-items.js";
import { rate } from "../shared/stats.js";
import { loadGsm8k, type Gsm8kItem } from "./data.js";
import { GSM8K_COT_EXEMPLARS, gsm8kInstruction } from "./exemplars.js";
import { INVALID, extractFlexible, extractStrict, judge } from "./extract.js";

export const GSM8K_METRICS = ["strict_match", "flexible_match", "strict_match_numeric", "flexible_match_numeric"] as const;

function fewshotMessages(): ChatMessage[] {
  const msgs: ChatMessage[] = [];
  for (const ex of GSM8K_COT_EXEMPLARS) {
    msgs.push({ role: "user", content: gsm8kInstruction(ex.question) });
    msgs.push({ role: "assistant", content: ex.target });
  }
  return msgs;
}

const FEWSHOT = fewshotMessages();
// Plain-text form for completion backends: shots joined by "\n\n", target_delimiter "".
const FEWSHOT_TEXT = GSM8K_COT_EXEMPLARS.map((ex) => gsm8kInstruction(ex.question) + ex.target + "\n\n").join("");

export interface Gsm8kVerdict {
  strict: string;
  flexible: string;
  scores: Record<(typeof GSM8K_METRICS)[number], boolean>;
}

/** Score one reply text (reasoning already removed) against a gold answer. */
export function scoreGsm8kText(text: string, gold: string): Gsm8kVerdict {
  const s = judge(extractStrict(text), gold);
  const f = judge(extractFlexible(text), gold);
  return {
    strict: s.extracted,
    flexible: f.extracted,
    scores: { strict_match: s.match, flexible_match: f.match, strict_match_numeric: s.numeric, flexible_match_numeric: f.numeric },
  };
}

export function scoreGsm8k(items: Gsm8kItem[], responses: Map<string, ResponseRecord[]>): ScoreOutput {
  const correct = { strict_match: 0, flexible_match: 0, strict_match_numeric: 0, flexible_match_numeric: 0 };
  let strictInvalid = 0;
  let flexibleInvalid = 0;
  let strictVsFlexible = 0;
  let strictStringVsNumeric = 0;
  let flexibleStringVsNumeric = 0;
  const { items: out, scored, errors, truncated } = scoreEachItem(items, responses, {
    itemId: gsm8kId,
    score(item, record) {
      const v = scoreGsm8kText(record.text, item.gold);
      for (const k of GSM8K_METRICS) if (v.scores[k]) correct[k]++;
      if (v.strict === INVALID) strictInvalid++;
      if (v.flexible === INVALID) flexibleInvalid++;
      if (v.scores.strict_match !== v.scores.flexible_match) strictVsFlexible++;
      if (v.scores.strict_match !== v.scores.strict_match_numeric) strictStringVsNumeric++;
      if (v.scores.flexible_match !== v.scores.flexible_match_numeric) flexibleStringVsNumeric++;
      return { ...v.scores };
    },
  });
  const metrics: Record<string, number | null> = {};
  for (const k of GSM8K_METRICS) metrics[k] = rate(correct[k], scored);
  return {
    metrics,
    overall_score: metrics.strict_match ?? null,
    items: out,
    breakdown: {
      scored,
      errors,
      correct,
      disagreements: {
        strict_vs_flexible: strictVsFlexible,
        strict_string_vs_numeric: strictStringVsNumeric,
        flexible_string_vs_numeric: flexibleStringVsNumeric,
      },
      format_failures: { strict_no_match: strictInvalid, flexible_no_number: flexibleInvalid },
      format_failure_rate: rate(strictInvalid, scored),
      truncated,
      truncation_rate: rate(truncated, scored),
    },
  };
}

export function gsm8kId(item: Gsm8kItem): string {
  return `gsm8k/${item.index}`;
}

export const gsm8k: Benchmark<Gsm8kItem> = {
  name: "gsm8k",
  protocol: "gsm8k-cot-llama-chat",
  description: "GSM8K test (1,319), 8-shot CoT as chat turns (lm-eval gsm8k_cot_llama); strict 'The final answer is N' and flexible last-number match",
  defaults: { max_tokens: 1024, temperature: 0 },
  load: loadGsm8k,
  itemId: gsm8kId,
  prompt(item, opts) {
    const messages: ChatMessage[] = [];
    if (opts.systemPrompt) messages.push({ role: "system", content: opts.systemPrompt });
    messages.push(...FEWSHOT, { role: "user", content: gsm8kInstruction(item.question) });
    return {
      messages,
      prompt: FEWSHOT_TEXT + gsm8kInstruction(item.question),
      stop: ["\n\nGiven the following problem", "Q:", "</s>", "<|im_end|>"],
    };
  },
  async score(items, responses) {
    return scoreGsm8k(items, responses);
  },
};
