// Evaluate every variant of a ladder in turn, baseline first: reuse a finished result in the output
// directory, else start the engine for a model file (or connect to the user's server), run the eval
// and stop it. A variant that fails is recorded with its reason and the others still run.
import { generationBenchmarks, runEval, startModelTarget, type EvalPlan } from "../runner/run-eval.js";
import { chooseEngine, type EngineChoice } from "../target/autostart.js";
import { connectToServer, type EvalTarget } from "../target/connect.js";
import { findFinished, type ReuseKey } from "./reuse.js";
import type { FileVariant, Variant } from "./variants.js";

export interface SweepRunOptions {
  plan: EvalPlan;
  engine: EngineChoice;
  serverArgs: string[];
  threads?: number;
  concurrency?: number;
  /** Server API of the `name=URL` variants. */
  backendKind: string;
  apiKey?: string;
  /** Context tokens per slot for each model file, by variant name (measured before anything starts). */
  contextSize: Map<string, number>;
  progress?: NodeJS.WritableStream;
  signal?: AbortSignal;
  /** One line of news (no trailing newline). */
  log(line: string): void;
}

export type VariantStatus = "evaluated" | "reused" | "failed" | "not run";

export interface VariantOutcome {
  variant: Variant;
  status: VariantStatus;
  resultFile?: string;
  /** Why the variant has no result (failed) or why it stopped (not run). */
  error?: string;
  /** Items with an error in its result (rerun to retry them). */
  itemErrors: number;
  /** Requests sent and answers taken from the response store, over all benchmarks. */
  requests: number;
  cached: number;
}

export interface LadderRun {
  variants: VariantOutcome[];
  /** Stopped by a signal: the variants after the current one were not run. */
  cancelled: boolean;
}

function fileKey(v: FileVariant, o: SweepRunOptions): ReuseKey {
  // Perplexity alone starts no engine: the identity is the weights' alone (see modelProvenance).
  if (generationBenchmarks(o.plan).length === 0) return { identity: { exact: `weights|${v.model.fingerprint}` } };
  return { identity: { prefix: `weights|${v.model.fingerprint}|` }, engine: chooseEngine(v.model.model_format, o.engine), serverArgs: o.serverArgs };
}

/** The plan for one variant: the perplexity benchmark scores with this variant's model file or server. */
export function variantPlan(v: Variant, plan: EvalPlan): EvalPlan {
  if (!plan.perplexity) return plan;
  const { modelPath: _m, baseUrl: _u, ...rest } = plan.perplexity;
  return { ...plan, perplexity: { ...rest, ...(v.kind === "file" ? { modelPath: v.model.path } : { baseUrl: v.url }) } };
}

async function openTarget(v: Variant, o: SweepRunOptions): Promise<EvalTarget> {
  if (v.kind === "server") return connectToServer(o.backendKind, v.url, { concurrency: o.concurrency, apiKey: o.apiKey });
  const ctx = o.contextSize.get(v.name);
  return startModelTarget(
    {
      modelPath: v.model.path,
      engine: o.engine,
      autostart: true,
      serverArgs: o.serverArgs,
      backendKind: o.backendKind,
      ...(ctx !== undefined ? { contextSize: ctx } : {}),
      ...(o.threads !== undefined ? { threads: o.threads } : {}),
      ...(o.concurrency !== undefined ? { concurrency: o.concurrency } : {}),
      ...(o.apiKey !== undefined ? { apiKey: o.apiKey } : {}),
    },
    o.plan,
  );
}

function reused(variant: Variant, file: string): VariantOutcome {
  return { variant, status: "reused", resultFile: file, itemErrors: 0, requests: 0, cached: 0 };
}

async function runOne(v: Variant, common: SweepRunOptions): Promise<VariantOutcome | "cancelled"> {
  const o = { ...common, plan: variantPlan(v, common.plan) };
  const useStore = !o.plan.noCache;
  if (v.kind === "file" && useStore) {
    const done = findFinished(o.plan.out, o.plan, fileKey(v, o));
    if (done) return reused(v, done.file);
  }
  const target = await openTarget(v, o);
  try {
    if (v.kind === "server" && useStore) {
      const done = findFinished(o.plan.out, o.plan, { identity: { exact: target.identity } });
      if (done) return reused(v, done.file);
    }
    // This variant's own stop: a Ctrl-C ends the sweep; a server that dies, stays unreachable or is the
    // wrong API fails this variant only.
    const own = new AbortController();
    const onOuter = (): void => own.abort();
    o.signal?.addEventListener("abort", onOuter, { once: true });
    let lost: string | null = null;
    void target.lost?.then((why) => {
      lost = why;
      own.abort();
    });
    let run;
    try {
      run = await runEval(target, o.plan, { progress: o.progress, signal: own.signal, autostarted: v.kind === "file", warn: (l) => o.log(`${v.name}: ${l}`) });
    } finally {
      o.signal?.removeEventListener("abort", onOuter);
    }
    const fail = (error: string): VariantOutcome => ({ variant: v, status: "failed", error, itemErrors: 0, requests: 0, cached: 0 });
    if (run.cancelled && run.stopped) return fail(run.stopped.reason);
    if (run.cancelled && lost) return fail(`${lost}; the answers so far are kept; rerun the sweep to resume`);
    if (run.cancelled) return "cancelled";
    const usage = Object.values(run.outcome.benchmarks).map((b) => b.usage);
    return {
      variant: v,
      status: "evaluated",
      resultFile: run.resultFile,
      itemErrors: run.outcome.itemErrors,
      requests: usage.reduce((a, u) => a + u.requests, 0),
      cached: usage.reduce((a, u) => a + u.cached, 0),
    };
  } finally {
    await target.close();
  }
}

function usageText(r: VariantOutcome): string {
  if (r.status === "reused") return `reused ${r.resultFile} (no request sent)`;
  const errs = r.itemErrors ? `, ${r.itemErrors} failed item(s)` : "";
  return `wrote ${r.resultFile} (${r.requests} requests, ${r.cached} answers from the response store${errs})`;
}

/** Evaluate the ladder (baseline first, as given); never throws for one variant's failure. */
export async function runLadder(variants: Variant[], o: SweepRunOptions): Promise<LadderRun> {
  const out: VariantOutcome[] = [];
  let cancelled = false;
  for (const [i, v] of variants.entries()) {
    const step = `[${i + 1}/${variants.length}] ${v.name}`;
    if (cancelled || o.signal?.aborted) {
      cancelled = true;
      out.push({ variant: v, status: "not run", error: "the sweep was interrupted", itemErrors: 0, requests: 0, cached: 0 });
      continue;
    }
    o.log(`${step}: ${v.kind === "file" ? v.model.path : v.url}`);
    try {
      const r = await runOne(v, o);
      if (r === "cancelled") {
        cancelled = true;
        out.push({ variant: v, status: "not run", error: "interrupted; rerun the same command to resume (answered requests are kept)", itemErrors: 0, requests: 0, cached: 0 });
        continue;
      }
      o.log(`${step}: ${usageText(r)}`);
      out.push(r);
    } catch (err) {
      const msg = (err as Error).message.split("\n")[0]!;
      o.log(`${step}: FAILED: ${msg}`);
      out.push({ variant: v, status: "failed", error: msg, itemErrors: 0, requests: 0, cached: 0 });
    }
  }
  return { variants: out, cancelled };
}
