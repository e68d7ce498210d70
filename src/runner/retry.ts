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

/**
 * Server down (connection refused): a server-wide pause that grows per probe round, not a
 * per-request retry, so a server restart does not use up the items' retries. After `retries` rounds
 * without a connection, failures count against the items again. One per run.
 */
export class OutagePolicy {
  private rounds = 0;
  private until = 0;

  constructor(
    private readonly policy: RetryPolicy,
    /** Holds every worker until the given epoch ms. */
    private readonly pauseUntil: (epochMs: number) => void,
    private readonly now: () => number = Date.now,
    private readonly rand: () => number = Math.random,
  ) {}

  /** True when `err` is the server being down and the request should simply go back in the queue. */
  serverDown(err: unknown): boolean {
    if (!(err instanceof TransportError) || err.code !== "ECONNREFUSED") return false;
    const t = this.now();
    if (t >= this.until) {
      this.rounds++;
      this.until = t + backoffMs(this.rounds, this.policy, this.rand);
      this.pauseUntil(this.until);
    }
    return this.rounds <= this.policy.retries;
  }

  /** A request got an answer: the server is up, the next outage starts from the first round. */
  answered(): void {
    this.rounds = 0;
  }
}
