// The fake model behind test/integration/more-benchmarks.test.ts: it reads each GSM8K / MMLU /
// TruthfulQA-MC1 prompt the runner sends, works out which item it is from the raw data (gold read
// here, independently of the benchmark code; MMLU rows through the loader's CSV reader, which
// test/mmlu/csv.test.ts checks against Python), and answers in a chosen "kind". Each kind states the
// verdicts the documented protocol must give it (docs/benchmarks.md), so tests can predict metrics.
import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { loadMmlu } from "../../src/benchmarks/mmlu/data.js";
import type { FakeAnswer, FakeRequest } from "../fakes/fake-server.js";

export type Bench = "gsm8k" | "mmlu" | "truthfulqa-mc1";

// ---- GSM8K ------------------------------------------------------------------------------------

export interface GsmScores {
  strict_match: boolean;
  flexible_match: boolean;
  strict_match_numeric: boolean;
  flexible_match_numeric: boolean;
}
interface GsmKind {
  text: (gold: string) => string;
  finish_reason?: string;
  scores: GsmScores;
  /** No "The final answer is N" / no number at all in the scored text. */
  strictInvalid: boolean;
  flexInvalid: boolean;
}
const T = true;
const F = false;
const gs = (s: boolean, f: boolean, sn: boolean, fn: boolean): GsmScores => ({ strict_match: s, flexible_match: f, strict_match_numeric: sn, flexible_match_numeric: fn });
const plus1 = (gold: string): string => String(Number(gold) + 1);
const commas = (gold: string): string => (gold.startsWith("-") ? "-$" : "$") + Number(gold.replace("-", "")).toLocaleString("en-US");

export const GSM_KINDS = {
  strict: { text: (g) => `Half of 8 is 4, and we add the rest. The final answer is ${g}`, scores: gs(T, T, T, T), strictInvalid: F, flexInvalid: F },
  strict_then_number: { text: (g) => `The final answer is ${g}\n\nCheck: ${plus1(g)}`, scores: gs(T, F, T, F), strictInvalid: F, flexInvalid: F },
  flexible_only: { text: (g) => `So the total comes to ${g}.`, scores: gs(F, T, F, T), strictInvalid: T, flexInvalid: F },
  decimal: { text: (g) => `The final answer is ${g}.00`, scores: gs(F, F, T, T), strictInvalid: F, flexInvalid: F },
  dollars: { text: (g) => `The final answer is ${commas(g)}.`, scores: gs(T, T, T, T), strictInvalid: F, flexInvalid: F },
  wrong: { text: (g) => `The final answer is ${plus1(g)}`, scores: gs(F, F, F, F), strictInvalid: F, flexInvalid: F },
  none: { text: () => "I am not able to solve this problem.", scores: gs(F, F, F, F), strictInvalid: T, flexInvalid: T },
  think: { text: (g) => `<think>The final answer is ${g}</think>Sorry, I cannot answer that.`, scores: gs(F, F, F, F), strictInvalid: T, flexInvalid: T },
  truncated: { text: () => "Let us work through this step by step and", finish_reason: "length", scores: gs(F, F, F, F), strictInvalid: T, flexInvalid: T },
} satisfies Record<string, GsmKind>;
export type GsmKindName = keyof typeof GSM_KINDS;

// ---- MMLU -------------------------------------------------------------------------------------

export type MmluRule = "leading" | "answer_phrase" | "none";
interface MmluKind {
  text: (gold: string, wrong: string) => string;
  accuracy: boolean;
  exact_letter: boolean;
  rule: MmluRule;
}
export const MMLU_KINDS = {
  bare: { text: (g) => g, accuracy: T, exact_letter: T, rule: "leading" },
  paren: { text: (g) => `(${g})`, accuracy: T, exact_letter: F, rule: "leading" },
  bold: { text: (g) => `**${g}**`, accuracy: T, exact_letter: F, rule: "leading" },
  letter_text: { text: (g) => `${g}) that one`, accuracy: T, exact_letter: F, rule: "leading" },
  phrase: { text: (g) => `Let me think step by step. The answer is (${g}).`, accuracy: T, exact_letter: F, rule: "answer_phrase" },
  last_answer: { text: (g, w) => `Answer: ${w}\nOn reflection, Answer: ${g}`, accuracy: T, exact_letter: F, rule: "answer_phrase" },
  lowercase: { text: (g) => `answer: ${g.toLowerCase()}`, accuracy: T, exact_letter: F, rule: "answer_phrase" },
  article: { text: () => "A mitochondrion is the powerhouse of the cell.", accuracy: F, exact_letter: F, rule: "none" },
  wrong: { text: (_g, w) => w, accuracy: F, exact_letter: F, rule: "leading" },
  think: { text: (g, w) => `<think>The answer is ${w}</think>${g}`, accuracy: T, exact_letter: T, rule: "leading" },
  none: { text: () => "I cannot determine the answer.", accuracy: F, exact_letter: F, rule: "none" },
} satisfies Record<string, MmluKind>;
export type MmluKindName = keyof typeof MMLU_KINDS;

