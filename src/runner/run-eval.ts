// One eval run from start to result file, shared by `eval` and `sweep`: size and start the engine for a
// model on disk, then load the benchmarks, open the response store, evaluate, and write the result
// document (never over an existing file).
import { isDistributionBenchmark, loadBenchmark, type BenchmarkOptions } from "../benchmarks/registry.js";
import type { Backend } from "../backends/types.js";
import { CancelledError } from "../backends/errors.js";
import type { BenchmarkResult } from "../results/schema.js";
import type { ScorerChoice } from "../target/token-scorers.js";
import { runPerplexity, type LoadedText, type PerplexityRunOutcome } from "./perplexity.js";
import type { LoadedAnswers } from "./perplexity-answers.js";
import { evaluate, type EvaluateOutcome, type GenerationOverrides } from "./evaluate.js";
import { DEFAULT_RETRY } from "./retry.js";
import { basename, dirname, join } from "node:path";
import { SamplesSpool } from "../results/samples-spool.js";
import { printable } from "../util/printable.js";
import type { ProgressStream } from "./progress.js";
import { ResponseStore, storeFileFor } from "./response-store.js";
import type { Shard } from "./shard.js";
import type { EvalTarget } from "../target/connect.js";
import type { ModelTargetOptions } from "../target/model-target.js";
import { buildResultDocument, writeRunResults } from "../results/write.js";
import { runSettings } from "../results/settings.js";
import type { ResultDocument } from "../results/schema.js";
import type { WrittenFiles } from "../results/result-files.js";

/** What a run evaluates and how, independent of what it talks to. */
export interface EvalPlan {
  benchmarks: string[];
  /** Each benchmark's own options by name (ifeval: {inputFile}, humaneval: {sandbox, workers}...). */
  benchmarkOptions: BenchmarkOptions["options"];
  limit?: number;
  dataDir?: string;
  overrides: GenerationOverrides;
  systemPrompt?: string;
  samples?: number;
  shard?: Shard;
  timeoutS: number;
  retries: number;
  /** Ignore stored responses (new ones are still recorded). */
  noCache: boolean;
  /** Output directory of the result files (and the started server's log). */
  out: string;
  /** Longest the server may stay unreachable before the run stops, seconds (default: retries only). */
  maxOutageS?: number;
  /** With the perplexity benchmark: the text (read up front) and how to score it. */
  perplexity?: PerplexityPlan;
}

export interface PerplexityPlan {
  /** The text to score in chunks, or (`answers`) a previous run's answers to score after their prompts. */
  text?: LoadedText;
  answers?: LoadedAnswers;
  /** Tokens per chunk; with `answers`, the longest prompt + answer allowed (lowered to the model's trained context when not given). */
  ctx: number;
  ctxGiven?: boolean;
  topK?: number | "all";
  scorer: ScorerChoice;
  /** A model on disk (the embedded scorer loads it), else the running server's URL. */
  modelPath?: string;
  baseUrl?: string;
  threads?: number;
  concurrency?: number;
  apiKey?: string;
}

/** The generation benchmarks of a plan (perplexity is scored through a token scorer, not generated). */
export function generationBenchmarks(plan: EvalPlan): string[] {
  return plan.benchmarks.filter((n) => !isDistributionBenchmark(n));
}

/** What `modelTarget` needs, less what the plan says (the log folder). */
export type ModelTargetRequest = Omit<ModelTargetOptions, "logDir">;

/**
 * The target for a model on disk. An auto-started GGUF is sized first: every slot gets room for the
 * run's longest prompt plus max_tokens (a prompt that cannot fit the trained context is refused here).
 */
export async function startModelTarget(req: ModelTargetRequest, plan: EvalPlan): Promise<EvalTarget> {
  const { modelTarget, modelProvenance } = await import("../target/model-target.js");
  const generated = generationBenchmarks(plan);
  if (generated.length === 0 && req.autostart) {
    // Perplexity alone on a model file: nothing to start; the embedded scorer loads the file itself.
    const p = await modelProvenance(req.modelPath);
    return { backend: null as never, concurrency: 1, identity: p.identity, provenance: p.provenance, close: async () => {} };
  }
  const ctx = req.contextSize !== undefined
    ? { per_slot: req.contextSize }
    : req.autostart
    ? await (await import("./model-context.js")).planModelContext({
        modelPath: req.modelPath,
        benchmarks: generated,
        options: plan.benchmarkOptions,
        dataDir: plan.dataDir,
        limit: plan.limit,
        systemPrompt: plan.systemPrompt,
        maxTokens: plan.overrides.max_tokens,
      })
    : null;
  return modelTarget({ ...req, ...(ctx ? { contextSize: ctx.per_slot } : {}), logDir: plan.out });
}

