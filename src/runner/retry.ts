// Retry policy: capped exponential backoff with jitter on retryable failures (connection errors,
// timeouts, malformed bodies, 408/409/429/5xx), never shorter than the server's Retry-After.
import { BackendError, HttpStatusError, TransportError } from "../backends/errors.js";

export interface RetryPolicy {
  /** Retries after the first attempt. */
  retries: number;
  /** First backoff, ms; doubles per attempt. */
  baseMs: number;
  /** Largest backoff, ms. */
  capMs: number;
  /** Largest Retry-After honoured, ms (a longer one is cut to this). */
  maxRetryAfterMs: number;
}

export const DEFAULT_RETRY: RetryPolicy = { retries: 8, baseMs: 500, capMs: 30_000, maxRetryAfterMs: 120_000 };

/** "Equal jitter": uniformly in [d/2, d] with d = min(cap, base·2^(attempt-1)); attempt counts from 1. */
export function backoffMs(attempt: number, policy: RetryPolicy, rand: () => number = Math.random): number {
  const d = Math.min(policy.capMs, policy.baseMs * 2 ** Math.max(0, attempt - 1));
  return d / 2 + rand() * (d / 2);
}

export function isRetryable(err: unknown): boolean {
  return err instanceof BackendError && err.retryable;
}

/** Retry-After of a failure, capped; undefined when the server sent none. */
export function retryAfterMs(err: unknown, policy: RetryPolicy): number | undefined {
  if (err instanceof HttpStatusError && err.retryAfterMs !== undefined) return Math.min(err.retryAfterMs, policy.maxRetryAfterMs);
  return undefined;
}

/** How long to wait before attempt `attempt + 1`, or null to give up. `attempt` = failures so far (≥ 1). */
export function nextDelayMs(err: unknown, attempt: number, policy: RetryPolicy, rand: () => number = Math.random): number | null {
  if (!isRetryable(err) || attempt > policy.retries) return null;
  return Math.max(backoffMs(attempt, policy, rand), retryAfterMs(err, policy) ?? 0);
}

/** Connection errors that mean the server is not there (as opposed to one request going wrong). */
const UNREACHABLE = new Set(["ECONNREFUSED", "EHOSTUNREACH", "ENETUNREACH"]);

export interface OutageOptions {
  /** Longest outage before the run gives up, ms; without it, `retries` rounds then failures count against the items. */
  maxOutageMs?: number;
  /** Told at each round of waiting (for a line on stderr). */
  onWait?: (info: { since: number; retryAt: number; giveUpAt: number | null; code: string }) => void;
}

/** Local clock time HH:MM:SS. */
export function clockTime(epochMs: number): string {
  return new Date(epochMs).toTimeString().slice(0, 8);
}

/**
 * Server down (connection refused): a server-wide pause that grows per probe round, not a
 * per-request retry, so a server restart does not use up the items' retries. With `maxOutageMs`
 * the outage is bounded in time: once the server has been unreachable that long, `expired` is
 * set and the run should stop. One per run.
 */
export class OutagePolicy {
  private rounds = 0;
  private until = 0;
  private downSince: number | undefined;
  /** The outage outlasted maxOutageMs. */
  expired = false;

  constructor(
    private readonly policy: RetryPolicy,
    /** Holds every worker until the given epoch ms. */
    private readonly pauseUntil: (epochMs: number) => void,
    private readonly now: () => number = Date.now,
    private readonly rand: () => number = Math.random,
    private readonly opts: OutageOptions = {},
  ) {}

  /** Epoch ms the current outage began, if the server is down. */
  get since(): number | undefined {
    return this.downSince;
  }

  /** True when `err` is the server being down and the request should simply go back in the queue (check `expired`). */
  serverDown(err: unknown): boolean {
    if (!(err instanceof TransportError) || !UNREACHABLE.has(err.code ?? "")) return false;
    const t = this.now();
    this.downSince ??= t;
    const max = this.opts.maxOutageMs;
    if (max !== undefined && t - this.downSince >= max) {
      this.expired = true;
      return true;
    }
    if (t >= this.until) {
      this.rounds++;
      let wait = backoffMs(this.rounds, this.policy, this.rand);
      if (max !== undefined) wait = Math.min(wait, this.downSince + max - t);
      this.until = t + wait;
      this.pauseUntil(this.until);
      this.opts.onWait?.({ since: this.downSince, retryAt: this.until, giveUpAt: max !== undefined ? this.downSince + max : null, code: err.code! });
    }
    return max !== undefined || this.rounds <= this.policy.retries;
  }

  /** A request got an answer: the server is up, the next outage starts from the first round. */
  answered(): void {
    this.rounds = 0;
    this.downSince = undefined;
  }
}
