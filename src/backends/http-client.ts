// The shared HTTP client of the server backends: one undici Pool per server (keep-alive, one
// connection per request in flight), a per-request deadline that does not count time spent waiting
// in the server's queue, and errors mapped to the classes in errors.ts so the runner can decide
// what to retry.
//
// The deadline: a request's `timeoutMs` runs from the moment it can be seen to be served — its own
// response starting, or a request sent after it finishing (a server admits requests in order) —
// and, until then, from the last moment the server delivered anything. A request waiting behind
// others on a busy server therefore does not time out; a stalled request, or a server that has
// gone silent, still does.
import { EventEmitter } from "node:events";
import { Pool } from "undici";
import { BackendError, CancelledError, HttpStatusError, RequestTimeoutError, ResponseFormatError, TransportError, parseRetryAfter } from "./errors.js";
import { printable } from "../util/printable.js";

export interface ServerAddress {
  /** scheme://host:port */
  origin: string;
  /** Path prefix below the origin (no trailing slash, no trailing /v1), usually "". */
  prefix: string;
  /** origin + prefix: what results record as base_url. */
  baseUrl: string;
}

/** Accept `http://host:8000`, `http://host:8000/`, `http://host:8000/v1`, `http://host/proxy/v1/`. */
export function parseServerAddress(url: string): ServerAddress {
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    throw new Error(`base URL '${url}' is not a URL (expected e.g. http://127.0.0.1:8000/v1)`);
  }
  if (u.protocol !== "http:" && u.protocol !== "https:") throw new Error(`base URL '${url}': expected http:// or https://`);
  if (u.search || u.hash) throw new Error(`base URL '${url}': expected no query string or fragment`);
  let prefix = u.pathname.replace(/\/+$/, "");
  if (prefix.endsWith("/v1")) prefix = prefix.slice(0, -3);
  return { origin: u.origin, prefix, baseUrl: u.origin + prefix };
}

function snippet(text: string): string {
  const t = printable(text, { oneLine: true }).replace(/\s+/g, " ").trim();
  return t.length > 200 ? t.slice(0, 200) + "…" : t;
}

function header(h: Record<string, string | string[] | undefined>, name: string): string | undefined {
  const v = h[name];
  return Array.isArray(v) ? v[0] : v;
}

function toTransportError(err: unknown): TransportError {
  const e = err as { code?: string; message?: string; cause?: { code?: string; message?: string } };
  const code = e.code && e.code !== "UND_ERR" ? e.code : e.cause?.code;
  const msg = e.message ?? String(err);
  return new TransportError(`${code ? code + ": " : ""}${msg}`, code);
}

/**
 * An abort signal undici accepts (an EventEmitter with `aborted`), several times cheaper to create
 * than an AbortController: one is made per request.
 */
class RequestSignal extends EventEmitter {
  aborted = false;
  /** Order of sending, epoch ms sent, and when it was seen to be served. */
  seq = 0;
  sentAt = 0;
  servedAt: number | undefined;
  reason: Error | undefined;
  abort(): void {
    if (this.aborted) return;
    this.aborted = true;
    this.reason = new Error("aborted");
    this.emit("abort");
  }
}

export interface HttpClientOptions {
  /** Connections kept to the server (= requests in flight). */
  connections: number;
  apiKey?: string;
}

export class HttpClient {
  readonly address: ServerAddress;
  private readonly pool: Pool;
  private readonly headers: Record<string, string>;
  /** In flight, in the order sent. */
  private readonly inflight = new Set<RequestSignal>();
  private sent = 0;
  /** Epoch ms of the last response (or part of one) from the server. */
  private lastActivity = 0;

  constructor(address: ServerAddress, opts: HttpClientOptions) {
    this.address = address;
    this.pool = new Pool(address.origin, {
      connections: Math.max(1, opts.connections),
      pipelining: 1,
      keepAliveTimeout: 30_000,
      // The whole-request deadline below replaces undici's inactivity timeouts.
      headersTimeout: 0,
      bodyTimeout: 0,
    });
    this.headers = { "content-type": "application/json", accept: "application/json" };
    if (opts.apiKey) this.headers.authorization = `Bearer ${opts.apiKey}`;
  }

