// Discovery: the model name (first id of GET /v1/models unless --model-name) and, where the
// server offers it, llama.cpp's GET /props (slots, model file, per-slot context, chat template,
// build) and what /v1/models says of the model (vLLM root and max_model_len, llama.cpp meta).
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

const positiveInt = (v: unknown): number | undefined => (typeof v === "number" && Number.isInteger(v) && v > 0 ? v : undefined);
const text = (v: unknown): string | undefined => (typeof v === "string" && v !== "" ? v : undefined);

/** What the first /v1/models entry says about the model: vLLM's root and max_model_len, llama.cpp's meta block. */
function modelFacts(json: unknown, info: ServerInfo): void {
  const m = isObject(json) && Array.isArray(json.data) ? json.data.find((x) => isObject(x) && x.id === info.model) ?? json.data[0] : undefined;
  if (!isObject(m)) return;
  const root = text(m.root);
  if (root) info.modelRoot = root;
  const maxLen = positiveInt(m.max_model_len);
  if (maxLen) info.contextPerSlot = maxLen;
  if (isObject(m.meta)) {
    const train = positiveInt(m.meta.n_ctx_train);
    if (train) info.trainContext = train;
    const ftype = text(m.meta.ftype);
    if (ftype) info.quantization = ftype;
  }
}

/** llama.cpp's GET /props: slots, model file, per-slot context, chat template, build, weight type. */
function propsFacts(props: unknown, info: ServerInfo): void {
  if (!isObject(props)) return;
  const slots = positiveInt(props.total_slots);
  if (slots) info.slots = slots;
  const path = text(props.model_path);
  if (path) info.serverModelPath = path;
  const nctx = isObject(props.default_generation_settings) ? positiveInt(props.default_generation_settings.n_ctx) : undefined;
  if (nctx) info.contextPerSlot = nctx;
  const template = text(props.chat_template);
  if (template) info.chatTemplate = template;
  const build = text(props.build_info);
  if (build) info.build = build;
  const ftype = text(props.model_ftype);
  if (ftype) info.quantization = ftype;
}

export async function discoverServer(address: ServerAddress, opts: DiscoverOptions = {}): Promise<ServerInfo> {
  const client = new HttpClient(address, { connections: 2, apiKey: opts.apiKey });
  const timeoutMs = opts.timeoutMs ?? 10_000;
  try {
    let listing: unknown;
    let entries: Array<{ id: string; root?: string }> = [];
    let listingMissing = false;
    try {
      listing = await getWithRetry(client, "/v1/models", timeoutMs, opts.attempts ?? 3);
      entries = modelEntries(listing);
    } catch (err) {
      if (err instanceof TransportError || err instanceof RequestTimeoutError) {
        throw new ServerUnreachableError(`cannot reach the server at ${address.baseUrl} (${err.message}); is it running?`);
      }
      const status = err instanceof HttpStatusError ? err.status : undefined;
      const hint = status === 401 || status === 403 ? "; set WORKBENCH_API_KEY if the server needs a key" : "";
      if (opts.modelName === undefined && status !== 404) {
        throw new ServerUnreachableError(`GET ${address.baseUrl}/v1/models failed (${(err as Error).message})${hint}; pass --model-name to skip model discovery`);
      }      listingMissing = status === 404;
    }
    const ids = entries.map((e) => e.id);
    const info: ServerInfo = { model: opts.modelName ?? ids[0] ?? null, modelIds: ids };
    modelFacts(listing, info);
    let props: unknown;
    try {
      props = await client.getJson("/props", timeoutMs);
    } catch {
      // Not a llama.cpp server (or /props disabled): nothing to learn.
    }
    propsFacts(props, info);
    // Neither a model list nor llama.cpp's /props: some other web server (or a wrong path) is listening there.
    if (listingMissing && opts.modelName === undefined && !isObject(props)) {
      throw new ServerUnreachableError(
        `${address.baseUrl} is not an OpenAI-compatible server (GET /v1/models: HTTP 404); check the URL (e.g. http://127.0.0.1:8000/v1), or pass --model-name to skip model discovery`,
      );
    }
    return info;
  } finally {
    await client.close();
  }
}
