// Several running servers of one model as one target (`--base-url A --base-url B`): every
// endpoint is discovered, they must serve the same model (the /v1/models id asked for and, where
// offered, llama.cpp's /props model file and vLLM's `root`), and each keeps its own concurrency:
// --concurrency, else its /props slot count, else the runner's adaptive controller.
import { basename } from "node:path";
import { openServerBackend, type OpenServerOptions } from "../backends/index.js";
import type { Backend } from "../backends/types.js";
import { UsageError } from "../util/usage-error.js";
import { servedProvenance, serverIdentity, type EvalTarget } from "./connect.js";

/** One endpoint of a target and where its concurrency comes from (none given: adaptive). */
export interface TargetEndpoint {
  backend: Backend;
  /** A fixed number of requests in flight (--concurrency or the server's slots); undefined: adaptive. */
  concurrency?: number;
  source: "flag" | "server" | "adaptive";
}

export interface EndpointsOptions extends OpenServerOptions {
  /** Accept endpoints that report different models. */
  allowMixed?: boolean;
}

/** Several --base-url values (each may be a comma list) as one list, without repeats. */
export function splitBaseUrls(values: readonly string[]): string[] {
  const out: string[] = [];
  for (const v of values) for (const u of v.split(",").map((s) => s.trim()).filter(Boolean)) if (!out.includes(u)) out.push(u);
  return out;
}

function describeModel(b: Backend): string {
  const i = b.info;
  const extra = [i.serverModelPath ? `file ${basename(i.serverModelPath)}` : "", i.modelRoot ? `root ${i.modelRoot}` : ""].filter(Boolean).join(", ");
  return `${b.baseUrl} serves '${i.model ?? "?"}'${extra ? ` (${extra})` : ""}`;
}

/** Why the endpoints do not serve one model, or undefined when they do. */
export function mixedModels(backends: readonly Backend[], modelName?: string): string | undefined {
  const [first, ...rest] = backends;
  if (!first) return undefined;
  for (const b of backends) {
    if (modelName !== undefined && b.info.modelIds.length > 0 && !b.info.modelIds.includes(modelName)) {
      return `${b.baseUrl} does not list model '${modelName}' (it lists ${b.info.modelIds.join(", ")})`;
    }
  }
  for (const b of rest) {
    const a = first.info;
    const x = b.info;
    const differ =
      a.model !== x.model ||
      (a.serverModelPath !== undefined && x.serverModelPath !== undefined && basename(a.serverModelPath) !== basename(x.serverModelPath)) ||
      (a.modelRoot !== undefined && x.modelRoot !== undefined && a.modelRoot !== x.modelRoot);
    if (differ) return `${describeModel(first)} but ${describeModel(b)}`;
  }
  return undefined;
}

/** Discover every endpoint, check they serve one model, and build one target over all of them. */
export async function connectToEndpoints(kind: string, baseUrls: readonly string[], opts: EndpointsOptions = {}): Promise<EvalTarget> {
  const opened = await Promise.allSettled(baseUrls.map((u) => openServerBackend(kind, u, opts)));
  const failed = opened.find((o) => o.status === "rejected");
  if (failed) {
    await Promise.all(opened.map((o) => (o.status === "fulfilled" ? o.value.backend.close() : undefined)));
    throw (failed as PromiseRejectedResult).reason;
  }
  const backends = opened.map((o) => (o as PromiseFulfilledResult<{ backend: Backend }>).value.backend);
  const mixed = mixedModels(backends, opts.modelName);
  if (mixed && !opts.allowMixed) {
    await Promise.all(backends.map((b) => b.close()));
    throw new UsageError(`eval: the endpoints do not serve the same model: ${mixed} (give endpoints of one model, or --allow-mixed-endpoints)`);
  }
  const endpoints: TargetEndpoint[] = backends.map((backend) => {
    if (opts.concurrency !== undefined) return { backend, concurrency: opts.concurrency, source: "flag" };
    if (backend.info.slots !== undefined) return { backend, concurrency: backend.info.slots, source: "server" };
    return { backend, source: "adaptive" };
  });
  const primary = backends[0]!;
  const provenance = servedProvenance(primary);
  return {
    backend: primary,
    concurrency: endpoints.reduce((s, e) => s + (e.concurrency ?? 1), 0),
    endpoints,
    identity: serverIdentity(primary),
    // What the first endpoint says of the model (they serve the same one), as for a single server.
    provenance: { ...provenance, server: { ...provenance.server, ...(mixed ? { mixed_models: mixed } : {}) } },
    close: async () => {
      await Promise.all(backends.map((b) => b.close()));
    },
  };
}
