// Generation: every (item, sample) the benchmarks need, answered from the response store where
// possible, the rest sent through the backend by a fixed worker pool with retries. Each answer is
// appended to the store the moment it arrives; a sample is never sent again once answered.
// With several endpoints of one model, each has its own workers and concurrency over the one queue;
// an endpoint that stops answering hands its units back and the others finish the run.
import type { PromptSpec } from "../backends/types.js";
import { CancelledError, HttpStatusError, RequestTimeoutError, ResponseFormatError, TransportError } from "../backends/errors.js";
import { ConcurrencyController, type ConcurrencySnapshot } from "./concurrency.js";
import { FAIL_FAST_AFTER, FailFast, failFastMessage } from "./fail-fast.js";
import type { Backend, Generation, GenerationSettings, TokenUsage } from "../backends/types.js";
import { WorkQueue } from "./queue.js";
import { requestKeyBase, sampleKey } from "./keys.js";
import { stripReasoning } from "../backends/reasoning.js";
import { DEFAULT_RETRY, OutagePolicy, clockTime, nextDelayMs, retryAfterMs, type RetryPolicy } from "./retry.js";
import type { ResponseStore, StoredSample } from "./response-store.js";
import type { ProgressState } from "./progress.js";
import { RunEndpoint, type EndpointSpec, type EndpointStats } from "./endpoints.js";

/** One prompt to answer `samples` times. */
export interface GenerationJob {
  bench: string;
  id: string;
  spec: PromptSpec;
  gen: GenerationSettings;
  samples: number;
}

export interface GeneratedSample {
  key: string;
  sample: number;
  /** As received. */
  raw: string;
  /** What is scored: raw with any <think>…</think> removed; "" on error. */
  text: string;
  reasoning?: string;
  finish_reason: string | null;
  logprobs?: Record<string, number>;
  /** Answered from the response store. */
  cached: boolean;
  /** Set when the request failed for good. */
  error?: string;
  /** Attempts this run made (0 when cached). */
  attempts: number;
}

export interface BenchCounters {
  /** Requests answered in this run. */
  requests: number;
  /** Samples answered from the store. */
  cached: number;
  /** Tokens of this run's requests. */
  prompt_tokens: number;
  completion_tokens: number;
  /** Failed attempts that were retried. */
  retries: number;
  /** Samples that failed for good. */
  errors: number;
  samples: number;
  done: number;
  /** Epoch ms of this benchmark's first request and last answer (null when none was sent). */
  first_sent: number | null;
  last_done: number | null;
}

export interface GenerationOptions {
  /** The backend that keys the store (the first endpoint); it also serves requests unless `endpoints` is given. */
  backend: Backend;
  /** Several servers of one model sharing the work; default: `backend` with `concurrency`. */
  endpoints?: EndpointSpec[];
  /** Model identity in the keys (weights fingerprint, or server model id + base URL). */
  identity: string;
  /** Requests in flight: a fixed count, or the ceiling when `adaptive`. */
  concurrency: number;
  /** Let the concurrency controller find the limit (the server did not report its slots, no --concurrency). */
  adaptive?: boolean;
  /** Where a fixed limit came from (recorded). */
  concurrencySource?: "flag" | "server";
  /** A controller to use instead (shared between runs against one server); overrides the two above. */
  controller?: ConcurrencyController;
  /** Per-request deadline, ms (time waiting in the server's queue is not counted; see http-client.ts). */
  timeoutMs: number;
  retry?: RetryPolicy;
  store?: ResponseStore;
  /** Read answers from the store (false: --no-cache). */
  useCache?: boolean;
  signal?: AbortSignal;
  /** Longest the server may stay unreachable before the run stops, ms (none: retries only). */
  maxOutageMs?: number;
  /** Told of every sample the moment it is final (from the store, answered, or failed for good). */
  onSample?: (job: number, sample: GeneratedSample) => void;
  /** Status lines for the user (stderr), e.g. while the server is unreachable. */
  log?: (line: string) => void;
  /** Called with a live view of the state (for the progress line). */
  onStart?: (state: () => ProgressState) => void;
}