  /** POST a JSON body (already serialized) and parse the JSON answer. */
  postJson(path: string, body: string, timeoutMs?: number): Promise<unknown> {
    return this.send("POST", path, body, timeoutMs);
  }

  getJson(path: string, timeoutMs?: number): Promise<unknown> {
    return this.send("GET", path, undefined, timeoutMs);
  }

  /** When `r` times out (epoch ms): see the file comment. */
  private deadline(r: RequestSignal, timeoutMs: number): number {
    return (r.servedAt ?? Math.max(r.sentAt, this.lastActivity)) + timeoutMs;
  }

  /** `r`'s response finished: the server is alive, and every request sent before it has been admitted. */
  private finished(r: RequestSignal, now: number): void {
    this.lastActivity = now;
    for (const o of this.inflight) {
      if (o.seq >= r.seq) break;
      o.servedAt ??= now;
    }
  }

  private async send(method: "GET" | "POST", path: string, body: string | undefined, timeoutMs: number | undefined): Promise<unknown> {
    const ctrl = new RequestSignal();
    ctrl.seq = ++this.sent;
    ctrl.sentAt = Date.now();
    let timedOut = false;
    let settled = false;
    let timer: NodeJS.Timeout | undefined;
    // After an event-loop stall, expired timers run before the I/O that arrived meanwhile: give that
    // I/O one turn (setImmediate runs after the poll phase) so an answer already received is not
    // thrown away and asked again.
    const expire = (): void => {
      if (settled) return;
      const left = this.deadline(ctrl, timeoutMs!) - Date.now();
      if (left > 0) {
        timer = setTimeout(check, left);
        return;
      }
      timedOut = true;
      ctrl.abort();
    };
    const check = (): void => void setImmediate(expire);
    if (timeoutMs && timeoutMs > 0) timer = setTimeout(check, timeoutMs);
    this.inflight.add(ctrl);
    try {
      const res = await this.pool.request({ path: this.address.prefix + path, method, headers: this.headers, body, signal: ctrl });
      ctrl.servedAt ??= Date.now();
      this.lastActivity = Date.now();
      let text = "";
      res.body.setEncoding("utf8");
      for await (const chunk of res.body as AsyncIterable<string>) {
        text += chunk;
        this.lastActivity = Date.now();
      }
      if (res.statusCode >= 200 && res.statusCode < 300) this.finished(ctrl, Date.now());
      if (res.statusCode < 200 || res.statusCode >= 300) {
        const h = res.headers as Record<string, string | string[] | undefined>;
        throw new HttpStatusError(res.statusCode, parseRetryAfter(header(h, "retry-after"), header(h, "retry-after-ms")), snippet(text));
      }
      try {
        return JSON.parse(text) as unknown;
      } catch {
        const type = header(res.headers as Record<string, string | string[] | undefined>, "content-type") ?? "";
        if (/html/i.test(type) || /^\s*<(!doctype|html|head|body)\b/i.test(text)) {
          throw new ResponseFormatError(`an HTML page (${type || "no content-type"}) in the response to ${method} ${path}, not JSON: ${snippet(text)}`, "html");
        }
        throw new ResponseFormatError(`malformed JSON in the response to ${method} ${path} (${text.length} bytes): ${snippet(text)}`, "malformed");
      }
    } catch (err) {
      if (err instanceof BackendError) throw err;
      if (ctrl.aborted) throw timedOut ? new RequestTimeoutError(timeoutMs!) : new CancelledError();
      throw toTransportError(err);
    } finally {
      settled = true;
      if (timer) clearTimeout(timer);
      this.inflight.delete(ctrl);
    }
  }

  cancelAll(): void {
    for (const c of this.inflight) c.abort();
  }

  async close(): Promise<void> {
    this.cancelAll();
    await this.pool.destroy();
  }
}
