// GSM8K, MMLU and TruthfulQA-MC1 end to end: `workbench eval` against the fake server (real HTTP,
// the real runner, scorers and result writer), with the fake model answering each item in a known
// "kind" (more-benchmarks-oracle.ts); the verdicts and metrics must be the ones predicted from the
// documented protocols, full runs answered right must score 1.0, and `compare` must report exactly
// the items a candidate flipped.
import { after, test } from "node:test";
import assert from "node:assert/strict";
import { copyFileSync, mkdtempSync, readFileSync, readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Writable } from "node:stream";
import { runCommand } from "../../src/cli/command.js";
import compareCommand from "../../src/cli/commands/compare.js";
import evalCommand from "../../src/cli/commands/eval.js";
import { MMLU_SUBJECTS } from "../../src/assets/catalog.js";
import { validateResultDocument, type BenchmarkResult, type ResultDocument } from "../../src/results/schema.js";
import { startFakeServer } from "../fakes/fake-server.js";
import { exitOf, spawnCli } from "../fakes/spawn-cli.js";
import {
  GSM_KINDS,
  MMLU_KINDS,
  TQA_KINDS,
  answerer,
  loadOracle,
  sha256File,
  tqaGoldLetter,
  type Bench,
  type GsmKindName,
  type MmluKindName,
  type Oracle,
  type Plan,
  type TqaKindName,
} from "./more-benchmarks-oracle.js";
import { DATA_DIR } from "../helpers/data-dir.js";

const work = mkdtempSync(join(tmpdir(), "wb-more-bench-"));
process.env.WORKBENCH_DATA_DIR = DATA_DIR;
process.env.WORKBENCH_CACHE_DIR = join(work, "cache");
after(() => rmSync(work, { recursive: true, force: true }));

const N = 20;
/** Items a --limit N run has: the first N of GSM8K and TruthfulQA, the first N of each of MMLU's 57 subjects. */
const ITEMS: Record<Bench, number> = { gsm8k: N, mmlu: 57 * N, "truthfulqa-mc1": N };
const BENCHES: Bench[] = ["gsm8k", "mmlu", "truthfulqa-mc1"];
const GSM_CYCLE = Object.keys(GSM_KINDS) as GsmKindName[];
const MMLU_CYCLE = Object.keys(MMLU_KINDS) as MmluKindName[];
const TQA_CYCLE = Object.keys(TQA_KINDS) as TqaKindName[];

/** Every kind in turn, item by item. */
const MIXED: Plan = { gsm8k: (i) => GSM_CYCLE[i % GSM_CYCLE.length]!, mmlu: (i) => MMLU_CYCLE[i % MMLU_CYCLE.length]!, tqa: (i) => TQA_CYCLE[i % TQA_CYCLE.length]! };
const ALL_RIGHT: Plan = { gsm8k: () => "strict", mmlu: () => "bare", tqa: () => "plain" };

/** The candidate: MIXED except a known set of items broken (right → "wrong") and fixed (wrong → right); for MMLU, items of abstract_algebra. */
const FLIPS = {
  gsm8k: { broken: [1, 9, 13], fixed: [5, 16] },
  mmlu: { broken: [0, 4, 12, 17], fixed: [7, 19] },
  "truthfulqa-mc1": { broken: [2, 11], fixed: [5, 16, 17] },
} satisfies Record<Bench, { broken: number[]; fixed: number[] }>;
const pick = <K>(b: Bench, i: number, base: K, wrong: K, right: K): K => (FLIPS[b].broken.includes(i) ? wrong : FLIPS[b].fixed.includes(i) ? right : base);
const CANDIDATE: Plan = {
  gsm8k: (i) => pick("gsm8k", i, MIXED.gsm8k(i), "wrong", "strict"),
  mmlu: (i, s) => (s === "abstract_algebra" ? pick("mmlu", i, MIXED.mmlu(i, s), "wrong", "bare") : MIXED.mmlu(i, s)),
  tqa: (i) => pick("truthfulqa-mc1", i, MIXED.tqa(i), "wrong", "plain"),
};

let oraclePromise: Promise<Oracle> | undefined;
const oracle = (): Promise<Oracle> => (oraclePromise ??= loadOracle(DATA_DIR, N));

