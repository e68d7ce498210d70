// One evaluation run: load the benchmarks, generate every sample through the backend (store,
// retries, resume), score each benchmark, and assemble the per-benchmark results and the raw
// samples log. Knows nothing about the CLI or where the backend came from (running server,
// auto-started one, embedded engine); the eval command calls it.
import type { Backend, GenerationSettings } from "../backends/types.js";
import type { AnyBenchmark, LoadedDataset, ResponseRecord, ScoreOutput } from "../benchmarks/types.js";
import { isTruncated } from "../benchmarks/shared/stats.js";
import type { BenchmarkResult, ItemResult, Usage } from "../results/schema.js";
import { emptyCounters, runGeneration, type BenchCounters, type GenerationJob, type GeneratedSample } from "./generate.js";
import { ProgressReporter, type ProgressStream } from "./progress.js";
import type { RetryPolicy } from "./retry.js";
import type { ConcurrencySnapshot } from "./concurrency.js";
import type { ResponseStore } from "./response-store.js";
import { selectShard, type Shard } from "./shard.js";
import type { EndpointSpec, EndpointStats } from "./endpoints.js";

/** Flags that override a benchmark's generation defaults. */
export interface GenerationOverrides {
  max_tokens?: number;
  temperature?: number;
  top_p?: number;
  seed?: number;
  /** Extra request body fields (--gen-kwargs). */
  extra?: Record<string, unknown>;
}

export interface EvaluateOptions {
  backend: Backend;
  /** Several servers of one model sharing the work (default: `backend` alone). */
  endpoints?: EndpointSpec[];
  /** Requests in flight. */
  /** Requests in flight: fixed, or the ceiling when `adaptive`. */
  concurrency: number;
  /** Let the concurrency controller find the limit (see concurrency.ts). */
  adaptive?: boolean;
  /** Where a fixed limit came from (recorded). */
  concurrencySource?: "flag" | "server";
  /** Model identity for the store keys. */
  identity: string;
  benchmarks: AnyBenchmark[];
  limit?: number;
  dataDir?: string;
  overrides?: GenerationOverrides;
  systemPrompt?: string;
  /** Samples per item for benchmarks that draw several (HumanEval --samples N). */
  samples?: number;
  /** Run only this shard of each benchmark's items (after --limit). */
  shard?: Shard;
  timeoutMs: number;
  retry?: RetryPolicy;
  store?: ResponseStore;
  useCache?: boolean;
  /** Where the progress line goes (drawn only when it is a TTY). */
  progress?: ProgressStream;
  signal?: AbortSignal;
  /** Longest the server may stay unreachable before the run stops, ms. */
  maxOutageMs?: number;
  /** Status lines for the user (stderr). */
  log?: (line: string) => void;
  /** Where samples-log lines go as the samples arrive (then `samplesLog` stays empty). */
  samplesSink?: { write(line: string): void };
}

export interface EvaluateOutcome {
  benchmarks: Record<string, BenchmarkResult>;
  /** The raw samples log, one JSON line per sample (see SamplesLogLine); empty when a samplesSink took them. */
  samplesLog: string[];
  /** Items with an error (failed request or scorer error), over all benchmarks. */
  itemErrors: number;
  cancelled: boolean;
  wall_s: number;
  /** What each endpoint served. */
  endpoints: EndpointStats[];
  /** The concurrency the run used (limit, how it moved); absent when nothing was generated. */
  concurrency?: ConcurrencySnapshot;
  /** Set when the run stopped early (see GenerationOutcome.stopped); no results then. */
  stopped?: { reason: string; exitCode: number };
}

/** One line of the `.samples.jsonl` log. */
export interface SamplesLogLine {
  benchmark: string;
  id: string;
  sample: number;
  /** Response-store key (sha256 of the request, the model identity and the sample index). */
  cache_key: string;
  cached: boolean;
  /** The user prompt (chat) or the raw prompt (completion) sent. */
  prompt: string;
  /** The text that was scored (reasoning removed). */
  response: string;
  /** The text as received, when it differs from `response`. */
  raw?: string;
  reasoning?: string;
  finish_reason: string | null;
  logprobs?: Record<string, number>;
  error?: string;
}