export interface RunIo {
  /** Where the progress line goes (redrawn on a TTY, plain periodic lines otherwise); none: quiet. */
  progress?: ProgressStream;
  signal?: AbortSignal;
  /** One line of news for the user (without a trailing newline). */
  warn(line: string): void;
  /** The engine was started for this run: say so when it prompts in completion mode. */
  autostarted: boolean;
}

export type EvalRun =
  | { cancelled: true; stopped?: { reason: string; exitCode: number } }
  | ({ cancelled: false; outcome: EvaluateOutcome; document: ResultDocument; perplexity: PerplexityRunOutcome | null } & WrittenFiles);

const NOTHING_GENERATED: EvaluateOutcome = { benchmarks: {}, samplesLog: [], itemErrors: 0, cancelled: false, wall_s: 0, endpoints: [] };

async function scorePerplexityPlan(p: PerplexityPlan, outDir: string): Promise<PerplexityRunOutcome> {
  const { openTokenScorer } = await import("../target/token-scorers.js");
  const scorer = await openTokenScorer({
    scorer: p.scorer,
    ctx: p.ctx,
    ...(p.answers && !p.ctxGiven ? { ctxUpToTrain: true } : {}),
    ...(p.modelPath !== undefined ? { modelPath: p.modelPath } : {}),
    ...(p.baseUrl !== undefined ? { baseUrl: p.baseUrl } : {}),
    ...(p.topK !== undefined ? { topK: p.topK } : {}),
    ...(p.threads !== undefined ? { threads: p.threads } : {}),
    ...(p.concurrency !== undefined ? { concurrency: p.concurrency } : {}),
    ...(p.apiKey ? { apiKey: p.apiKey } : {}),
  });
  try {
    if (p.answers) {
      const { runAnswerPerplexity } = await import("./perplexity-answers.js");
      return await runAnswerPerplexity({ scorer, answers: p.answers, ctx: Number(scorer.engineInfo.ctx ?? p.ctx), ...(p.topK !== undefined ? { topK: p.topK } : {}), outDir });
    }
    return await runPerplexity({ scorer, text: p.text!, ctx: p.ctx, ...(p.topK !== undefined ? { topK: p.topK } : {}), outDir });
  } finally {
    await scorer.close();
  }
}

