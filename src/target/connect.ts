// What an eval run talks to and what its result file says about it. `connectToServer` builds one
// for a running server (--base-url/--port); model-target.ts builds the same shape for a model on disk
// (auto-started server or embedded engine), with its weights fingerprint as the identity and its own teardown.
import { openServerBackend, type ConcurrencyOrigin, type OpenServerOptions } from "../backends/index.js";
import type { Backend } from "../backends/types.js";
import { repoIdFromModelName } from "../results/result-files.js";
import type { ResultMeta } from "../results/write.js";

export interface EvalTarget {
  backend: Backend;
  /** Requests in flight (the ceiling when `concurrencyOrigin` is "default": the runner adapts below it). */
  concurrency: number;
  /** Where `concurrency` came from; absent: fixed by whoever started the server. */
  concurrencyOrigin?: ConcurrencyOrigin;
  /** Model identity in the store keys: weights fingerprint when known, else server + model id. */
  identity: string;
  provenance: Pick<ResultMeta, "repoId" | "modelPath" | "modelFormat" | "model" | "server" | "gpuInfo">;
  /** Close the backend (and stop whatever was started for the run). */
  close(): Promise<void>;
}

/** Identity of a model behind a server when no weights fingerprint is known: base URL + model id (+ the file it reports). */
export function serverIdentity(backend: Backend): string {
  const i = backend.info;
  return ["server", backend.baseUrl ?? "", i.model ?? "", i.serverModelPath ?? ""].join("|");
}

/** A running server: discover it and describe it (no model file, so format unknown, no GPU info). */
export async function connectToServer(kind: string, baseUrl: string, opts: OpenServerOptions = {}): Promise<EvalTarget> {
  const { backend, concurrency, concurrencyOrigin } = await openServerBackend(kind, baseUrl, opts);
  const info = backend.info;
  return {
    backend,
    concurrency,
    concurrencyOrigin,
    identity: serverIdentity(backend),
    provenance: {
      repoId: repoIdFromModelName(info.model ?? "unknown-model"),
      modelPath: null,
      modelFormat: "unknown",
      server: {
        base_url: backend.baseUrl,
        model_ids: info.modelIds,
        ...(info.slots ? { slots: info.slots } : {}),
        ...(info.serverModelPath ? { model_path: info.serverModelPath } : {}),
      },
      gpuInfo: { available: false, reason: "remote server" },
    },
    close: () => backend.close(),
  };
}
