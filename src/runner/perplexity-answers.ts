// The perplexity benchmark over a previous run's own answers (--perplexity-from RESULT.json): each
// answer of the run's samples log is evaluated after its prompt, rendered as it was sent, and only
// the answer's tokens are scored. Every model scored this way evaluates the same token sequences, so
// compare's drift measures where the model is used: on its answers.
import { mkdirSync, readFileSync, statSync } from "node:fs";
import { basename, dirname, join } from "node:path";
import { createHash } from "node:crypto";
import type { TokenScorer } from "../backends/token-scorer.js";
import { isDistributionBenchmark } from "../benchmarks/registry.js";
import { scoreAnswers, type AnswerSequence } from "../benchmarks/perplexity/score.js";
import { readResultFile } from "../results/result-files.js";
import type { BenchmarkResult } from "../results/schema.js";
import { UsageError } from "../util/usage-error.js";
import { distributionsBlock, scoringUsage, type PerplexityRunOutcome } from "./perplexity.js";

export interface LoadedAnswer {
  benchmark: string;
  id: string;
  sample: number;
  /** The raw prompt sent (completion mode). */
  prompt: string;
  /** The text generated, as received. */
  answer: string;
}

export interface LoadedAnswers {
  /** The result file given. */
  resultFile: string;
  samplesFile: string;
  /** sha256 of the samples log (what a rerun compares). */
  sha256: string;
  modelIdentity: string;
  answers: LoadedAnswer[];
}

/** Read the answers of a result file's samples log; refuse what cannot be rendered exactly as sent. */
export function loadAnswers(file: string): LoadedAnswers {
  const flag = `--perplexity-from ${file}`;
  let doc;
  try {
    doc = readResultFile(file);
  } catch (err) {
    throw new UsageError(`${flag}: ${(err as Error).message.split("\n")[0]}`);
  }
  const generated = Object.entries(doc.benchmarks).filter(([n]) => !isDistributionBenchmark(n));
  if (generated.length === 0) throw new UsageError(`${flag}: the run has no generated answers (benchmarks: ${Object.keys(doc.benchmarks).join(", ")})`);
  for (const [name, b] of generated) {
    const mode = b.generation.mode;
    if (mode !== "completion") {
      throw new UsageError(
        `${flag}: ${name} was answered in ${String(mode ?? "an unrecorded")} mode; only completion-mode answers can be scored ` +
          `(their prompt is the raw text sent; a chat template's rendering is not reproduced exactly here)`,
      );
    }
  }
  if (!doc.samples_file) throw new UsageError(`${flag}: the result names no samples file (its answers are needed)`);
  const samplesFile = join(dirname(file), doc.samples_file);
  let bytes: Buffer;
  try {
    if (statSync(samplesFile).isDirectory()) throw new Error("EISDIR");
    bytes = readFileSync(samplesFile);
  } catch (err) {
    throw new UsageError(`${flag}: cannot read its samples file ${samplesFile} (${(err as NodeJS.ErrnoException).code ?? (err as Error).message}); keep it beside the result`);
  }
  const wanted = new Set(generated.map(([n]) => n));
  const answers: LoadedAnswer[] = [];
  bytes
    .toString("utf8")
    .split("\n")
    .forEach((line, i) => {
      if (!line.trim()) return;
      let r: Record<string, unknown>;
      try {
        r = JSON.parse(line) as Record<string, unknown>;
      } catch {
        throw new UsageError(`${samplesFile}:${i + 1}: not a JSON line`);
      }
      if (typeof r.benchmark !== "string" || !wanted.has(r.benchmark) || r.error !== undefined) return;
      const text = typeof r.raw === "string" ? r.raw : r.response;
      if (typeof r.prompt !== "string" || typeof text !== "string") throw new UsageError(`${samplesFile}:${i + 1}: expected string "prompt" and "response" fields`);
      answers.push({ benchmark: r.benchmark, id: String(r.id), sample: Number(r.sample ?? 0), prompt: r.prompt, answer: text });
    });
  if (answers.length === 0) throw new UsageError(`${flag}: its samples file ${samplesFile} holds no answer without an error`);
  return { resultFile: file, samplesFile, sha256: createHash("sha256").update(bytes).digest("hex"), modelIdentity: doc.settings.model_identity, answers };
}

/** Each answer as the engine evaluated it: the prompt's tokens as sent, then the answer's. */
async function sequences(scorer: TokenScorer, a: LoadedAnswers, ctx: number): Promise<AnswerSequence[]> {
  if (!scorer.completionPromptTokens) {
    throw new UsageError(`--perplexity-from: the ${scorer.scorer} scorer cannot reproduce how the prompts were tokenized; use the embedded scorer (a GGUF --model)`);
  }
  const out: AnswerSequence[] = [];
  for (const x of a.answers) {
    const p = await scorer.completionPromptTokens(x.prompt);
    const tokens = [...p, ...(await scorer.tokenize(x.answer, false))];
    if (tokens.length > ctx) throw new UsageError(`--perplexity-from: ${x.benchmark} ${x.id}: prompt and answer are ${tokens.length} tokens, above --ctx ${ctx} (raise --ctx, up to the model's trained context)`);
    out.push({ tokens, promptLength: p.length });
  }
  return out;
}

export async function runAnswerPerplexity(o: { scorer: TokenScorer; answers: LoadedAnswers; ctx: number; topK?: number | "all"; outDir: string }): Promise<PerplexityRunOutcome> {
  const { scorer, answers } = o;
  mkdirSync(o.outDir, { recursive: true });
  const tmp = join(o.outDir, `.perplexity-${process.pid}-${Math.random().toString(36).slice(2)}.dist`);
  const t0 = performance.now();
  const seqs = await sequences(scorer, answers, o.ctx);
  const { metrics: m } = await scoreAnswers(scorer, seqs, {
    ...(o.topK !== undefined ? { topK: o.topK } : {}),
    sidecarPath: tmp,
    source: { scorer: scorer.scorer, from: basename(answers.resultFile), samples_sha256: answers.sha256 },
  });
  const wall = (performance.now() - t0) / 1000;
  const evaluated = seqs.reduce((a, q) => a + q.tokens.length, 0);
  const result: BenchmarkResult = {
    benchmark: "perplexity",
    protocol: "answers",
    questions: m.answers,
    overall_score: null,
    metrics: {
      ppl: m.ppl,
      ppl_stderr: m.ppl_stderr,
      nll: m.nll_mean,
      nll_stderr: m.nll_stderr,
      ctx: m.ctx,
      n_chunks: m.answers,
      tokens_scored: m.tokens_scored,
      text_tokens: evaluated,
      top_k: m.top_k === "all" ? null : m.top_k,
    },
    dataset: { name: `answers of ${basename(answers.resultFile)}`, version: "answers", sha256: { [basename(answers.samplesFile)]: answers.sha256 }, limit: null, items: m.answers },
    generation: {
      scorer: scorer.scorer,
      exact: scorer.exact,
      ctx: o.ctx,
      top_k: m.top_k,
      top_k_requested: o.topK ?? null,
      from: { result_file: basename(answers.resultFile), model_identity: answers.modelIdentity, mode: "completion" },
      engine: scorer.engineInfo,
    },
    usage: scoringUsage(m.answers, evaluated, wall),
    items: [],
    distributions: distributionsBlock(tmp, m, scorer.exact),
  };
  const metrics = { ...m, n_chunks: m.answers, text_tokens: evaluated, add_bos: scorer.bosToken != null && seqs[0]!.tokens[0] === scorer.bosToken };
  return { result, metrics, distributionsTmp: tmp, wall_s: wall };
}