// ---- predicted outcomes -------------------------------------------------------------------------

interface Predicted {
  id: string;
  scores: Record<string, boolean>;
  finish_reason: string;
  category?: string;
}

function predict(o: Oracle, b: Bench, plan: Plan, n: number): Predicted[] {
  if (b === "gsm8k") {
    return o.gsm8k.slice(0, n).map((g) => {
      const k = GSM_KINDS[plan.gsm8k(g.index)];
      return { id: `gsm8k/${g.index}`, scores: { ...k.scores }, finish_reason: "finish_reason" in k ? k.finish_reason : "stop" };
    });
  }
  if (b === "mmlu") {
    return o.mmlu.filter((g) => g.index < n).map((g) => {
      const k = MMLU_KINDS[plan.mmlu(g.canon, g.subject)];
      return { id: `mmlu/${g.subject}/${g.index}`, scores: { accuracy: k.accuracy, exact_letter: k.exact_letter }, finish_reason: "stop", category: g.subject };
    });
  }
  return o.tqa.slice(0, n).map((q) => {
    const k = TQA_KINDS[plan.tqa(q.index)];
    const c = { gold: tqaGoldLetter(q), n: q.n };
    return { id: `truthfulqa/${q.index}`, scores: { accuracy: k.accuracy(c) }, finish_reason: "finish_reason" in k ? k.finish_reason : "stop" };
  });
}

const mean = (xs: Predicted[], m: string): number => xs.filter((x) => x.scores[m]).length / xs.length;
const count = <T>(xs: T[], f: (x: T) => boolean): number => xs.filter(f).length;

// ---- running the CLI ----------------------------------------------------------------------------

function sink(): { stream: Writable; text: () => string } {
  let s = "";
  return { stream: new Writable({ write: (c: Buffer, _e, cb) => ((s += c.toString()), cb()) }), text: () => s };
}

async function cli(cmd: typeof evalCommand | typeof compareCommand, argv: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  const out = sink();
  const err = sink();
  const code = await runCommand(cmd, argv, { stdout: out.stream, stderr: err.stream } as unknown as { stdout: typeof process.stdout; stderr: typeof process.stderr });
  return { code, stdout: out.text(), stderr: err.text() };
}

interface Run {
  file: string;
  doc: ResultDocument;
  samplesLines: number;
}

/** `workbench eval` against a fresh fake server answering by `plan`; the written result file, validated. */
async function evalRun(modelId: string, plan: Plan, benches: Bench[], limit?: number): Promise<Run> {
  const o = await oracle();
  const problems: string[] = [];
  const server = await startFakeServer({ modelId, answer: answerer(o, plan, problems) });
  const out = join(work, modelId.replace("/", "_"));
  try {
    const r = await cli(evalCommand, ["--port", String(server.port), "--benchmark", ...benches, ...(limit ? ["--limit", String(limit)] : []), "--out", out, "--concurrency", "32"]);
    assert.equal(r.code, 0, r.stderr);
    assert.deepEqual([...new Set(problems)], [], "every request is a well-formed prompt of a known item");
  } finally {
    await server.close();
  }
  const files = readdirSync(out);
  const name = files.find((f) => f.endsWith(".json"))!;
  assert.equal(files.length, 2, files.join(", "));
  const file = join(out, name);
  const doc = validateResultDocument(JSON.parse(readFileSync(file, "utf8")), file);
  const samplesLines = readFileSync(join(out, doc.samples_file!), "utf8").trim().split("\n").length;
  return { file, doc, samplesLines };
}

let baseline: Promise<Run> | undefined;
const baselineRun = (): Promise<Run> => (baseline ??= evalRun("test/mixed-base", MIXED, BENCHES, N));

function assertItems(b: BenchmarkResult, expected: Predicted[]): void {
  assert.deepEqual(
    b.items.map((it) => ({ id: it.id, scores: it.scores, finish_reason: it.finish_reason, ...(it.category !== undefined ? { category: it.category } : {}) })),
    expected,
  );
}

// ---- tests --------------------------------------------------------------------------------------