/** The generation settings a benchmark's requests carry: its defaults under the flags' overrides. */
export function generationFor(b: AnyBenchmark, ov: GenerationOverrides): GenerationSettings {
  const g: GenerationSettings = { max_tokens: ov.max_tokens ?? b.defaults.max_tokens, temperature: ov.temperature ?? b.defaults.temperature };
  const topP = ov.top_p ?? b.defaults.top_p;
  if (topP !== undefined) g.top_p = topP;
  if (ov.seed !== undefined) g.seed = ov.seed;
  if (b.defaults.logprobs !== undefined) g.logprobs = b.defaults.logprobs;
  if (ov.extra && Object.keys(ov.extra).length) g.extra = ov.extra;
  return g;
}

function toRecord(s: GeneratedSample): ResponseRecord {
  const r: ResponseRecord = { text: s.text, raw: s.raw, finish_reason: s.finish_reason };
  if (s.logprobs) r.first_token_logprobs = s.logprobs;
  if (s.error !== undefined) r.error = s.error;
  return r;
}

function usageOf(c: BenchCounters, samples: GeneratedSample[][]): Usage {
  let truncated = 0;
  let empty = 0;
  for (const list of samples)
    for (const s of list) {
      if (isTruncated(s)) truncated++;
      if (s.error === undefined && s.raw === "") empty++;
    }
  const wall = c.first_sent !== null && c.last_done !== null ? (c.last_done - c.first_sent) / 1000 : 0;
  return {
    requests: c.requests,
    cached: c.cached,
    prompt_tokens: c.prompt_tokens,
    completion_tokens: c.completion_tokens,
    wall_s: wall,
    tokens_per_s: c.requests > 0 && wall > 0 ? c.completion_tokens / wall : null,
    truncated,
    truncation_rate: c.samples > 0 ? truncated / c.samples : 0,
    errors: c.errors,
    empty,
  };
}

function promptText(job: GenerationJob, chat: boolean): string {
  if (!chat) return job.spec.prompt;
  for (let i = job.spec.messages.length - 1; i >= 0; i--) if (job.spec.messages[i]!.role === "user") return job.spec.messages[i]!.content;
  return "";
}

function logLine(job: GenerationJob, s: GeneratedSample, chat: boolean): string {
  const line: SamplesLogLine = { benchmark: job.bench, id: job.id, sample: s.sample, cache_key: s.key, cached: s.cached, prompt: promptText(job, chat), response: s.text, finish_reason: s.finish_reason };
  if (s.raw !== s.text) line.raw = s.raw;
  if (s.reasoning !== undefined) line.reasoning = s.reasoning;
  if (s.logprobs !== undefined) line.logprobs = s.logprobs;
  if (s.error !== undefined) line.error = s.error;
  return JSON.stringify(line);
}

/** One benchmark's result block from its scorer's output (shared by a run and a merge of shards). */
export function benchmarkResult(r: {
  bench: AnyBenchmark;
  scored: ScoreOutput;
  responses: Map<string, ResponseRecord[]>;
  dataset: BenchmarkResult["dataset"];
  generation: Record<string, unknown>;
  usage: Usage;
  retries: number;
  samples: number;
}): BenchmarkResult {
  const { bench, scored, responses } = r;
  const items: ItemResult[] = scored.items.map((it) => (it.finish_reason === undefined ? { ...it, finish_reason: responses.get(it.id)?.[0]?.finish_reason ?? null } : it));
  const failed = items.filter((it) => it.error !== undefined).length;
  const result: BenchmarkResult = {
    benchmark: bench.name,
    protocol: bench.protocol,
    questions: r.dataset.items,
    overall_score: scored.overall_score,
    metrics: scored.metrics,
    dataset: r.dataset,
    generation: r.generation,
    usage: r.usage,
    // Failed items are not scored: say so rather than let the denominator shrink silently.
    complete: failed === 0,
    counts: { items: items.length, scored: items.length - failed, failed },
    breakdown: { ...(scored.breakdown ?? {}), runner: { retries: r.retries } },
    items,
  };
  if (scored["pass@k"]) result["pass@k"] = scored["pass@k"];
  if (bench.samplesPerItem !== undefined) result.n_samples = r.samples;
  return result;
}

