// One eval run from start to result file, shared by `eval` and `sweep`: size and start the engine for a
// model on disk, then load the benchmarks, open the response store, evaluate, and write the result
// document (never over an existing file).
import { loadBenchmark, type BenchmarkOptions } from "../benchmarks/registry.js";
import { evaluate, type EvaluateOutcome, type GenerationOverrides } from "./evaluate.js";
import { DEFAULT_RETRY } from "./retry.js";
import { ResponseStore, storeFileFor } from "./response-store.js";
import type { Shard } from "./shard.js";
import type { EvalTarget } from "../target/connect.js";
import type { EngineChoice } from "../target/autostart.js";
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
}

export interface ModelTargetRequest {
  modelPath: string;
  engine: EngineChoice;
  autostart: boolean;
  port?: number;
  baseUrl?: string;
  serverArgs: string[];
  concurrency?: number;
  modelName?: string;
  threads?: number;
  /** Context tokens per slot, when already measured (else measured here for an auto-started GGUF). */
  contextSize?: number;
  backendKind: string;
  apiKey?: string;
}

/**
 * The target for a model on disk. An auto-started GGUF is sized first: every slot gets room for the
 * run's longest prompt plus max_tokens (a prompt that cannot fit the trained context is refused here).
 */
export async function startModelTarget(req: ModelTargetRequest, plan: EvalPlan): Promise<EvalTarget> {
  const { modelTarget } = await import("../target/model-target.js");
  const ctx = req.contextSize !== undefined
    ? { per_slot: req.contextSize }
    : req.autostart
    ? await (await import("./model-context.js")).planModelContext({
        modelPath: req.modelPath,
        benchmarks: plan.benchmarks,
        options: plan.benchmarkOptions,
        dataDir: plan.dataDir,
        limit: plan.limit,
        systemPrompt: plan.systemPrompt,
        maxTokens: plan.overrides.max_tokens,
      })
    : null;
  return modelTarget({
    ...(ctx ? { contextSize: ctx.per_slot } : {}),
    ...(req.threads !== undefined ? { threads: req.threads } : {}),
    modelPath: req.modelPath,
    engine: req.engine,
    autostart: req.autostart,
    port: req.port,
    baseUrl: req.baseUrl,
    serverArgs: req.serverArgs,
    concurrency: req.concurrency,
    modelName: req.modelName,
    logDir: plan.out,
    backendKind: req.backendKind,
    apiKey: req.apiKey,
  });
}

export interface RunIo {
  /** Where the progress line goes (drawn only when it is a TTY). */
  progress?: NodeJS.WritableStream;
  signal?: AbortSignal;
  /** One line of news for the user (without a trailing newline). */
  warn(line: string): void;
  /** The engine was started for this run: say so when it prompts in completion mode. */
  autostarted: boolean;
}

export type EvalRun =
  | { cancelled: true }
  | ({ cancelled: false; outcome: EvaluateOutcome; document: ResultDocument } & WrittenFiles);

/** Evaluate `plan` on `target` and write the result; the caller closes the target. */
export async function runEval(target: EvalTarget, plan: EvalPlan, io: RunIo): Promise<EvalRun> {
  const { backend, identity } = target;
  const benchmarks = await Promise.all(plan.benchmarks.map((n) => loadBenchmark(n, { chat: backend.chat, options: plan.benchmarkOptions })));
  if (io.autostarted && !backend.chat) io.warn(`${backend.info.model ?? "the model"} has no chat template: prompting in completion mode (raw prompts, as on every engine)`);
  const store = await ResponseStore.open(storeFileFor(identity, backend.info.model), { read: !plan.noCache });
  try {
    if (store.skipped) io.warn(`skipped ${store.skipped} unreadable line(s) in ${store.file}`);
    const outcome = await evaluate({
      backend,
      ...(target.endpoints ? { endpoints: target.endpoints.map((e) => ({ backend: e.backend, concurrency: e.concurrency, ...(e.source !== "adaptive" ? { source: e.source } : {}) })) } : {}),
      concurrency: target.concurrency,
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
    });
    if (outcome.cancelled) return { cancelled: true };
    const settings = runSettings({
      backend: { kind: backend.kind, baseUrl: backend.baseUrl },
      modelName: backend.info.model,
      identity,
      concurrency: target.endpoints ? outcome.endpoints.reduce((a, e) => a + e.concurrency.peak, 0) : target.concurrency,
      limit: plan.limit,
      benchmarks: plan.benchmarks,
      timeoutS: plan.timeoutS,
      retries: plan.retries,
      samples: plan.samples,
      systemPrompt: plan.systemPrompt,
      overrides: { ...plan.overrides },
      cache: !plan.noCache,
      storeFile: store.file,
      shard: plan.shard,
    });
    const server = { ...(target.provenance.server ?? {}), endpoints: outcome.endpoints };
    const doc = buildResultDocument({ ...target.provenance, server, settings }, outcome.benchmarks);
    const written = writeRunResults(plan.out, doc, outcome.samplesLog);
    return { cancelled: false, outcome, document: written.document, resultFile: written.resultFile, samplesFile: written.samplesFile };
  } finally {
    await store.close();
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