test("--limit 20 of all three through the fake server: per-item verdicts and metrics as predicted", async () => {
  const o = await oracle();
  const { doc, samplesLines } = await baselineRun();
  assert.deepEqual(Object.keys(doc.benchmarks), BENCHES);
  assert.equal(doc.settings.limit, N);
  assert.equal(samplesLines, ITEMS.gsm8k + ITEMS.mmlu + ITEMS["truthfulqa-mc1"]);
  const files: Record<Bench, Record<string, string>> = {
    gsm8k: { "test.jsonl": join("gsm8k", "test.jsonl") },
    mmlu: Object.fromEntries(
      MMLU_SUBJECTS.flatMap((sub) => [`data/test/${sub}_test.csv`, `data/dev/${sub}_dev.csv`]).map((f) => [f, join("mmlu", ...f.split("/"))]),
    ),
    "truthfulqa-mc1": { "data/v0/mc_task.json": join("truthfulqa", "data", "v0", "mc_task.json") },
  };
  const protocols: Record<Bench, string> = { gsm8k: "gsm8k-cot-llama-chat", mmlu: "mmlu-5shot-letter", "truthfulqa-mc1": "truthfulqa-mc1-letter" };
  for (const name of BENCHES) {
    const b = doc.benchmarks[name]!;
    assert.equal(b.protocol, protocols[name]);
    assert.equal(b.questions, ITEMS[name]);
    assert.deepEqual([b.dataset.limit, b.dataset.limit_per, b.dataset.items], [N, name === "mmlu" ? "subject" : undefined, ITEMS[name]]);
    assert.deepEqual(b.dataset.sha256, Object.fromEntries(Object.entries(files[name]).map(([k, p]) => [k, sha256File(join(DATA_DIR, p))])), `${name} dataset sha256`);
    assert.deepEqual([b.usage.requests, b.usage.errors], [ITEMS[name], 0]);
    assert.equal(b.generation.temperature, 0);
  }

  // GSM8K: four verdicts per item, strict is the headline.
  const gsm = doc.benchmarks.gsm8k!;
  const pg = predict(o, "gsm8k", MIXED, N);
  assertItems(gsm, pg);
  const gMetrics = Object.fromEntries(["strict_match", "flexible_match", "strict_match_numeric", "flexible_match_numeric"].map((m) => [m, mean(pg, m)]));
  assert.deepEqual(gsm.metrics, gMetrics);
  assert.equal(gsm.overall_score, gMetrics.strict_match);
  assert.ok(gMetrics.strict_match! > 0 && gMetrics.strict_match! < gMetrics.strict_match_numeric!, "the mix separates the rules");
  const kinds = o.gsm8k.slice(0, N).map((g) => GSM_KINDS[MIXED.gsm8k(g.index)]);
  const gb = gsm.breakdown as { disagreements: Record<string, number>; format_failures: Record<string, number>; truncated: number };
  assert.deepEqual(gb.disagreements, {
    strict_vs_flexible: count(pg, (p) => p.scores.strict_match !== p.scores.flexible_match),
    strict_string_vs_numeric: count(pg, (p) => p.scores.strict_match !== p.scores.strict_match_numeric),
    flexible_string_vs_numeric: count(pg, (p) => p.scores.flexible_match !== p.scores.flexible_match_numeric),
  });
  assert.deepEqual(gb.format_failures, { strict_no_match: count(kinds, (k) => k.strictInvalid), flexible_no_number: count(kinds, (k) => k.flexInvalid) });
  assert.equal(gb.truncated, count(pg, (p) => p.finish_reason === "length"));
  assert.equal(gsm.usage.truncated, gb.truncated);

  // MMLU: the first 20 rows of each subject; accuracy (extraction) and exact_letter (HELM); no logprobs served.
  const mm = doc.benchmarks.mmlu!;
  const pm = predict(o, "mmlu", MIXED, N);
  assertItems(mm, pm);
  assert.deepEqual(mm.metrics, { accuracy: mean(pm, "accuracy"), exact_letter: mean(pm, "exact_letter"), logprob_accuracy: null });
  assert.equal(mm.overall_score, mean(pm, "accuracy"));
  const rules = o.mmlu.filter((g) => g.index < N).map((g) => MMLU_KINDS[MIXED.mmlu(g.canon, g.subject)].rule);
  const mb = mm.breakdown as { extraction: Record<string, number>; macro_accuracy: number; subjects: Record<string, { n: number; correct: number }>; format_failure_rate: number };
  assert.deepEqual(mb.extraction, { leading: count(rules, (r) => r === "leading"), answer_phrase: count(rules, (r) => r === "answer_phrase"), none: count(rules, (r) => r === "none") });
  assert.equal(mb.format_failure_rate, count(rules, (r) => r === "none") / ITEMS.mmlu);
  const bySubject = MMLU_SUBJECTS.map((sub) => pm.filter((p) => p.category === sub));
  assert.deepEqual(Object.keys(mb.subjects), [...MMLU_SUBJECTS]);
  MMLU_SUBJECTS.forEach((sub, k) => assert.deepEqual(mb.subjects[sub], { n: N, correct: count(bySubject[k]!, (p) => p.scores.accuracy!), accuracy: mean(bySubject[k]!, "accuracy") }, sub));
  assert.ok(Math.abs(mb.macro_accuracy - bySubject.reduce((acc, ps) => acc + mean(ps, "accuracy"), 0) / 57) < 1e-12);

  // TruthfulQA: letters against the documented per-question shuffle.
  const tq = doc.benchmarks["truthfulqa-mc1"]!;
  const pt = predict(o, "truthfulqa-mc1", MIXED, N);
  assertItems(tq, pt);
  assert.deepEqual(tq.metrics, { accuracy: mean(pt, "accuracy") });
  assert.equal(tq.overall_score, mean(pt, "accuracy"));
  const ctx = o.tqa.slice(0, N).map((q) => ({ k: TQA_KINDS[MIXED.tqa(q.index)], c: { gold: tqaGoldLetter(q), n: q.n } }));
  const tb = tq.breakdown as { label: string; extraction: Record<string, number>; letter_out_of_range: number; truncated: number };
  assert.equal(tb.label, "MC1 (letter choice)");
  assert.deepEqual(tb.extraction, Object.fromEntries(["line_start", "anywhere", "none"].map((r) => [r, count(ctx, ({ k, c }) => k.rule(c) === r)])));
  assert.equal(tb.letter_out_of_range, count(ctx, ({ k, c }) => k.outOfRange(c)));
  assert.equal(tb.truncated, count(pt, (p) => p.finish_reason === "length"));
});

