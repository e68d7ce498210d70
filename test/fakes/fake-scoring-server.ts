// A fake server on 127.0.0.1 (real HTTP) speaking the three token-scoring APIs over one synthetic
// model: vocabulary V, BOS 1 (added by its tokenizer), one token per character ('a' + id - 2), and a
// next-token distribution that depends on the last two tokens. llama-server /completion (+ /props,
// /v1/models, /tokenize), vLLM /v1/completions with prompt_logprobs (+ /tokenize), SGLang /generate
// with input log-probs (+ /get_model_info).
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";

export const V = 24;
export const BOS = 1;

/** The synthetic model's log-softmax after `prefix` (its last two tokens decide it). */
export function logSoftmax(prefix: readonly number[]): number[] {
  const a = prefix[prefix.length - 1] ?? 0;
  const b = prefix[prefix.length - 2] ?? 0;
  const x = Array.from({ length: V }, (_, i) => 3 * Math.sin(1 + i * 0.7 + a * 1.3 + b * 0.4));
  const m = Math.max(...x);
  const lse = m + Math.log(x.reduce((s, v) => s + Math.exp(v - m), 0));
  return x.map((v) => v - lse);
}

export function tokenizeText(text: string): number[] {
  return [...text].map((c) => 2 + ((c.charCodeAt(0) - 97 + 10 * V) % (V - 2)));
}

function topOf(lp: number[], k: number): number[] {
  return lp.map((_, i) => i).sort((x, y) => lp[y]! - lp[x]! || x - y).slice(0, k);
}

export interface FakeScoringServer {
  url: string;
  requests: Record<string, number>;
  close(): Promise<void>;
}

export async function startFakeScoringServer(api: "llama-server" | "vllm" | "sglang", opts: { maxLogprobs?: number; slots?: number } = {}): Promise<FakeScoringServer> {
  const requests: Record<string, number> = {};
  const server: Server = createServer((req, res) => {
    let raw = "";
    req.on("data", (d: Buffer) => (raw += d.toString()));
    req.on("end", () => {
      const path = req.url ?? "";
      requests[path] = (requests[path] ?? 0) + 1;
      const body = raw ? (JSON.parse(raw) as Record<string, any>) : {};
      const send = (status: number, v: unknown) => {
        res.writeHead(status, { "content-type": "application/json" });
        res.end(JSON.stringify(v));
      };
      if (api === "llama-server") {
        if (path === "/props") return send(200, { total_slots: opts.slots ?? 4, default_generation_settings: { n_ctx: 4096 }, model_path: "/fake.gguf" });
        if (path === "/v1/models") return send(200, { data: [{ id: "fake", meta: { n_vocab: V, n_ctx_train: 4096 } }] });
        if (path === "/tokenize") return send(200, { tokens: [...(body.add_special ? [BOS] : []), ...tokenizeText(String(body.content))] });
        if (path === "/completion") {
          const prompt = body.prompt as number[];
          const lp = logSoftmax(prompt);
          const bias = (body.logit_bias as Array<[number, number]> | undefined) ?? [];
          const biased = lp.map((v, i) => v + (bias.find((b) => b[0] === i)?.[1] ?? 0));
          const id = topOf(biased, 1)[0]!;
          const top = topOf(lp, Number(body.n_probs)).map((i) => ({ id: i, token: String(i), logprob: lp[i] }));
          return send(200, { content: "", completion_probabilities: [{ id, token: String(id), logprob: lp[id], top_logprobs: top }] });
        }
      }
      if (api === "vllm") {
        if (path === "/v1/models") return send(200, { data: [{ id: "fake", max_model_len: 4096 }] });
        if (path === "/tokenize") return send(200, { tokens: [...(body.add_special_tokens ? [BOS] : []), ...tokenizeText(String(body.prompt))] });
        if (path === "/v1/completions") {
          const k = Number(body.prompt_logprobs);
          if (k > (opts.maxLogprobs ?? 20)) return send(400, { error: { message: `Requested prompt logprobs of ${k}, which is greater than max allowed: ${opts.maxLogprobs ?? 20}` } });
          const p = body.prompt as number[];
          const pl = p.map((t, i) => {
            if (i === 0) return null;
            const lp = logSoftmax(p.slice(0, i));
            const e: Record<string, { logprob: number; rank: number }> = {};
            const order = topOf(lp, V);
            for (const j of order.slice(0, k)) e[String(j)] = { logprob: lp[j]!, rank: order.indexOf(j) + 1 };
            e[String(t)] = { logprob: lp[t]!, rank: order.indexOf(t) + 1 };
            return e;
          });
          return send(200, { choices: [{ text: "", prompt_logprobs: pl }] });
        }
      }
      if (api === "sglang") {
        if (path === "/get_model_info") return send(200, { model_path: "fake" });
        if (path === "/generate") {
          const ids: number[] = body.input_ids ?? [BOS, ...tokenizeText(String(body.text))];
          const k = Number(body.top_logprobs_num ?? 0);
          const inp = ids.map((t, i) => [i === 0 ? null : logSoftmax(ids.slice(0, i))[t]!, t, null]);
          const top = ids.map((_, i) => (i === 0 ? null : topOf(logSoftmax(ids.slice(0, i)), k).map((j) => [logSoftmax(ids.slice(0, i))[j]!, j, null])));
          return send(200, { text: "", meta_info: { input_token_logprobs: inp, input_top_logprobs: top } });
        }
      }
      send(404, { error: "not found" });
    });
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  const port = (server.address() as AddressInfo).port;
  return { url: `http://127.0.0.1:${port}`, requests, close: () => new Promise((r) => server.close(() => r())) };
}
