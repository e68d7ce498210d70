// A toy benchmark: three sums, answered with the number.
import type { Benchmark } from "../types.js";
import type { OfflineSpec } from "../shared/offline.js";
import { offlineScoreCommand } from "../shared/score-command.js";
import { scoreEachItem } from "../shared/score-items.js";
import { rate } from "../shared/stats.js";

interface Sum {
  index: number;
  question: string;
  answer: string;
}
const SUMS: Sum[] = [1, 2, 3].map((n) => ({ index: n - 1, question: `What is ${n} + ${n}?`, answer: String(2 * n) }));

export const toy: Benchmark<Sum> = {
  name: "toy",
  protocol: "toy-sums",
  description: "Three sums",
  defaults: { max_tokens: 8, temperature: 0 },
  load: async (lo) => ({ items: lo.limit !== undefined ? SUMS.slice(0, lo.limit) : SUMS, dataset: { name: "toy", version: "1", sha256: {} } }),
  itemId: (s) => `toy/${s.index}`,
  prompt: (s) => ({ messages: [{ role: "user", content: s.question }], prompt: s.question }),
  async score(items, responses) {
    const r = scoreEachItem(items, responses, { itemId: (s) => `toy/${s.index}`, score: (s, rec) => ({ accuracy: rec.text.trim() === s.answer }) });
    const acc = rate(r.items.filter((i) => i.scores.accuracy).length, r.scored);
    return { metrics: { accuracy: acc }, overall_score: acc, items: r.items, breakdown: { truncated: r.truncated } };
  },
};

const spec: OfflineSpec<Sum> = { benchmark: toy, questionOf: (s) => s.question, summarize: () => [] };
export const toyScoreCommand = offlineScoreCommand(spec, { description: "Score saved toy answers", usage: "workbench score toy --responses FILE", examples: [] });