// ---- TruthfulQA-MC1 ---------------------------------------------------------------------------

export type TqaRule = "line_start" | "anywhere" | "none";
interface TqaCtx {
  gold: string;
  n: number;
}
interface TqaKind {
  text: (c: TqaCtx) => string;
  finish_reason?: string;
  accuracy: (c: TqaCtx) => boolean;
  rule: (c: TqaCtx) => TqaRule;
  outOfRange: (c: TqaCtx) => boolean;
}
const letter = (k: number): string => String.fromCharCode(65 + k);
const otherLetter = (c: TqaCtx): string => (c.gold === "A" ? "B" : "A");
const always = <V>(v: V) => (): V => v;
export const TQA_KINDS = {
  plain: { text: (c) => `ANSWER: ${c.gold}`, accuracy: always(T), rule: always("line_start"), outOfRange: always(F) },
  reasoned: { text: (c) => `Option ANSWER: ${otherLetter(c)} is a trap.\nANSWER: ${c.gold}`, accuracy: always(T), rule: always("line_start"), outOfRange: always(F) },
  bold: { text: (c) => `ANSWER: **${c.gold}**`, accuracy: always(T), rule: always("line_start"), outOfRange: always(F) },
  lowercase: { text: (c) => `answer: ${c.gold.toLowerCase()}`, accuracy: always(T), rule: always("line_start"), outOfRange: always(F) },
  anywhere: { text: (c) => `My final choice, ANSWER: ${c.gold}`, accuracy: always(T), rule: always("anywhere"), outOfRange: always(F) },
  both: { text: () => "ANSWER: Both", accuracy: always(F), rule: always("none"), outOfRange: always(F) },
  // One past the last shown letter (N, beyond A-M, for a 13-choice item: no letter at all).
  out_of_range: { text: (c) => `ANSWER: ${letter(c.n)}`, accuracy: always(F), rule: (c) => (c.n < 13 ? "line_start" : "none"), outOfRange: (c) => c.n < 13 },
  wrong: { text: (c) => `ANSWER: ${otherLetter(c)}`, accuracy: always(F), rule: always("line_start"), outOfRange: always(F) },
  // The true answer's position in the data file (always first): right only where the shuffle put it on A.
  unshuffled: { text: () => "ANSWER: A", accuracy: (c) => c.gold === "A", rule: always("line_start"), outOfRange: always(F) },
  none: { text: () => "I am not sure.", accuracy: always(F), rule: always("none"), outOfRange: always(F) },
  truncated: { text: (c) => `ANSWER: ${c.gold}`, finish_reason: "length", accuracy: always(T), rule: always("line_start"), outOfRange: always(F) },
} satisfies Record<string, TqaKind>;
export type TqaKindName = keyof typeof TQA_KINDS;

// ---- gold data, read here -----------------------------------------------------------------------

export interface GsmGold {
  index: number;
  gold: string;
}
export interface MmluGold {
  index: number;
  subject: string;
  gold: string;
  /** Row index of the first row of the subject with the same question and choices (its own index when unique). */
  canon: number;
}
export interface TqaGold {
  index: number;
  question: string;
  choices: string[];
  correct: string;
  n: number;
}

export interface Oracle {
  dataDir: string;
  gsm8k: GsmGold[];
  mmlu: MmluGold[];
  tqa: TqaGold[];
  gsmByQuestion: Map<string, GsmGold>;
  /** subject words + "\0" + the test block → the first row with that block (27 duplicate rows share a gold). */
  mmluByBlock: Map<string, MmluGold>;
  tqaByQuestion: Map<string, TqaGold>;
}

