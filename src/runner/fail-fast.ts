// Failures that retrying cannot fix, seen before the server has answered anything: when the first
// requests all fail the same way (an HTML page, another API's JSON, the same 4xx, bodies that
// never parse), the run stops with one message naming the likely cause and fix.
import { HttpStatusError, ResponseFormatError } from "../backends/errors.js";

/** Failed requests of one kind, with no answer before them, that stop the run. */
export const FAIL_FAST_AFTER = 8;

/** The kind of a failure that says the server is not the API the run expects; undefined for transient ones. */
export function nonTransientKind(err: unknown): string | undefined {
  if (err instanceof ResponseFormatError) return `format:${err.kind}`;
  if (err instanceof HttpStatusError && !err.retryable) return `http:${err.status}`;
  return undefined;
}

/** One message: what every request got, the likely cause, the fix. */
export function failFastMessage(err: unknown, backendKind: string, baseUrl: string | null, count: number): string {
  const where = baseUrl ? ` at ${baseUrl}` : "";
  const detail = err instanceof Error ? err.message : String(err);
  const head = `the first ${count} requests to the server${where} all failed the same way (${detail})`;
  const backends = "--backend chat (/v1/chat/completions), completions (/v1/completions) or llamacpp (llama-server /completion)";
  if (err instanceof ResponseFormatError && err.kind === "html") {
    return `${head}: that port serves a web page, not the model API — a web UI (e.g. Open WebUI) or a proxy/login page. Point --base-url/--port at the API server itself.`;
  }
  if (err instanceof ResponseFormatError && err.kind === "shape") {
    return `${head}: the answers are not --backend ${backendKind} responses. Wrong --backend for this server? Try ${backends}.`;
  }
  if (err instanceof ResponseFormatError) {
    return `${head}: the answers are not JSON — a proxy in between, or not an inference server. Check --base-url/--port.`;
  }
  if (err instanceof HttpStatusError && (err.status === 404 || err.status === 405)) {
    return `${head}: the server has no such endpoint. Wrong --backend (${backends}) or a wrong path in --base-url?`;
  }
  if (err instanceof HttpStatusError && (err.status === 401 || err.status === 403)) {
    return `${head}: the server wants credentials. Set WORKBENCH_API_KEY (or OPENAI_API_KEY).`;
  }
  return `${head}: the server rejects these requests. Check --backend, --model-name and --gen-kwargs.`;
}

/** Watches failures until the first answer; says when to stop. */
export class FailFast {
  private answered = false;
  private readonly counts = new Map<string, number>();

  /** The server answered: from now on failures are per item. */
  success(): void {
    this.answered = true;
  }

  /** A failed request; true when the run should stop. */
  failure(err: unknown): boolean {
    if (this.answered) return false;
    const kind = nonTransientKind(err);
    if (kind === undefined) return false;
    const n = (this.counts.get(kind) ?? 0) + 1;
    this.counts.set(kind, n);
    return n >= FAIL_FAST_AFTER;
  }
}