export async function evaluate(opts: EvaluateOptions): Promise<EvaluateOutcome> {
  const t0 = Date.now();
  const ov = opts.overrides ?? {};
  const loaded: Array<{ bench: AnyBenchmark; data: LoadedDataset<unknown>; gen: GenerationSettings; samples: number; first: number }> = [];
  const jobs: GenerationJob[] = [];
  for (const bench of opts.benchmarks) {
    const full = await bench.load({ dataDir: opts.dataDir, limit: opts.limit });
    const ids = full.items.map((it) => bench.itemId(it));
    const seen = new Set<string>();
    for (const id of ids) {
      if (seen.has(id)) throw new Error(`${bench.name}: duplicate item id '${id}' in the dataset`);
      seen.add(id);
    }
    const data = opts.shard ? { ...full, items: selectShard(bench.name, full.items, ids, opts.shard) } : full;
    const gen = generationFor(bench, ov);
    const samples = bench.samplesPerItem !== undefined ? (opts.samples ?? bench.samplesPerItem) : 1;
    const first = jobs.length;
    for (const item of data.items) {
      const id = bench.itemId(item);
      // The prompt is built when asked for (key, request, log line), not held for the whole run:
      // few-shot prompts of a long benchmark would otherwise dominate memory.
      const job = { bench: bench.name, id, gen, samples } as GenerationJob;
      Object.defineProperty(job, "spec", { get: () => bench.prompt(item, { systemPrompt: opts.systemPrompt }), enumerable: true });
      jobs.push(job);
    }
    loaded.push({ bench, data, gen, samples, first });
  }

  let reporter: ProgressReporter | undefined;
  const gen = await runGeneration(jobs, {
    backend: opts.backend,
    ...(opts.endpoints ? { endpoints: opts.endpoints } : {}),
    identity: opts.identity,
    concurrency: opts.concurrency,
    ...(opts.adaptive !== undefined ? { adaptive: opts.adaptive } : {}),
    ...(opts.concurrencySource !== undefined ? { concurrencySource: opts.concurrencySource } : {}),
    timeoutMs: opts.timeoutMs,
    retry: opts.retry,
    store: opts.store,
    useCache: opts.useCache,
    signal: opts.signal,
    ...(opts.maxOutageMs !== undefined ? { maxOutageMs: opts.maxOutageMs } : {}),
    ...(opts.log ? { log: opts.log } : {}),
    ...(opts.samplesSink ? { onSample: (j: number, s: GeneratedSample) => opts.samplesSink!.write(logLine(jobs[j]!, s, opts.backend.chat)) } : {}),
    onStart: (state) => {
      if (!opts.progress) return;
      reporter = new ProgressReporter(opts.progress, state);
      reporter.start();
    },
  }).finally(() => reporter?.stop());

  const samplesLog: string[] = [];
  const benchmarks: Record<string, BenchmarkResult> = {};
  let itemErrors = 0;
  if (gen.stopped) return { benchmarks, samplesLog, itemErrors, cancelled: false, wall_s: (Date.now() - t0) / 1000, endpoints: gen.endpoints, concurrency: gen.concurrency, stopped: gen.stopped };
  if (gen.cancelled) return { benchmarks, samplesLog, itemErrors, cancelled: true, wall_s: (Date.now() - t0) / 1000, endpoints: gen.endpoints, concurrency: gen.concurrency };

  for (const { bench, data, gen: settings, samples, first } of loaded) {
    const n = data.items.length;
    const results = gen.results.slice(first, first + n);
    const responses = new Map<string, ResponseRecord[]>();
    for (let i = 0; i < n; i++) {
      const job = jobs[first + i]!;
      responses.set(job.id, results[i]!.map(toRecord));
      if (!opts.samplesSink) for (const s of results[i]!) samplesLog.push(logLine(job, s, opts.backend.chat));
    }
    const scored = await bench.score(data.items, responses, { dataDir: opts.dataDir });
    // A shard may hold no item of a benchmark: it sent nothing.
    const counters = gen.counters.get(bench.name) ?? emptyCounters();
    const generation: Record<string, unknown> = { ...settings, n: samples, system_prompt: opts.systemPrompt ?? null, mode: opts.backend.chat ? "chat" : "completion" };
    const result = benchmarkResult({ bench, scored, responses, dataset: { ...data.dataset, limit: opts.limit ?? null, items: n }, generation, usage: usageOf(counters, results), retries: counters.retries, samples });
    itemErrors += result.items.filter((it) => it.error !== undefined).length;
    benchmarks[bench.name] = result;
  }
  return { benchmarks, samplesLog, itemErrors, cancelled: false, wall_s: (Date.now() - t0) / 1000, endpoints: gen.endpoints, concurrency: gen.concurrency };
}
