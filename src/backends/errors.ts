// Errors a backend throws; the runner's retry policy (src/runner/retry.ts) classifies them.

export class BackendError extends Error {
  override name = "BackendError";
  /** Whether trying the same request again may succeed. */
  readonly retryable: boolean;
  constructor(message: string, retryable: boolean) {
    super(message);
    this.retryable = retryable;
  }
}

/** The server answered with a non-2xx status. */
export class HttpStatusError extends BackendError {
  override name = "HttpStatusError";
  constructor(
    readonly status: number,
    /** From Retry-After / retry-after-ms, when sent. */
    readonly retryAfterMs: number | undefined,
    bodySnippet: string,
  ) {
    super(`HTTP ${status}${bodySnippet ? `: ${bodySnippet}` : ""}`, status === 408 || status === 409 || status === 429 || status >= 500);
  }
}

/** Connection refused/reset/closed, DNS, socket errors. */
export class TransportError extends BackendError {
  override name = "TransportError";
  constructor(
    message: string,
    readonly code: string | undefined,
  ) {
    super(message, true);
  }
}

/** The per-request deadline passed. */
export class RequestTimeoutError extends BackendError {
  override name = "RequestTimeoutError";
  constructor(timeoutMs: number) {
    super(`request timed out after ${(timeoutMs / 1000).toFixed(1)} s`, true);
  }
}

/**
 * What is wrong with a 2xx body: "malformed" JSON (a truncated body: retried), an "html" page (a web
 * UI or a proxy's page: not retried), or JSON of the wrong "shape" (another API: not retried).
 */
export type ResponseFormatKind = "malformed" | "html" | "shape";

/** A 2xx response whose body is not the JSON the API promises. */
export class ResponseFormatError extends BackendError {
  override name = "ResponseFormatError";
  constructor(
    message: string,
    readonly kind: ResponseFormatKind = "shape",
  ) {
    super(message, kind === "malformed");
  }
}

/** The run was cancelled (Ctrl-C); never retried. */
export class CancelledError extends BackendError {
  override name = "CancelledError";
  constructor() {
    super("cancelled", false);
  }
}

/** Parse Retry-After (delta seconds or HTTP date) or retry-after-ms into milliseconds. */
export function parseRetryAfter(retryAfter: string | undefined, retryAfterMs?: string, now = Date.now()): number | undefined {
  if (retryAfterMs !== undefined) {
    const ms = Number(retryAfterMs);
    if (Number.isFinite(ms) && ms >= 0) return ms;
  }
  if (retryAfter === undefined) return undefined;
  const s = retryAfter.trim();
  if (/^\d+(\.\d+)?$/.test(s)) return Number(s) * 1000;
  const t = Date.parse(s);
  if (Number.isNaN(t)) return undefined;
  return Math.max(0, t - now);
}
