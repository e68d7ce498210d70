// Backend selection: --backend chat|completions|llamacpp over a running server.
import { discoverServer, type DiscoverOptions } from "./discovery.js";
import { HttpBackend } from "./http-backend.js";
import { parseServerAddress } from "./http-client.js";
import { llamaCppCompletion } from "./llamacpp.js";
import { openAiChat } from "./openai-chat.js";
import { openAiCompletions } from "./openai-completions.js";
import type { Backend, HttpProtocol } from "./types.js";

export const HTTP_PROTOCOLS: Record<string, HttpProtocol> = {
  chat: openAiChat,
  completions: openAiCompletions,
  llamacpp: llamaCppCompletion,
};

/** Requests in flight when neither --concurrency nor the server's slot count says otherwise. */
export const DEFAULT_CONCURRENCY = 64;

export interface OpenServerOptions extends DiscoverOptions {
  /** --concurrency; else the server's /props slot count; else DEFAULT_CONCURRENCY. */
  concurrency?: number;
}

/** Discover the server, then build the backend with one connection per request in flight. */
/** Where the concurrency came from: the flag, the server's slot count, or neither (the default is then a ceiling for the adaptive controller). */
export type ConcurrencyOrigin = "flag" | "server" | "default";

export async function openServerBackend(kind: string, baseUrl: string, opts: OpenServerOptions = {}): Promise<{ backend: Backend; concurrency: number; concurrencyOrigin: ConcurrencyOrigin }> {
  const protocol = HTTP_PROTOCOLS[kind];
  if (!protocol) throw new Error(`unknown backend '${kind}' (expected one of: ${Object.keys(HTTP_PROTOCOLS).join(", ")})`);
  const address = parseServerAddress(baseUrl);
  const info = await discoverServer(address, opts);
  const concurrency = opts.concurrency ?? info.slots ?? DEFAULT_CONCURRENCY;
  const concurrencyOrigin: ConcurrencyOrigin = opts.concurrency !== undefined ? "flag" : info.slots !== undefined ? "server" : "default";
  return { backend: new HttpBackend(protocol, address, info, { connections: concurrency, apiKey: opts.apiKey }), concurrency, concurrencyOrigin };
}

export type { Backend, GenerationSettings, Generation, GenerateResult, ServerInfo } from "./types.js";