export interface GenerationOutcome {
  /** results[j][s]: sample s of jobs[j]. */
  results: GeneratedSample[][];
  counters: Map<string, BenchCounters>;
  /** What each endpoint served. */
  endpoints: EndpointStats[];
  cancelled: boolean;
  /** The concurrency the run used. */
  concurrency: ConcurrencySnapshot;
  /** Set when the run stopped early: why, and the exit status the CLI should give. */
  stopped?: { reason: string; exitCode: number };
}

interface Unit {
  job: number;
  /** Sample indices this request covers. */
  samples: number[];
  attempt: number;
}

export function emptyCounters(): BenchCounters {
  return { requests: 0, cached: 0, prompt_tokens: 0, completion_tokens: 0, retries: 0, errors: 0, samples: 0, done: 0, first_sent: null, last_done: null };
}

function fromStored(rec: StoredSample): GeneratedSample {
  const r: GeneratedSample = { key: rec.key, sample: rec.sample, raw: rec.raw, text: stripReasoning(rec.raw).text, finish_reason: rec.finish_reason, cached: true, attempts: 0 };
  if (rec.reasoning !== undefined) r.reasoning = rec.reasoning;
  if (rec.logprobs !== undefined) r.logprobs = rec.logprobs;
  return r;
}

function describeError(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

export async function runGeneration(jobs: GenerationJob[], opts: GenerationOptions): Promise<GenerationOutcome> {
  const { backend, store } = opts;
  const policy = opts.retry ?? DEFAULT_RETRY;
  const useCache = opts.useCache ?? true;
  const counters = new Map<string, BenchCounters>();
  const results: GeneratedSample[][] = [];
  const keys: string[][] = [];
  const units: Unit[] = [];
  let freshTotal = 0;

  for (let j = 0; j < jobs.length; j++) {
    const job = jobs[j]!;
    let c = counters.get(job.bench);
    if (!c) counters.set(job.bench, (c = emptyCounters()));
    c.samples += job.samples;
    const base = requestKeyBase(opts.identity, backend.describe(job.spec, job.gen));
    const k: string[] = [];
    const res: GeneratedSample[] = new Array(job.samples);
    const missing: number[] = [];
    for (let s = 0; s < job.samples; s++) {
      const key = sampleKey(base, s);
      k.push(key);
      const hit = useCache ? store?.get(key) : undefined;
      if (hit) {
        res[s] = { ...fromStored(hit), sample: s };
        opts.onSample?.(j, res[s]);
        c.cached++;
        c.done++;
      } else missing.push(s);
    }
    keys.push(k);
    results.push(res);
    if (missing.length) {
      units.push({ job: j, samples: missing, attempt: 0 });
      freshTotal += missing.length;
    }
  }

  const queue = new WorkQueue<Unit>(units);
  const ctl =
    opts.controller ??
    new ConcurrencyController(opts.adaptive ? { max: opts.concurrency } : { fixed: opts.concurrency, source: opts.concurrencySource ?? "flag" });
  // Samples per request: the backend's limit, lowered to 1 for the rest of this run when the server ignores `n`.
  let maxN = Math.max(1, backend.maxN);
  let inflight = 0;
  let freshDone = 0;
  let completionTokens = 0;
  const startedAt = Date.now();
  const state = (): ProgressState => ({
    benches: [...counters].map(([name, c]) => ({ name, total: c.samples, done: c.done, errors: c.errors })),
    inflight,
    completionTokens,
    freshTotal,
    freshDone,
    startedAt,
    concurrency: { limit: ctl.limit, adaptive: ctl.mode === "adaptive" },
  });
  opts.onStart?.(state);

  let answers = 0;
  const outage = new OutagePolicy(policy, (t) => queue.pauseUntil(t), Date.now, Math.random, {
    ...(opts.maxOutageMs !== undefined ? { maxOutageMs: opts.maxOutageMs } : {}),
    onWait: (w) =>
      opts.log?.(
        `server unreachable since ${clockTime(w.since)} (${w.code}); trying again at ${clockTime(w.retryAt)}` + (w.giveUpAt !== null ? `, giving up at ${clockTime(w.giveUpAt)}` : ""),
      ),
  });
  const failFast = new FailFast();
  let stopped: GenerationOutcome["stopped"];
  const endpoints = (opts.endpoints ?? [{ backend, concurrency: opts.concurrency, source: opts.concurrencySource ?? ("flag" as const) }]).map((e) => new RunEndpoint(e.backend, e, policy));
  const several = endpoints.length > 1;

  const onAbort = (): void => {
    queue.cancel();
    for (const e of endpoints) e.backend.cancelAll();
  };
  if (opts.signal?.aborted) onAbort();
  else opts.signal?.addEventListener("abort", onAbort, { once: true });

  const record = (unit: Unit, gens: Generation[], usage: TokenUsage | undefined): void => {
    const job = jobs[unit.job]!;
    const c = counters.get(job.bench)!;
    const now = Date.now();
    c.requests++;
    c.last_done = now;
    if (usage) {
      c.prompt_tokens += usage.prompt_tokens;
      c.completion_tokens += usage.completion_tokens;
      completionTokens += usage.completion_tokens;
    }
    for (let i = 0; i < gens.length; i++) {
      const g = gens[i]!;
      const s = unit.samples[i]!;
      const key = keys[unit.job]![s]!;
      const r: GeneratedSample = { key, sample: s, raw: g.text, text: stripReasoning(g.text).text, finish_reason: g.finish_reason, cached: false, attempts: unit.attempt + 1 };
      if (g.reasoning !== undefined) r.reasoning = g.reasoning;
      if (g.first_token_logprobs !== undefined) r.logprobs = g.first_token_logprobs;
      results[unit.job]![s] = r;
      opts.onSample?.(unit.job, r);
      if (store) {
        const rec: StoredSample = { v: 1, key, bench: job.bench, id: job.id, sample: s, raw: g.text, finish_reason: g.finish_reason, t: now };
        if (g.reasoning !== undefined) rec.reasoning = g.reasoning;
        if (g.first_token_logprobs !== undefined) rec.logprobs = g.first_token_logprobs;
        if (i === 0 && usage) rec.usage = usage;
        if (i === 0 && gens.length > 1) rec.n = gens.length;
        store.append(rec);
      }
      c.done++;
      freshDone++;
      answers++;
    }
  };

  const fail = (unit: Unit, err: unknown): void => {
    const job = jobs[unit.job]!;
    const c = counters.get(job.bench)!;
    for (const s of unit.samples) {
      results[unit.job]![s] = { key: keys[unit.job]![s]!, sample: s, raw: "", text: "", finish_reason: null, cached: false, error: describeError(err), attempts: unit.attempt };
      opts.onSample?.(unit.job, results[unit.job]![s]!);
      c.errors++;
      c.done++;
      freshDone++;
    }
    c.last_done = Date.now();
  };

  const groups = endpoints.map((e) => ({ workers: e.workers, gate: e.gate }));
  const handleUnit = async (unit: Unit, group: number): Promise<void> => {
    const ep = endpoints[group]!;
    const job = jobs[unit.job]!;
    const c = counters.get(job.bench)!;
    const n = Math.min(unit.samples.length, maxN);
    if (unit.samples.length > n) {
      queue.pushFront({ job: unit.job, samples: unit.samples.slice(n), attempt: 0 });
      unit = { ...unit, samples: unit.samples.slice(0, n) };
    }
    // Separate requests for the samples of one prompt must not share a seed (identical answers).
    const gen = n === 1 && job.samples > 1 && job.gen.seed !== undefined ? { ...job.gen, seed: job.gen.seed + unit.samples[0]! } : job.gen;
    c.first_sent ??= Date.now();
    inflight++;
    ep.started();
    ctl.onStart();
    const sent = Date.now();
    const sentAt = performance.now();
    let result;
    try {
      result = await ep.backend.generate(job.spec, gen, n, { timeoutMs: opts.timeoutMs });
      if (result.generations.length === 0) throw new ResponseFormatError("the backend returned no generation");
    } catch (err) {
      inflight--;
      const busy = err instanceof HttpStatusError && (err.status === 429 || err.status === 503);
      ep.finished(err instanceof RequestTimeoutError ? "timeout" : busy ? "busy" : "failed", Date.now() - sent);
      if (err instanceof RequestTimeoutError) ctl.onTimeout();
      else if (busy) ctl.onQueueing();
      else ctl.onFailure();
      if (err instanceof CancelledError || queue.isCancelled) return;
      if (failFast.failure(err)) {
        // Wrong API, a web page, a proxy: unusable arguments, not a flaky server (exit 2).
        stopped = { reason: failFastMessage(err, backend.kind, backend.baseUrl ?? null, FAIL_FAST_AFTER), exitCode: 2 };
        onAbort();
        return;
      }
      if (several && err instanceof TransportError) {
        // This endpoint stopped answering: pause it and give the unit to the others while any is up.
        ep.lost();
        if (endpoints.some((e) => e.isUp())) {
          queue.pushFront(unit);
          return;
        }
      }
      // One server down, or every endpoint down: the outage rule (wait, then stop after --max-outage).
      if (outage.serverDown(err)) {
        if (outage.expired) {
          if (!stopped) {
            const saved = answers + [...counters.values()].reduce((a, b) => a + b.cached, 0);
            stopped = { reason: `${several ? "every endpoint" : "server"} unreachable since ${clockTime(outage.since!)}; ${saved} answers saved; rerun to resume`, exitCode: 1 };
            onAbort();
          }
          return;
        }
        c.retries++;
        queue.pushFront(unit);
        return;
      }
      unit.attempt++;
      const delay = nextDelayMs(err, unit.attempt, policy);
      if (delay === null) {
        fail(unit, err);
        return;
      }
      c.retries++;
      // A 429/503 with Retry-After speaks for the whole server: hold every worker (of a single server).
      const ra = retryAfterMs(err, policy);
      if (ra !== undefined && busy) {
        if (several) ep.hold(Date.now() + ra);
        else queue.pauseUntil(Date.now() + ra);
      }
      queue.pushLater(unit, delay);
      return;
    }
    inflight--;
    ctl.onSuccess(performance.now() - sentAt);
    outage.answered();
    failFast.success();
    const gens = result.generations.slice(0, n);
    ep.finished("ok", Date.now() - sent, gens.length);
    if (gens.length < n) {
      // The server ignored `n`: ask one sample per request from now on.
      maxN = 1;
      queue.pushFront({ job: unit.job, samples: unit.samples.slice(gens.length), attempt: 0 });
      unit = { ...unit, samples: unit.samples.slice(0, gens.length) };
    }
    record(unit, gens, result.usage);
  };
  // A failure outside the request (the response store cannot be written) stops every worker, not just this one.
  const guarded = async (unit: Unit, group: number): Promise<void> => {
    try {
      await handleUnit(unit, group);
    } catch (err) {
      onAbort();
      throw err;
    }
  };
  // Several endpoints: each its own workers behind its gate; one server: the run's controller sets the limit.
  if (several) await queue.runGroups(groups, guarded);
  else await queue.run({ max: ctl.max, limit: () => ctl.limit }, (unit) => guarded(unit, 0));
  for (const e of endpoints) e.close();
  opts.signal?.removeEventListener("abort", onAbort);
  if (store) await store.flush();
  const out: GenerationOutcome = { results, counters, endpoints: endpoints.map((e) => e.stats()), cancelled: queue.isCancelled && !stopped, concurrency: ctl.snapshot() };
  if (stopped) out.stopped = stopped;
  return out;
}
