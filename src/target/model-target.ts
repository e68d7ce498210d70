// `eval --model PATH`: an EvalTarget for a model on disk — auto-started (or embedded) unless
// --no-autostart, in which case the running server at --base-url/--port is used but the result
// still records the model's metadata and the weights fingerprint keys the response store.
import { connectToServer, type EvalTarget } from "./connect.js";
import { describeModel, type ModelMetadata } from "../model/metadata.js";
import { resolveModelPath } from "../model/resolve-path.js";
import { gpuInfo } from "../system/gpu-info.js";
import { autostart, type EngineChoice } from "./autostart.js";
import { sha256Hex } from "../util/hash.js";

export interface ModelTargetOptions {
  modelPath: string;
  engine: EngineChoice;
  autostart: boolean;
  /** With autostart: the spawned server's port (else a free one). Without: the running server's base URL. */
  port?: number;
  baseUrl?: string;
  serverArgs: string[];
  concurrency?: number;
  modelName?: string;
  /** Context tokens per slot / sequence (runner/context-fit.ts). */
  contextSize?: number;
  threads?: number;
  logDir: string;
  backendKind: string;
  apiKey?: string;
}

function modelBlock(m: ModelMetadata): Record<string, unknown> {
  return { ...m };
}

/**
 * What of a launch changes the answers, for the response-store identity: the engine and its
 * build, the prompt format, the per-slot context, the chat template and the user's server
 * arguments (sampling defaults, templates...). Threads, slots and the port are left out: they
 * change speed, not answers.
 */
function launchIdentity(server: Record<string, unknown>, serverArgs: string[], chat: boolean): string {
  const parts = {
    engine: server.engine,
    build: server.engine === "embedded" ? server.version : (server.build ?? server.version),
    mode: chat ? "chat" : "completion",
    context_per_slot: server.context_per_slot ?? server.context_size ?? null,
    chat_template: server.chat_template_sha256 ?? null,
    args: serverArgs,
  };
  return `launch:${sha256Hex(JSON.stringify(parts)).slice(0, 16)}`;
}

export async function modelTarget(opts: ModelTargetOptions): Promise<EvalTarget> {
  const gpu = await gpuInfo();
  if (!opts.autostart) {
    const model = describeModel(resolveModelPath(opts.modelPath));
    const base = opts.baseUrl ?? `http://127.0.0.1:${opts.port}`;
    const t = await connectToServer(opts.backendKind, base, { modelName: opts.modelName, concurrency: opts.concurrency, apiKey: opts.apiKey });
    return {
      ...t,
      identity: `weights|${model.fingerprint}`,
      provenance: { ...t.provenance, repoId: model.repo_id, modelPath: model.path, modelFormat: model.model_format, model: modelBlock(model), gpuInfo: gpu },
    };
  }
  const a = await autostart({
    modelPath: opts.modelPath,
    engine: opts.engine,
    ...(opts.port !== undefined ? { port: opts.port } : {}),
    serverArgs: opts.serverArgs,
    ...(opts.concurrency !== undefined ? { parallel: opts.concurrency } : {}),
    logDir: opts.logDir,
    ...(opts.modelName !== undefined ? { modelName: opts.modelName } : {}),
    ...(opts.contextSize !== undefined ? { contextSize: opts.contextSize } : {}),
    ...(opts.threads !== undefined ? { threads: opts.threads } : {}),
  });
  return {
    backend: a.backend,
    concurrency: a.parallel,
    identity: `weights|${a.model.fingerprint}|${launchIdentity(a.server, opts.serverArgs, a.backend.chat)}`,
    provenance: {
      repoId: a.model.repo_id,
      modelPath: a.model.path,
      modelFormat: a.model.model_format,
      model: modelBlock(a.model),
      // The user's --server-args as given (the command line also holds what the workbench added).
      server: { ...a.server, ...(opts.serverArgs.length ? { server_args: opts.serverArgs } : {}) },
      gpuInfo: gpu,
    },
    ...(a.lost ? { lost: a.lost } : {}),
    close: () => a.stop(),
  };
}

/** What the result says of a model file scored without any server (a perplexity-only run on the embedded scorer). */
export async function modelProvenance(modelPath: string): Promise<{ identity: string; provenance: EvalTarget["provenance"] }> {
  const model = describeModel(resolveModelPath(modelPath));
  return {
    identity: `weights|${model.fingerprint}`,
    provenance: { repoId: model.repo_id, modelPath: model.path, modelFormat: model.model_format, model: modelBlock(model), gpuInfo: await gpuInfo() },
  };
}