// A full MMLU run (14,042 requests, a 46 MB samples log) takes 25-60 s on the loaded 2-core dev
// machine, over this file's budget: MMLU is covered by the --limit and compare tests only.
test("full GSM8K and TruthfulQA runs answered right score 1.0 on every rule", { timeout: 60_000 }, async () => {
  const o = await oracle();
  const { doc } = await evalRun("test/all-right", ALL_RIGHT, ["gsm8k", "truthfulqa-mc1"]);
  assert.equal(doc.settings.limit, null);
  const gsm = doc.benchmarks.gsm8k!;
  const tq = doc.benchmarks["truthfulqa-mc1"]!;
  assert.deepEqual([gsm.questions, gsm.dataset.items, gsm.dataset.limit], [o.gsm8k.length, 1319, null]);
  assert.deepEqual([tq.questions, tq.dataset.items, tq.dataset.limit], [o.tqa.length, 817, null]);
  assert.deepEqual(gsm.metrics, { strict_match: 1, flexible_match: 1, strict_match_numeric: 1, flexible_match_numeric: 1 });
  assert.equal(gsm.overall_score, 1);
  assert.deepEqual(tq.metrics, { accuracy: 1 });
  for (const b of [gsm, tq]) assert.deepEqual([b.usage.requests, b.usage.cached, b.usage.errors], [b.questions, 0, 0], "every item asked once");
  assert.deepEqual(gsm.items.map((i) => i.id), o.gsm8k.map((g) => `gsm8k/${g.index}`));
  assert.deepEqual(tq.items.map((i) => i.id), o.tqa.map((q) => `truthfulqa/${q.index}`));
  assert.ok(gsm.items.every((i) => Object.values(i.scores).length === 4 && Object.values(i.scores).every((v) => v === true)));
  assert.ok(tq.items.every((i) => i.scores.accuracy === true));
  // Where the documented shuffle puts the true answers (on A for 181 of 817 questions, not all of them).
  const onLetter: Record<string, number> = {};
  for (const q of o.tqa) onLetter[tqaGoldLetter(q)] = (onLetter[tqaGoldLetter(q)] ?? 0) + 1;
  assert.deepEqual((tq.breakdown as { gold_letter_counts: Record<string, number> }).gold_letter_counts, onLetter);
  assert.equal(onLetter.A, 181);
});

