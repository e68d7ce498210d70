// A synthetic benchmark for the runner tests: "What is 17 times i?" for i = 0..n-1, scored by
// exact match. `arithAnswer` is what the fake server replies: right for most items, wrong for
// every third, so a score that survives faults proves no answer went to the wrong item.
import type { Benchmark } from "../../src/benchmarks/types.js";
import type { ItemResult } from "../../src/results/schema.js";

export interface ArithItem {
  i: number;
}

const Q = /What is 17 times (\d+)\?/;

export function arithQuestion(i: number): string {
  return `What is 17 times ${i}?`;
}

/** The fake server's reply to one of these prompts (sample index varies the wrong ones). */
export function arithAnswer(prompt: string, sample = 0): string {
  const m = Q.exec(prompt);
  if (!m) return "I don't know.";
  const i = Number(m[1]);
  return i % 3 === 0 ? String(17 * i + 1 + sample) : String(17 * i);
}

/** The expected score: fraction of i in [0, n) with i % 3 !== 0. */
export function arithExpectedScore(n: number): number {
  let ok = 0;
  for (let i = 0; i < n; i++) if (i % 3 !== 0) ok++;
  return ok / n;
}

export function createArithBenchmark(n: number, opts: { samplesPerItem?: number; name?: string } = {}): Benchmark<ArithItem> {
  return {
    name: opts.name ?? "arith",
    protocol: "arith-test",
    description: "synthetic arithmetic questions",
    defaults: { max_tokens: 16, temperature: 0 },
    ...(opts.samplesPerItem !== undefined ? { samplesPerItem: opts.samplesPerItem } : {}),
    async load(lo) {
      const all = Array.from({ length: n }, (_, i) => ({ i }));
      const items = lo.limit !== undefined ? all.slice(0, lo.limit) : all;
      return { items, dataset: { name: "arith", version: "test", sha256: {} } };
    },
    itemId: (item) => `arith/${item.i}`,
    prompt(item, po) {
      const q = arithQuestion(item.i);
      return { messages: [...(po.systemPrompt ? [{ role: "system" as const, content: po.systemPrompt }] : []), { role: "user", content: q }], prompt: q, stop: ["\n"] };
    },
    async score(items, responses) {
      let ok = 0;
      let scored = 0;
      const out = items.map((item): ItemResult => {
        const id = `arith/${item.i}`;
        const recs = responses.get(id) ?? [];
        const err = recs.find((r) => r.error !== undefined);
        if (!recs.length || err) return { id, scores: {}, error: err?.error ?? "no response" };
        const verdicts = recs.map((r) => r.text.trim() === String(17 * item.i));
        scored++;
        if (verdicts[0]) ok++;
        return { id, scores: { correct: verdicts[0]! }, samples: verdicts };
      });
      const acc = scored ? ok / scored : null;
      return { metrics: { accuracy: acc }, overall_score: acc, items: out };
    },
  };
}
