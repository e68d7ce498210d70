// What an eval run talks to and what its result file says about it. `connectToServer` builds one
// for a running server (--base-url/--port); model-target.ts builds the same shape for a model on disk
// (auto-started server or embedded engine), with its weights fingerprint as the identity and its own teardown.
import { existsSync, statSync } from "node:fs";
import { openServerBackend, type ConcurrencyOrigin, type OpenServerOptions } from "../backends/index.js";
import type { Backend, ServerInfo } from "../backends/types.js";
import { describeModel, type ModelMetadata } from "../model/metadata.js";
import { repoIdFromModelName } from "../results/result-files.js";
import type { ResultMeta } from "../results/write.js";
import { sha256Hex } from "../util/hash.js";
import type { TargetEndpoint } from "./endpoints.js";

export interface EvalTarget {
  /** The backend that names the run and keys the response store (the first endpoint). */
  backend: Backend;
  /** Several servers of one model sharing the work (`--base-url A --base-url B`); absent: `backend` alone. */
  endpoints?: TargetEndpoint[];
  /** Requests in flight. */
  /** Requests in flight (the ceiling when `concurrencyOrigin` is "default": the runner adapts below it). */
  concurrency: number;
  /** Where `concurrency` came from; absent: fixed by whoever started the server. */
  concurrencyOrigin?: ConcurrencyOrigin;
  /** Model identity in the store keys: weights fingerprint when known, else server + model id. */
  identity: string;
  provenance: Pick<ResultMeta, "repoId" | "modelPath" | "modelFormat" | "model" | "server" | "gpuInfo">;
  /** Settles with a reason when a server started for the run dies before `close()`. */
  lost?: Promise<string>;
  /** Close the backend (and stop whatever was started for the run). */
  close(): Promise<void>;
}

/**
 * Identity of a model behind a running server: base URL + model id + the file it reports, and
 * what it says of the launch that changes answers (per-slot context, chat template, build), so a
 * resumed run never mixes answers from two different launches behind the same address.
 */
export function serverIdentity(backend: Backend): string {
  const i = backend.info;
  const launch = [i.contextPerSlot ?? "", i.chatTemplate ? sha256Hex(i.chatTemplate).slice(0, 16) : "", i.build ?? ""];
  return ["server", backend.baseUrl ?? "", i.model ?? "", i.serverModelPath ?? "", ...(launch.some((x) => x !== "") ? launch : [])].join("|");
}

/** The server block of a result: what the server said about itself and its model. */
export function serverBlock(backend: Backend): Record<string, unknown> {
  const info = backend.info;
  return {
    base_url: backend.baseUrl,
    model_ids: info.modelIds,
    ...(info.slots ? { slots: info.slots } : {}),
    ...(info.serverModelPath ? { model_path: info.serverModelPath } : {}),
    ...(info.modelRoot ? { root: info.modelRoot } : {}),
    ...(info.contextPerSlot ? { context_per_slot: info.contextPerSlot } : {}),
    ...(info.build ? { build: info.build } : {}),
    ...(info.chatTemplate ? { chat_template_sha256: sha256Hex(info.chatTemplate) } : {}),
  };
}

/** The model file a server reports, when it is readable here (the GGUF header then says what it holds). */
function readableModelFile(info: ServerInfo): string | null {
  for (const p of [info.serverModelPath, info.modelRoot]) {
    try {
      if (p && existsSync(p) && (statSync(p).isFile() || statSync(p).isDirectory())) return p;
    } catch {
      // unreadable: fall through to what the server says
    }
  }
  return null;
}

/**
 * The `model` block for a served model: read from the model file when the server's path is
 * readable here (quantization and tensor types from the GGUF header), else the weight type the
 * server reports, else `unknown` with the reason.
 */
export function servedModel(info: ServerInfo): { model: Record<string, unknown>; metadata: ModelMetadata | null } {
  const file = readableModelFile(info);
  if (file) {
    try {
      const m = describeModel(file);
      return { model: { ...m, quantization_source: m.model_format === "gguf" ? "gguf header" : "model files" }, metadata: m };
    } catch {
      // not a model layout we can read: use what the server says
    }
  }
  if (info.quantization) return { model: { quantization: info.quantization, quantization_source: "server", ...(info.serverModelPath ? { path: info.serverModelPath } : {}) }, metadata: null };
  const reason = info.serverModelPath || info.modelRoot ? `the server's model path (${info.serverModelPath ?? info.modelRoot}) is not readable here and the server reports no weight type` : "the server reports neither its model file nor its weight type";
  return { model: { quantization: "unknown", quantization_reason: reason }, metadata: null };
}

/** A running server: discover it and describe it, with the model file's metadata when it is readable here. */
export async function connectToServer(kind: string, baseUrl: string, opts: OpenServerOptions = {}): Promise<EvalTarget> {
  const { backend, concurrency, concurrencyOrigin } = await openServerBackend(kind, baseUrl, opts);
  return { backend, concurrency, concurrencyOrigin, identity: serverIdentity(backend), provenance: servedProvenance(backend), close: () => backend.close() };
}

/** What a result says of a model behind a running server (and of the server): the model file's header when readable here. */
export function servedProvenance(backend: Backend): EvalTarget["provenance"] {
  const info = backend.info;
  const served = servedModel(info);
  return {
    repoId: served.metadata?.repo_id ?? repoIdFromModelName(info.model ?? "unknown-model"),
    modelPath: served.metadata?.path ?? null,
    modelFormat: served.metadata?.model_format ?? "unknown",
    model: served.model,
    server: serverBlock(backend),
    gpuInfo: { available: false, reason: "remote server" },
  };
}