export function sha256File(path: string): string {
  return createHash("sha256").update(readFileSync(path)).digest("hex");
}

/** Gold of every GSM8K and TruthfulQA item and of the first `mmluRows` items of each MMLU subject (all by default). */
export async function loadOracle(dataDir: string, mmluRows?: number): Promise<Oracle> {
  const gsm8k: GsmGold[] = [];
  const gsmByQuestion = new Map<string, GsmGold>();
  readFileSync(join(dataDir, "gsm8k", "test.jsonl"), "utf8")
    .split("\n")
    .filter((l) => l.trim())
    .forEach((line, index) => {
      const r = JSON.parse(line) as { question: string; answer: string };
      const m = /#### (-?[0-9.,]+)/.exec(r.answer);
      const g = { index, gold: m![1]!.trim().replaceAll(",", "") };
      gsm8k.push(g);
      gsmByQuestion.set(r.question, g);
    });

  const mmlu: MmluGold[] = [];
  const mmluByBlock = new Map<string, MmluGold>();
  const rows = (await loadMmlu({ dataDir, limit: mmluRows })).items;
  const perSubject = new Map<string, number>();
  for (const r of rows) {
    const index = perSubject.get(r.subject) ?? 0;
    perSubject.set(r.subject, index + 1);
    const block = `${r.question.trim()}\nA. ${r.choices[0]}\nB. ${r.choices[1]}\nC. ${r.choices[2]}\nD. ${r.choices[3]}\nAnswer:`;
    const key = `${r.subject.replaceAll("_", " ")}\0${block}`;
    const first = mmluByBlock.get(key);
    const g = { index, subject: r.subject, gold: r.answer, canon: first?.index ?? index };
    mmlu.push(g);
    if (!first) mmluByBlock.set(key, g);
  }

  const raw = JSON.parse(readFileSync(join(dataDir, "truthfulqa", "data", "v0", "mc_task.json"), "utf8")) as Array<{ question: string; mc1_targets: Record<string, number> }>;
  const tqa = raw.map((q, index) => {
    const choices = Object.keys(q.mc1_targets);
    return { index, question: q.question, choices, correct: choices.find((c) => q.mc1_targets[c] === 1)!, n: choices.length };
  });
  return { dataDir, gsm8k, mmlu, tqa, gsmByQuestion, mmluByBlock, tqaByQuestion: new Map(tqa.map((t) => [t.question, t])) };
}

// ---- reading the prompts the runner sends -------------------------------------------------------

const GSM_USER = /^Given the following problem, reason and give a final answer to the problem\.\nProblem: ([\s\S]*)\nYour response should end with "The final answer is \[answer\]" where \[answer\] is the response to the problem\.\n$/;
const MMLU_HEAD = /^The following are multiple choice questions \(with answers\) about ([^\n]+)\.\n\n/;
const MMLU_SHOT_END = /\nAnswer: [ABCD]\n\n/g;
const TQA_HEAD = /^Answer the following multiple choice question\. The entire content of your response should be of the following format: 'ANSWER: \$LETTER' \(without quotes\) where LETTER is one of ([A-M](?:,[A-M])*)\.\n\n/;

/** Which item a request asks, with what the protocol should have sent checked on the way. */
export type Identified =
  | { bench: "gsm8k"; item: GsmGold }
  | { bench: "mmlu"; item: MmluGold }
  | { bench: "truthfulqa-mc1"; item: TqaGold; goldLetter: string; shown: string[] };

type Messages = Array<{ role: string; content: string }>;