/** Per metric, the ids whose verdict goes pass → fail and fail → pass from one prediction to another. */
function predictedFlips(a: Predicted[], b: Predicted[], metric: string): { pass_to_fail: string[]; fail_to_pass: string[] } {
  return {
    pass_to_fail: a.filter((x, i) => x.scores[metric] && !b[i]!.scores[metric]).map((x) => x.id),
    fail_to_pass: a.filter((x, i) => !x.scores[metric] && b[i]!.scores[metric]).map((x) => x.id),
  };
}

interface MetricJson {
  n: number;
  delta: number;
  p_value: number;
  flips: { pass_to_fail: string[]; fail_to_pass: string[] };
}
type CompareJson = { candidates: Array<{ benchmarks: Record<string, { items: number; metrics: Record<string, MetricJson> }>; skipped_benchmarks: string[] }> };

test("compare on all three: exactly the flipped items, for every metric", async () => {
  const o = await oracle();
  const base = await baselineRun();
  const cand = await evalRun("test/mixed-cand", CANDIDATE, BENCHES, N);
  const r = await cli(compareCommand, [base.file, cand.file, "--json", "--resamples", "200"]);
  assert.equal(r.code, 0, r.stderr);
  const j = JSON.parse(r.stdout) as CompareJson;
  const c = j.candidates[0]!;
  assert.deepEqual(c.skipped_benchmarks, []);
  const prefix: Record<Bench, string> = { gsm8k: "gsm8k/", mmlu: "mmlu/abstract_algebra/", "truthfulqa-mc1": "truthfulqa/" };
  const headline: Record<Bench, string> = { gsm8k: "strict_match", mmlu: "accuracy", "truthfulqa-mc1": "accuracy" };
  for (const b of BENCHES) {
    const pa = predict(o, b, MIXED, N);
    const pb = predict(o, b, CANDIDATE, N);
    const cb = c.benchmarks[b]!;
    assert.equal(cb.items, ITEMS[b]);
    assert.deepEqual(Object.keys(cb.metrics).sort(), Object.keys(pa[0]!.scores).sort(), `${b}: compared metrics`);
    // The flips on the headline metric are the designed ones...
    assert.deepEqual(cb.metrics[headline[b]]!.flips, { pass_to_fail: FLIPS[b].broken.map((i) => prefix[b] + i), fail_to_pass: FLIPS[b].fixed.map((i) => prefix[b] + i) }, `${b}: designed flips`);
    // ...and on every metric, those the predicted verdicts give.
    for (const [m, mj] of Object.entries(cb.metrics)) {
      const f = predictedFlips(pa, pb, m);
      assert.deepEqual(mj.flips, f, `${b}/${m}`);
      assert.equal(mj.n, ITEMS[b]);
      assert.ok(Math.abs(mj.delta - (100 * (mean(pb, m) - mean(pa, m)))) < 1e-3, `${b}/${m} delta`);
    }
  }
});

test("a run compared with a copy of itself (the built CLI in a child process): delta 0, p = 1, no flips", async () => {
  const base = await baselineRun();
  const copy = join(work, "baseline-copy.json");
  copyFileSync(base.file, copy);
  const r = await exitOf(spawnCli(["compare", base.file, copy, "--json", "--resamples", "200"], { WORKBENCH_DATA_DIR: DATA_DIR }));
  assert.equal(r.code, 0, r.stderr);
  const c = (JSON.parse(r.stdout) as CompareJson).candidates[0]!;
  assert.deepEqual(Object.keys(c.benchmarks), BENCHES);
  for (const b of BENCHES) {
    for (const [m, mj] of Object.entries(c.benchmarks[b]!.metrics)) {
      assert.deepEqual([mj.delta, mj.p_value, mj.flips], [0, 1, { pass_to_fail: [], fail_to_pass: [] }], `${b}/${m}`);
    }
  }
});
