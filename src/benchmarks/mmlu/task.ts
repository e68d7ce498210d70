// MMLU 5-shot, letter answer, one user message (protocol "mmlu-5shot-letter"). Headline = micro
// accuracy over items; macro over subjects and the 4 Hendrycks categories go in the breakdown.
import type { Benchmark, ChatMessage, ResponseRecord, ScoreOutput } from "../types.js";
import { scoreEachItem } from "../shared/score-items.js";
import { rate } from "../shared/stats.js";
import { MMLU_CATEGORIES, hendrycksCategory } from "./categories.js";
import { MMLU_LIMIT_PER, loadMmlu, type MmluItem } from "./data.js";
import { exactLetter, extractLetter, logprobLetter } from "./extract.js";
import { mmluPrompt } from "./prompt.js";

export function mmluId(item: Pick<MmluItem, "subject" | "index">): string {
  return `mmlu/${item.subject}/${item.index}`;
}

interface Tally {
  n: number;
  correct: number;
}

function acc(t: Tally): { n: number; correct: number; accuracy: number | null } {
  return { n: t.n, correct: t.correct, accuracy: rate(t.correct, t.n) };
}

export function scoreMmlu(items: MmluItem[], responses: Map<string, ResponseRecord[]>): ScoreOutput {
  const subjects = new Map<string, Tally>();
  const categories = new Map<string, Tally>(MMLU_CATEGORIES.map((c) => [c, { n: 0, correct: 0 }]));
  let correct = 0;
  let exact = 0;
  const byRule = { leading: 0, answer_phrase: 0, none: 0 };
  const lp = { items: 0, correct: 0, no_letter: 0, disagrees_with_text: 0 };
  const { items: out, scored, errors, truncated } = scoreEachItem(items, responses, {
    itemId: mmluId,
    fields: (item) => ({ category: item.subject }),
    score(item, r) {
      const ex = extractLetter(r.text);
      const ok = ex.letter === item.answer;
      const scores: Record<string, boolean> = { accuracy: ok, exact_letter: exactLetter(r.text) === item.answer };
      if (r.first_token_logprobs) {
        const l = logprobLetter(r.first_token_logprobs);
        scores.logprob_accuracy = l === item.answer;
        lp.items++;
        if (l === null) lp.no_letter++;
        if (scores.logprob_accuracy) lp.correct++;
        if (l !== ex.letter) lp.disagrees_with_text++;
      }
      if (ok) correct++;
      if (scores.exact_letter) exact++;
      byRule[ex.rule ?? "none"]++;
      const st = subjects.get(item.subject) ?? { n: 0, correct: 0 };
      subjects.set(item.subject, st);
      st.n++;
      if (ok) st.correct++;
      const cat = categories.get(hendrycksCategory(item.subject) ?? "other")!;
      cat.n++;
      if (ok) cat.correct++;
      return scores;
    },
  });
  const subjectAcc = [...subjects.values()].map((t) => t.correct / t.n);
  const macro = subjectAcc.length ? subjectAcc.reduce((a, b) => a + b, 0) / subjectAcc.length : null;
  const accuracy = rate(correct, scored);
  return {
    metrics: { accuracy, exact_letter: rate(exact, scored), logprob_accuracy: rate(lp.correct, lp.items) },
    overall_score: accuracy,
    items: out,
    breakdown: {
      scored,
      errors,
      micro_accuracy: accuracy,
      macro_accuracy: macro,
      categories: Object.fromEntries([...categories].map(([c, t]) => [c, acc(t)])),
      subjects: Object.fromEntries([...subjects].map(([s, t]) => [s, acc(t)])),
      extraction: byRule,
      format_failure_rate: rate(byRule.none, scored),
      truncated,
      truncation_rate: rate(truncated, scored),
      logprobs: lp,
    },
  };
}

export const mmlu: Benchmark<MmluItem> = {
  name: "mmlu",
  protocol: "mmlu-5shot-letter",
  description: "MMLU test (14,042, 57 subjects), 5-shot from dev, letter answer in one user message; micro accuracy, macro and Hendrycks categories",
  defaults: { max_tokens: 16, temperature: 0, logprobs: 20 },
  load: loadMmlu,
  limitPer: MMLU_LIMIT_PER,
  itemId: mmluId,
  prompt(item, opts) {
    const text = mmluPrompt(item);
    const messages: ChatMessage[] = opts.systemPrompt ? [{ role: "system", content: opts.systemPrompt }] : [];
    messages.push({ role: "user", content: text });
    return { messages, prompt: text, stop: ["\n"] };
  },
  async score(items, responses) {
    return scoreMmlu(items, responses);
  },
};
