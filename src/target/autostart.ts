// `--model PATH`: pick an engine for the weights, start it, and hand the runner a Backend plus
// the provenance blocks (model, server) for the result file.
import { UsageError } from "../util/usage-error.js";
import { join } from "node:path";
import { describeModel, type ModelMetadata } from "../model/metadata.js";
import { resolveModelPath } from "../model/resolve-path.js";
import { freePort, portInUse } from "./free-port.js";
import { onPath } from "./on-path.js";
import { startManagedServer, ServerStartError, type ManagedServer } from "./managed-process.js";
import { ENGINES, engineBinary, engineFor, launchFor, type EngineKind, type LaunchRequest, type ModelFormat, type ServerEngine } from "./engines.js";
import { cpuInfo } from "../system/gpu-info.js";
import { sha256Hex } from "../util/hash.js";
import type { Backend } from "../backends/types.js";
import { dependencyVersion } from "../util/version.js";

export type EngineChoice = "auto" | EngineKind;
export const ENGINE_CHOICES: EngineChoice[] = ["auto", ...ENGINES.map((e) => e.kind)];

export interface AutostartOptions {
  modelPath: string;
  engine: EngineChoice;
  port?: number;
  serverArgs: string[];
  /** Requests in flight the runner will use (server slots / embedded sequences); default: the engine's. */
  parallel?: number;
  /** Where the server log goes (beside the results). */
  logDir: string;
  modelName?: string;
  /** Context tokens per slot / sequence (see runner/context-fit.ts). */
  contextSize?: number;
  /** CPU threads (default: physical cores for a server; the embedded engine keeps one for the run). */
  threads?: number;
  startTimeoutMs?: number;
  /** For tests: grace between SIGTERM and SIGKILL. */
  killGraceMs?: number;
}

export interface Autostarted {
  backend: Backend;
  model: ModelMetadata;
  /** Requests in flight the engine was started for. */
  parallel: number;
  /** Result file `server` block: engine, command line, version, log file, base URL. */
  server: Record<string, unknown>;
  /** Settles with a one-line reason when a started server dies before `stop()`. */
  lost?: Promise<string>;
  stop(): Promise<void>;
}

export { onPath };

/** What to say when `auto` finds no engine for a format. */
const NO_ENGINE_HINT: Partial<Record<ModelFormat, string>> = {
  safetensors: "a safetensors model needs vLLM: install it (`pip install vllm`, which puts `vllm` on PATH), pick --engine sglang, or start a server yourself and pass --base-url",
};

/** The engine `auto` picks for this model format: the first record made for it whose executable is found. */
export function chooseEngine(format: ModelFormat, requested: EngineChoice): EngineKind {
  if (requested !== "auto") return requested;
  const pick = ENGINES.find((e) => e.autoFor.includes(format) && (e.kind === "embedded" || onPath(engineBinary(e))));
  if (pick) return pick.kind;
  throw new ServerStartError(NO_ENGINE_HINT[format] ?? "cannot tell how to serve this model (neither GGUF nor a safetensors directory); start a server yourself and pass --base-url");
}

export async function autostart(opts: AutostartOptions): Promise<Autostarted> {
  const resolved = resolveModelPath(opts.modelPath);
  const model = describeModel(resolved);
  const engine = engineFor(chooseEngine(model.model_format, opts.engine));
  if (!engine.formats.includes(model.model_format)) {
    throw new ServerStartError(`--engine ${engine.kind} needs ${engine.formats.map(formatName).join(" or ")}; ${model.path} is ${model.model_format}`);
  }
  const parallel = opts.parallel ?? engine.defaultParallel;
  const servedName = opts.modelName ?? model.repo_id;
  if (engine.kind === "embedded") {
    // The embedded engine runs in this process: it has no port and no command line to pass arguments to.
    const picked = opts.engine === "auto" ? " (auto picked it: llama-server is not on PATH)" : "";
    const unused = [opts.port !== undefined ? "--port" : "", opts.serverArgs.length ? "--server-args" : ""].filter(Boolean);
    if (unused.length) {
      throw new UsageError(`${unused.join(" and ")} ${unused.length > 1 ? "are" : "is"} for a server engine; the embedded engine${picked} runs in this process without a server: drop ${unused.join(" and ")} or choose --engine llama-server`);
    }
    const { createEmbeddedBackend } = await import("./embedded.js");
    const backend = await createEmbeddedBackend({
      modelPath: resolved.primary,
      parallel,
      modelId: servedName,
      ...(opts.contextSize !== undefined ? { contextSize: opts.contextSize } : {}),
      ...(opts.threads !== undefined ? { threads: opts.threads } : {}),
    });
    return {
      backend,
      model,
      parallel,
      server: { engine: "embedded", ...backend.engineInfo, version: nodeLlamaCppVersion() },
      stop: () => backend.close(),
    };
  }
  return startServerEngine(engine, opts, { weights: engine.weights === "model-path" ? model.path : resolved.primary, model, parallel, servedName });
}

