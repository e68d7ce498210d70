// A fake OpenAI-compatible / llama.cpp server on 127.0.0.1 (real HTTP) for the runner tests:
// replays known answers by prompt text, simulates parallel slots with a fixed latency, counts what
// it served, and injects faults on demand (status bursts with Retry-After, connection resets,
// stalls, malformed JSON, slow streams, being killed and restarted).
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo, Socket } from "node:net";

export type Endpoint = "chat" | "completions" | "llamacpp";

export interface FakeRequest {
  endpoint: Endpoint;
  /** Last user message (chat) or the raw prompt. */
  prompt: string;
  body: Record<string, unknown>;
}

export interface FakeAnswer {
  text: string;
  finish_reason?: string;
  reasoning?: string;
}

export type Fault =
  | { type: "status"; status: number; retryAfter?: string; body?: string }
  | { type: "reset" }
  | { type: "stall" }
  | { type: "malformed" }
  | { type: "slow"; chunkMs: number; chunks: number }
  | { type: "kill"; downMs: number };

export interface FakeServerOptions {
  /** The answer to a prompt; sample = index of the choice within the request. */
  answer: (req: FakeRequest, sample: number) => FakeAnswer | string;
  modelId?: string;
  /** Parallel slots: requests beyond this wait (llama.cpp style); reported by /props. Default unlimited. */
  slots?: number;
  /** Serve /props (default: when slots is set). */
  props?: boolean;
  /** Processing time per request while holding a slot, ms. */
  latencyMs?: number;
  /** Fault to inject for the n-th generation request (1-based), if any. */
  fault?: (n: number, req: FakeRequest) => Fault | undefined;
  /** Answer a single choice whatever `n` asks (servers that ignore n). */
  ignoreN?: boolean;
  /** Model file reported by /props (default: derived from the model id). */
  modelPath?: string;
  /** Port to listen on (default: any free one). */
  port?: number;
}

export interface FakeStats {
  /** Generation requests received (all endpoints, faults included). */
  requests: number;
  /** Complete 200 responses delivered. */
  ok: number;
  /** Choices delivered in complete 200 responses, per prompt. */
  okByPrompt: Map<string, number>;
  faults: Record<string, number>;
  maxInflight: number;
  /** `n` of each delivered request. */
  nHistogram: Map<number, number>;
}

export interface FakeServer {
  url: string;
  port: number;
  stats: FakeStats;
  /** Replace the fault plan (or clear it with undefined). */
  setFault(f: FakeServerOptions["fault"]): void;
  /** Drop every connection and stop listening (a crash). */
  kill(): Promise<void>;
  /** Listen again on the same port. */
  restart(): Promise<void>;
  close(): Promise<void>;
}

function tokens(s: string): number {
  return Math.max(1, Math.ceil(s.length / 4));
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => resolve(Buffer.concat(chunks).toString("utf8")));
    req.on("error", reject);
  });
}

function promptOf(endpoint: Endpoint, body: Record<string, unknown>): string {
  if (endpoint !== "chat") return typeof body.prompt === "string" ? body.prompt : "";
  const msgs = Array.isArray(body.messages) ? (body.messages as Array<{ role?: string; content?: string }>) : [];
  for (let i = msgs.length - 1; i >= 0; i--) if (msgs[i]!.role === "user") return String(msgs[i]!.content ?? "");
  return "";
}

class Slots {
  private waiters: Array<() => void> = [];
  constructor(private free: number) {}
  async acquire(): Promise<void> {
    if (this.free > 0) {
      this.free--;
      return;
    }
    await new Promise<void>((r) => this.waiters.push(r));
  }
  release(): void {
    const w = this.waiters.shift();
    if (w) w();
    else this.free++;
  }
}