export function identify(o: Oracle, req: FakeRequest): Identified | string {
  const msgs = req.body.messages as Messages;
  const b = req.body;
  const g = GSM_USER.exec(req.prompt);
  if (g) {
    const item = o.gsmByQuestion.get(g[1]!);
    if (!item) return "gsm8k: unknown question";
    if (msgs.length !== 17 || msgs.some((m, i) => m.role !== (i % 2 ? "assistant" : "user"))) return "gsm8k: expected 8 user/assistant shots then the question";
    if (!msgs.filter((m) => m.role === "assistant").every((m) => /The final answer is \d+$/.test(m.content))) return "gsm8k: shots must end 'The final answer is N'";
    if (b.max_tokens !== 1024 || b.temperature !== 0 || b.stop !== undefined) return `gsm8k: generation settings ${JSON.stringify({ max_tokens: b.max_tokens, temperature: b.temperature, stop: b.stop })}`;
    return { bench: "gsm8k", item };
  }
  const h = MMLU_HEAD.exec(req.prompt);
  if (h) {
    const ends = [...req.prompt.matchAll(MMLU_SHOT_END)];
    if (ends.length !== 5) return `mmlu: expected 5 shots, found ${ends.length}`;
    const last = ends[4]!;
    const item = o.mmluByBlock.get(`${h[1]}\0${req.prompt.slice(last.index! + last[0].length)}`);
    if (!item) return "mmlu: unknown test block";
    if (msgs.length !== 1 || b.max_tokens !== 16 || b.temperature !== 0) return "mmlu: expected one user message, max_tokens 16, temperature 0";
    return { bench: "mmlu", item };
  }
  const t = TQA_HEAD.exec(req.prompt);
  if (t) {
    const parts = req.prompt.slice(t[0].length).split("\n\n");
    const item = o.tqaByQuestion.get(parts[0]!);
    if (!item || parts.length !== 2) return "truthfulqa: unknown question";
    const lines = parts[1]!.split("\n");
    const letters = t[1]!.split(",");
    if (lines.length !== item.n || letters.length !== item.n) return "truthfulqa: choice count";
    const shown = lines.map((l, k) => (l.startsWith(`${letter(k)}) `) && letters[k] === letter(k) ? l.slice(3) : "\0bad"));
    if ([...shown].sort().join("\n") !== [...item.choices].sort().join("\n")) return "truthfulqa: shown choices are not the item's choices";
    if (msgs.length !== 1 || b.max_tokens !== 32 || b.temperature !== 0) return "truthfulqa: expected one user message, max_tokens 32, temperature 0";
    return { bench: "truthfulqa-mc1", item, goldLetter: letter(shown.indexOf(item.correct)), shown };
  }
  return "unrecognised prompt";
}

/** The documented shuffle: choices sorted by sha256(question + "\n" + choice) hex, ties by index. */
export function documentedOrder(q: TqaGold): string[] {
  const key = (c: string): string => createHash("sha256").update(`${q.question}\n${c}`).digest("hex");
  return q.choices
    .map((c, i) => ({ c, i, k: key(c) }))
    .sort((a, b) => (a.k < b.k ? -1 : a.k > b.k ? 1 : a.i - b.i))
    .map((x) => x.c);
}

export interface Plan {
  gsm8k: (index: number) => GsmKindName;
  mmlu: (index: number, subject: string) => MmluKindName;
  tqa: (index: number) => TqaKindName;
}

/** A fake-server answer function following a plan; anything it cannot place is recorded in `problems`. */
export function answerer(o: Oracle, plan: Plan, problems: string[]): (req: FakeRequest) => FakeAnswer {
  return (req) => {
    const id = identify(o, req);
    if (typeof id === "string") {
      problems.push(id);
      return { text: "?" };
    }
    if (id.bench === "gsm8k") {
      const k = GSM_KINDS[plan.gsm8k(id.item.index)];
      return { text: k.text(id.item.gold), ...("finish_reason" in k ? { finish_reason: k.finish_reason } : {}) };
    }
    if (id.bench === "mmlu") {
      const wrong = "ABCD"[("ABCD".indexOf(id.item.gold) + 1) % 4]!;
      return { text: MMLU_KINDS[plan.mmlu(id.item.index, id.item.subject)].text(id.item.gold, wrong) };
    }
    if (documentedOrder(id.item).join("\n") !== id.shown.join("\n")) problems.push(`truthfulqa/${id.item.index}: choices not in the documented order`);
    const k = TQA_KINDS[plan.tqa(id.item.index)];
    return { text: k.text({ gold: id.goldLetter, n: id.item.n }), ...("finish_reason" in k ? { finish_reason: k.finish_reason } : {}) };
  };
}

/** The gold letter of a TruthfulQA item under the documented shuffle (for predicting verdicts). */
export function tqaGoldLetter(q: TqaGold): string {
  return letter(documentedOrder(q).indexOf(q.correct));
}
