// Retry policy: capped exponential backoff with jitter on retryable failures (connection errors,
// timeouts, malformed bodies, 408/409/429/5xx), never shorter than the server's Retry-After.
import { BackendError, HttpStatusError } from "../backends/errors.js";

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
