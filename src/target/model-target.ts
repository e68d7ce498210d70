// `eval --model PATH`: an EvalTarget for a model on disk — auto-started (or embedded) unless
// --no-autostart, in which case the running server at --base-url/--port is used but the result
// still records the model's metadata and the weights fingerprint keys the response store.
import { connectToServer, type EvalTarget } from "./connect.js";
import { describeModel, type ModelMetadata } from "../model/metadata.js";
import { resolveModelPath } from "../model/resolve-path.js";
import { gpuInfo } from "../system/gpu-info.js";
import { autostart, type EngineChoice } from "./autostart.js";

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
  logDir: string;
  backendKind: string;
  apiKey?: string;
}

function modelBlock(m: ModelMetadata): Record<string, unknown> {
  return { ...m };
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
  });
  return {
    backend: a.backend,
    concurrency: a.parallel,
    identity: `weights|${a.model.fingerprint}`,
    provenance: { repoId: a.model.repo_id, modelPath: a.model.path, modelFormat: a.model.model_format, model: modelBlock(a.model), server: a.server, gpuInfo: gpu },
    close: () => a.stop(),
  };
}