function formatName(f: ModelFormat): string {
  return f === "gguf" ? "a GGUF model" : f === "safetensors" ? "a safetensors directory" : "a model directory";
}

async function startServerEngine(
  engine: ServerEngine,
  opts: AutostartOptions,
  m: { weights: string; model: ModelMetadata; parallel: number; servedName: string },
): Promise<Autostarted> {
  const binary = engineBinary(engine);
  if (!onPath(binary)) {
    throw new ServerStartError(`${binary} not found on PATH (needed for --engine ${engine.kind}); install it, choose another --engine, or pass --base-url`);
  }
  let port = opts.port;
  if (port !== undefined) {
    if (await portInUse(port)) throw new ServerStartError(`port ${port} is already in use on 127.0.0.1; pick another --port or omit it for a free one`);
  } else port = await freePort();
  const stamp = new Date().toISOString().replace(/[:.]/g, "-");
  const logFile = join(opts.logDir, `server-${engine.kind}-${stamp}.log`);
  const request: LaunchRequest = {
    weights: m.weights,
    port,
    parallel: m.parallel,
    servedName: m.servedName,
    extraArgs: opts.serverArgs,
    threads: opts.threads ?? cpuInfo().physical_cores,
    chatTemplate: m.model.gguf ? m.model.gguf.has_chat_template : true,
    ...(opts.contextSize !== undefined ? { contextSize: opts.contextSize } : {}),
  };
  const launch = launchFor(engine, request);
  const srv: ManagedServer = await startManagedServer({
    name: engine.kind,
    launch,
    port,
    logFile,
    ...(engine.afterStart ? { afterStart: () => engine.afterStart!(launch, request) } : {}),
    ...(opts.startTimeoutMs !== undefined ? { startTimeoutMs: opts.startTimeoutMs } : {}),
    ...(opts.killGraceMs !== undefined ? { killGraceMs: opts.killGraceMs } : {}),
  });
  try {
    const { openServerBackend } = await import("../backends/index.js");
    const { backend } = await openServerBackend(launch.backend, srv.baseUrl, { concurrency: m.parallel, modelName: launch.servedName });
    return {
      backend,
      model: m.model,
      parallel: m.parallel,
      server: {
        engine: engine.kind,
        command: srv.commandLine,
        version: srv.version,
        base_url: srv.baseUrl,
        log_file: srv.logFile,
        pid: srv.pid,
        prompt_format: launch.backend === "chat" ? "chat" : "completion",
        ...(request.contextSize ? { context_per_slot: request.contextSize } : {}),
        threads: request.threads,
        ...(launch.backend === "chat" && backend.info.chatTemplate ? { chat_template_sha256: sha256Hex(backend.info.chatTemplate) } : {}),
        ...(launch.backend !== "chat" ? { chat_template: "none in the GGUF: completion mode" } : {}),
        ...(backend.info.build ? { build: backend.info.build } : {}),
      },
      lost: srv.lost.then((how) => `${engine.kind} exited unexpectedly (${how}); its log: ${srv.logFile}`),
      stop: async () => {
        await backend.close().catch(() => {});
        await srv.stop();
      },
    };
  } catch (err) {
    await srv.stop();
    throw err;
  }
}

function nodeLlamaCppVersion(): string | null {
  const v = dependencyVersion("node-llama-cpp");
  return v === null ? null : `node-llama-cpp ${v}`;
}