/** Evaluate `plan` on `target` and write the result; the caller closes the target. */
export async function runEval(target: EvalTarget, plan: EvalPlan, io: RunIo): Promise<EvalRun> {
  const { identity } = target;
  const backend = target.backend as Backend | null;
  const generated = generationBenchmarks(plan);
  let store: ResponseStore | null = null;
  let spool: SamplesSpool | undefined;
  try {
    let outcome = NOTHING_GENERATED;
    if (generated.length > 0 && backend) {
      const benchmarks = await Promise.all(generated.map((n) => loadBenchmark(n, { chat: backend.chat, options: plan.benchmarkOptions })));
      if (io.autostarted && !backend.chat) io.warn(`${backend.info.model ?? "the model"} has no chat template: prompting in completion mode (raw prompts, as on every engine)`);
      const gguf = (target.provenance.model as { gguf?: { has_chat_template?: boolean } } | undefined)?.gguf;
      if (!io.autostarted && backend.chat && gguf?.has_chat_template === false)
        io.warn(`the served model file has no chat template of its own: the server applies its default one (llama-server: ChatML); --backend completions sends raw prompts, as an auto-started engine does`);
      // One run per response store: a second run of the same model waits, then reuses the first one's answers.
      const storeFile = storeFileFor(identity, backend.info.model);
      const opened = await ResponseStore.open(storeFile, {
        read: !plan.noCache,
        lock: {
          // Beside the responses folder, which holds only stores.
          file: join(dirname(storeFile), "..", "locks", `${basename(storeFile)}.lock`),
          ...(io.signal ? { signal: io.signal } : {}),
          onWait: (h) =>
            io.warn(
              `another run${h ? ` (pid ${h.pid}${h.host ? ` on ${printable(h.host, { oneLine: true })}` : ""}, started ${new Date(h.started).toTimeString().slice(0, 8)})` : ""} is using the response store of this model; waiting for it to finish, then its answers are reused`,
            ),
        },
      }).catch((err: unknown) => {
        // Ctrl-C while waiting for another run's lock: an interrupted run like any other.
        if (err instanceof CancelledError) return null;
        throw err;
      });
      if (!opened) return { cancelled: true };
      store = opened;
      // Spooled beside the response store (the cache), so a killed run leaves nothing in --out.
      spool = new SamplesSpool(join(dirname(store.file), "..", "spool"));
      if (store.skipped) io.warn(`skipped ${store.skipped} unreadable line(s) in ${store.file}`);
      outcome = await evaluate({
        backend,
        ...(target.endpoints ? { endpoints: target.endpoints.map((e) => ({ backend: e.backend, concurrency: e.concurrency, ...(e.source !== "adaptive" ? { source: e.source } : {}) })) } : {}),
        concurrency: target.concurrency,
        adaptive: target.concurrencyOrigin === "default",
        concurrencySource: target.concurrencyOrigin === "flag" ? "flag" : "server",
        identity,
        benchmarks,
        limit: plan.limit,
        dataDir: plan.dataDir,
        overrides: plan.overrides,
        systemPrompt: plan.systemPrompt,
        samples: plan.samples,
        shard: plan.shard,
        timeoutMs: plan.timeoutS * 1000,
        retry: { ...DEFAULT_RETRY, retries: plan.retries },
        store,
        useCache: !plan.noCache,
        progress: io.progress,
        signal: io.signal,
        samplesSink: spool,
        ...(plan.maxOutageS !== undefined ? { maxOutageMs: plan.maxOutageS * 1000 } : {}),
        log: (line) => io.warn(`${io.progress?.isTTY ? "\r\x1b[K" : ""}${printable(line, { oneLine: true })}`),
      });
      if (outcome.stopped) return { cancelled: true, stopped: outcome.stopped };
      if (outcome.cancelled) return { cancelled: true };
    }
    const ppl = plan.perplexity && plan.benchmarks.includes("perplexity") ? await scorePerplexityPlan(plan.perplexity, plan.out) : null;
    const results: Record<string, BenchmarkResult> = {};
    for (const n of plan.benchmarks) results[n] = n === "perplexity" ? ppl!.result : outcome.benchmarks[n]!;
    const settings = runSettings({
      backend: { kind: backend?.kind ?? "embedded", baseUrl: backend?.baseUrl ?? null },
      modelName: backend?.info.model ?? null,
      identity,
      concurrency: target.endpoints ? outcome.endpoints.reduce((a, e) => a + e.concurrency.peak, 0) : target.concurrency,
      ...(outcome.concurrency ? { concurrencyControl: { ...outcome.concurrency } } : {}),
      limit: plan.limit,
      benchmarks: plan.benchmarks,
      timeoutS: plan.timeoutS,
      retries: plan.retries,
      samples: plan.samples,
      systemPrompt: plan.systemPrompt,
      overrides: { ...plan.overrides },
      cache: !plan.noCache,
      storeFile: store?.file ?? null,
      shard: plan.shard,
    });
    const server = { ...(target.provenance.server ?? {}), endpoints: outcome.endpoints };
    const doc = buildResultDocument({ ...target.provenance, ...(backend || target.provenance.server ? { server } : {}), settings }, results);
    const written = writeRunResults(plan.out, doc, spool ?? outcome.samplesLog, ppl ? [{ benchmark: "perplexity", from: ppl.distributionsTmp }] : []);
    spool = undefined;
    return { cancelled: false, outcome, perplexity: ppl, document: written.document, resultFile: written.resultFile, samplesFile: written.samplesFile };
  } finally {
    spool?.discard();
    await store?.close();
  }
}

/** Two lines per benchmark: its metrics, then items, errors, requests (cached), tokens, time, truncation. */
export function outcomeSummary(outcome: EvaluateOutcome): string {
  const lines: string[] = [];
  for (const [name, b] of Object.entries(outcome.benchmarks)) {
    const metrics = Object.entries(b.metrics)
      .map(([k, v]) => `${k} ${v === null ? "n/a" : v.toFixed(4)}`)
      .concat(Object.entries(b["pass@k"] ?? {}).map(([k, v]) => `${k} ${v.toFixed(4)}`));
    const u = b.usage;
    const errs = b.items.filter((i) => i.error !== undefined).length;
    lines.push(
      `${name.padEnd(10)} ${[...new Set(metrics)].join("  ")}`,
      `${"".padEnd(10)} ${b.questions} items, ${errs} errors, ${u.requests} requests (${u.cached} cached), ${u.completion_tokens} completion tokens, ${u.wall_s.toFixed(1)} s, truncated ${(u.truncation_rate * 100).toFixed(1)}%`,
    );
  }
  return lines.join("\n") + "\n";
}