export async function startFakeServer(opts: FakeServerOptions): Promise<FakeServer> {
  const modelId = opts.modelId ?? "fake/model-7b";
  const slots = opts.slots ? new Slots(opts.slots) : undefined;
  const serveProps = opts.props ?? opts.slots !== undefined;
  let faultPlan = opts.fault;
  const stats: FakeStats = { requests: 0, ok: 0, okByPrompt: new Map(), faults: {}, maxInflight: 0, nHistogram: new Map() };
  let inflight = 0;
  const sockets = new Set<Socket>();
  let port = opts.port ?? 0;
  let server: Server;
  let killedUntil = 0;

  function json(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
    const text = JSON.stringify(body);
    res.writeHead(status, { "content-type": "application/json", "content-length": Buffer.byteLength(text), ...headers });
    res.end(text);
  }

  function build(endpoint: Endpoint, req: FakeRequest, n: number): { body: unknown; choices: number } {
    const answers = Array.from({ length: n }, (_, i) => {
      const a = opts.answer(req, i);
      return typeof a === "string" ? { text: a } : a;
    });
    const promptTokens = tokens(req.prompt);
    const completionTokens = answers.reduce((s, a) => s + tokens(a.text), 0);
    const usage = { prompt_tokens: promptTokens, completion_tokens: completionTokens, total_tokens: promptTokens + completionTokens };
    if (endpoint === "llamacpp") {
      const a = answers[0]!;
      const limit = a.finish_reason === "length";
      return {
        body: { content: a.text, stop: true, stop_type: limit ? "limit" : "eos", stopped_limit: limit, stopped_eos: !limit, tokens_predicted: tokens(a.text), tokens_evaluated: promptTokens },
        choices: 1,
      };
    }
    const choices = answers.map((a, index) =>
      endpoint === "chat"
        ? { index, message: { role: "assistant", content: a.text, ...(a.reasoning ? { reasoning_content: a.reasoning } : {}) }, finish_reason: a.finish_reason ?? "stop" }
        : { index, text: a.text, finish_reason: a.finish_reason ?? "stop" },
    );
    return { body: { id: "fake", object: endpoint === "chat" ? "chat.completion" : "text_completion", model: modelId, choices, usage }, choices: n };
  }

  async function generate(endpoint: Endpoint, req: IncomingMessage, res: ServerResponse): Promise<void> {
    const raw = await readBody(req);
    const body = JSON.parse(raw) as Record<string, unknown>;
    const freq: FakeRequest = { endpoint, prompt: promptOf(endpoint, body), body };
    const ordinal = ++stats.requests;
    const fault = faultPlan?.(ordinal, freq);
    if (fault) stats.faults[fault.type] = (stats.faults[fault.type] ?? 0) + 1;
    if (fault?.type === "kill") {
      void killFor(fault.downMs);
      return;
    }
    if (fault?.type === "reset") {
      req.socket.destroy();
      return;
    }
    if (fault?.type === "stall") return; // never answer; the client's deadline must fire
    if (fault?.type === "status") {
      const headers: Record<string, string> = fault.retryAfter !== undefined ? { "retry-after": fault.retryAfter } : {};
      json(res, fault.status, { error: { message: fault.body ?? `injected ${fault.status}` } }, headers);
      return;
    }
    await slots?.acquire();
    inflight++;
    stats.maxInflight = Math.max(stats.maxInflight, inflight);
    try {
      if (opts.latencyMs) await new Promise((r) => setTimeout(r, opts.latencyMs));
      if (res.destroyed) return;
      const n = opts.ignoreN || endpoint === "llamacpp" ? 1 : typeof body.n === "number" ? body.n : 1;
      const out = build(endpoint, freq, n);
      const text = JSON.stringify(out.body);
      if (fault?.type === "malformed") {
        res.writeHead(200, { "content-type": "application/json" });
        res.end(text.slice(0, Math.floor(text.length / 2)));
        return;
      }
      // Counted only once the whole body is out (a client that gave up mid-body got nothing).
      res.on("finish", () => {
        stats.ok++;
        stats.okByPrompt.set(freq.prompt, (stats.okByPrompt.get(freq.prompt) ?? 0) + out.choices);
        stats.nHistogram.set(n, (stats.nHistogram.get(n) ?? 0) + 1);
      });
      if (fault?.type === "slow") {
        res.writeHead(200, { "content-type": "application/json" });
        const size = Math.ceil(text.length / fault.chunks);
        for (let i = 0; i < text.length && !res.destroyed; i += size) {
          res.write(text.slice(i, i + size));
          await new Promise((r) => setTimeout(r, fault.chunkMs));
        }
        res.end();
        return;
      }
      json(res, 200, out.body);
    } finally {
      inflight--;
      slots?.release();
    }
  }

  function handler(req: IncomingMessage, res: ServerResponse): void {
    const url = req.url ?? "/";
    const route = `${req.method} ${url.split("?")[0]}`;
    const done = (p: Promise<void>): void => {
      p.catch((err: unknown) => {
        if (!res.headersSent && !res.destroyed) json(res, 500, { error: { message: String(err) } });
      });
    };
    switch (route) {
      case "GET /v1/models":
        return json(res, 200, { object: "list", data: [{ id: modelId, object: "model" }] });
      case "GET /props":
        if (!serveProps) return json(res, 404, { error: "not found" });
        return json(res, 200, { total_slots: opts.slots ?? 1, model_path: opts.modelPath ?? `/models/${modelId.replace(/\//g, "_")}.gguf`, default_generation_settings: {} });
      case "GET /_stats":
        return json(res, 200, { requests: stats.requests, ok: stats.ok, faults: stats.faults, maxInflight: stats.maxInflight });
      case "POST /v1/chat/completions":
        return done(generate("chat", req, res));
      case "POST /v1/completions":
        return done(generate("completions", req, res));
      case "POST /completion":
        return done(generate("llamacpp", req, res));
      default:
        return json(res, 404, { error: { message: `no route ${route}` } });
    }
  }

  function listen(): Promise<void> {
    server = createServer(handler);
    server.keepAliveTimeout = 60_000;
    server.on("connection", (s: Socket) => {
      sockets.add(s);
      s.on("close", () => sockets.delete(s));
      if (Date.now() < killedUntil) s.destroy();
    });
    return new Promise((resolve, reject) => {
      server.once("error", reject);
      server.listen(port, "127.0.0.1", () => {
        port = (server.address() as AddressInfo).port;
        resolve();
      });
    });
  }

  async function kill(): Promise<void> {
    const closed = new Promise<void>((r) => server.close(() => r()));
    for (const s of sockets) s.destroy();
    await closed;
  }

  async function killFor(ms: number): Promise<void> {
    killedUntil = Date.now() + ms;
    await kill();
    await new Promise((r) => setTimeout(r, ms));
    await listen();
  }

  await listen();
  return {
    get url() {
      return `http://127.0.0.1:${port}`;
    },
    get port() {
      return port;
    },
    stats,
    setFault(f) {
      faultPlan = f;
    },
    kill,
    restart: listen,
    close: kill,
  };
}
