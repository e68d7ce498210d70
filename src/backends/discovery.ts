// Discovery: the model name (first id of GET /v1/models unless --model-name) and, where the
// server offers it, llama.cpp's GET /props (parallel slot count, model file).
import { setTimeout as sleep } from "node:timers/promises";
import { HttpStatusError, TransportError, RequestTimeoutError } from "./errors.js";
import { HttpClient, type ServerAddress } from "./http-client.js";
import { isObject } from "./parse-util.js";
import type { ServerInfo } from "./types.js";

export interface DiscoverOptions {
  /** Use this model name instead of the first /v1/models id (the listing is still read). */
  modelName?: string;
  apiKey?: string;
  /** Per request, ms (default 10 s). */
  timeoutMs?: number;
  /** Tries while the server cannot be reached (default 3; 0.5 s, 1 s between them). */
  attempts?: number;
}

export class ServerUnreachableError extends Error {
  override name = "ServerUnreachableError";
}

async function getWithRetry(client: HttpClient, path: string, timeoutMs: number, attempts: number): Promise<unknown> {
  for (let i = 0; ; i++) {
    try {
      return await client.getJson(path, timeoutMs);
    } catch (err) {
      const unreachable = err instanceof TransportError || err instanceof RequestTimeoutError;
      if (!unreachable || i + 1 >= attempts) throw err;
      await sleep(500 * 2 ** i);
    }
  }
}

function modelEntries(json: unknown): Array<{ id: string; root?: string }> {
  if (!isObject(json) || !Array.isArray(json.data)) return [];
  return json.data.flatMap((m) => (isObject(m) && typeof m.id === "string" ? [{ id: m.id, ...(typeof m.root === "string" ? { root: m.root } : {}) }] : []));
}

export async function discoverServer(address: ServerAddress, opts: DiscoverOptions = {}): Promise<ServerInfo> {
  const client = new HttpClient(address, { connections: 2, apiKey: opts.apiKey });
  const timeoutMs = opts.timeoutMs ?? 10_000;
  try {
    let entries: Array<{ id: string; root?: string }> = [];
    try {
      entries = modelEntries(await getWithRetry(client, "/v1/models", timeoutMs, opts.attempts ?? 3));
    } catch (err) {
      if (err instanceof TransportError || err instanceof RequestTimeoutError) {
        throw new ServerUnreachableError(`cannot reach the server at ${address.baseUrl} (${err.message}); is it running?`);
      }
      const status = err instanceof HttpStatusError ? err.status : undefined;
      const hint = status === 401 || status === 403 ? "; set WORKBENCH_API_KEY if the server needs a key" : "";
      if (opts.modelName === undefined && status !== 404) {
        throw new ServerUnreachableError(`GET ${address.baseUrl}/v1/models failed (${(err as Error).message})${hint}; pass --model-name to skip model discovery`);
      }
    }
    const ids = entries.map((e) => e.id);
    const info: ServerInfo = { model: opts.modelName ?? ids[0] ?? null, modelIds: ids };
    const root = entries.find((e) => e.id === info.model)?.root;
    if (root !== undefined) info.modelRoot = root;
    try {
      const props = await client.getJson("/props", timeoutMs);
      if (isObject(props)) {
        if (typeof props.total_slots === "number" && props.total_slots > 0) info.slots = props.total_slots;
        if (typeof props.model_path === "string") info.serverModelPath = props.model_path;
      }
    } catch {
      // Not a llama.cpp server (or /props disabled): nothing to learn.
    }
    return info;
  } finally {
    await client.close();
  }
}
