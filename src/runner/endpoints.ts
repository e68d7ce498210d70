// The endpoints of a run as the work queue sees them: each has its own concurrency (a fixed limit
// or the adaptive controller), counts what it served, and, when it stops answering, pauses itself
// with a growing backoff (its workers then leave the units to the other endpoints) and probes again.
import type { Backend } from "../backends/types.js";
import { ConcurrencyController, type ConcurrencySnapshot } from "./concurrency.js";
import type { WorkerGate } from "./queue.js";
import { backoffMs, type RetryPolicy } from "./retry.js";

/** One endpoint given to a run; no `concurrency`: the adaptive controller decides. */
export interface EndpointSpec {
  backend: Backend;
  concurrency?: number;
  source?: "flag" | "server";
}

/** What the result's server block says about each endpoint. */
export interface EndpointStats {
  base_url: string | null;
  /** Requests it answered (each may carry several samples). */
  requests: number;
  samples: number;
  /** Attempts that failed there (retried elsewhere or later). */
  failed_attempts: number;
  /** Times it stopped answering and was paused. */
  outages: number;
  concurrency: Pick<ConcurrencySnapshot, "mode" | "source" | "limit" | "peak">;
}

export type Outcome = "ok" | "timeout" | "busy" | "failed";

export class RunEndpoint {
  readonly controller: ConcurrencyController;
  requests = 0;
  samples = 0;
  failedAttempts = 0;
  outages = 0;
  private pausedUntil = 0;
  private rounds = 0;
  private slotWaiters: Array<() => void> = [];
  private timers = new Set<NodeJS.Timeout>();

  constructor(
    readonly backend: Backend,
    spec: EndpointSpec,
    private readonly policy: RetryPolicy,
  ) {
    this.controller = new ConcurrencyController(spec.concurrency !== undefined ? { fixed: spec.concurrency, source: spec.source ?? "flag" } : {});
  }

  /** Workers to start for it: enough for the largest limit it may reach. */
  get workers(): number {
    return this.controller.max;
  }

  /** Up: not paused after a failure to connect. */
  isUp(now = Date.now()): boolean {
    return now >= this.pausedUntil;
  }

  /** The queue's gate for this endpoint's workers. */
  readonly gate: WorkerGate = () => {
    const wait = this.pausedUntil - Date.now();
    if (wait > 0) {
      return new Promise<void>((r) => {
        const t = setTimeout(() => {
          this.timers.delete(t);
          r();
        }, wait);
        this.timers.add(t);
      });
    }
    if (!this.controller.canStart) return new Promise<void>((r) => this.slotWaiters.push(r));
    return undefined;
  };

  /** A request is sent (called before the first await of the unit). */
  started(): void {
    this.controller.onStart();
  }

  finished(outcome: Outcome, latencyMs: number, samples = 0): void {
    if (outcome === "ok") {
      this.controller.onSuccess(latencyMs);
      this.requests++;
      this.samples += samples;
      this.rounds = 0;
    } else {
      this.failedAttempts++;
      if (outcome === "timeout") this.controller.onTimeout();
      else if (outcome === "busy") this.controller.onQueueing();
      else this.controller.onFailure();
    }
    const w = this.slotWaiters;
    this.slotWaiters = [];
    for (const f of w) f();
  }

  /** It could not be reached: pause it (once per probe round, longer each round). Returns the rounds so far. */
  lost(now = Date.now()): number {
    if (now >= this.pausedUntil) {
      this.rounds++;
      this.outages += this.rounds === 1 ? 1 : 0;
      this.pausedUntil = now + backoffMs(this.rounds, this.policy);
    }
    return this.rounds;
  }

  /** Hold its workers until `untilMs` (its Retry-After). */
  hold(untilMs: number): void {
    if (untilMs > this.pausedUntil) this.pausedUntil = untilMs;
  }

  /** Stop the pause timers (the run is over). */
  close(): void {
    for (const t of this.timers) clearTimeout(t);
    this.timers.clear();
  }

  stats(): EndpointStats {
    const s = this.controller.snapshot();
    return {
      base_url: this.backend.baseUrl,
      requests: this.requests,
      samples: this.samples,
      failed_attempts: this.failedAttempts,
      outages: this.outages,
      concurrency: { mode: s.mode, source: s.source, limit: s.limit, peak: s.peak },
    };
  }
}
