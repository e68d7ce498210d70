// `--model PATH`: pick an engine for the weights, start it, and hand the runner a Backend plus
// the provenance blocks (model, server) for the result file.
import { delimiter, join } from "node:path";
import { accessSync, constants } from "node:fs";
import { describeModel, type ModelMetadata } from "../model/metadata.js";
import { resolveModelPath } from "../model/resolve-path.js";
import { freePort, portInUse } from "./free-port.js";
import { startManagedServer, ServerStartError, type ManagedServer } from "./managed-server.js";
import { engineBinary, type EngineKind } from "./engines.js";
import type { Backend } from "../backends/types.js";

export type EngineChoice = "auto" | "embedded" | EngineKind;
export const ENGINE_CHOICES: EngineChoice[] = ["auto", "embedded", "llama-server", "vllm", "sglang", "ollama"];

export interface AutostartOptions {
  modelPath: string;
  engine: EngineChoice;
  port?: number;
  serverArgs: string[];
  /** Requests in flight the runner will use (server slots / embedded sequences). */
  parallel: number;
  /** Where the server log goes (beside the results). */
  logDir: string;
  modelName?: string;
  startTimeoutMs?: number;
  /** For tests: grace between SIGTERM and SIGKILL. */
  killGraceMs?: number;
}

export interface Autostarted {
  backend: Backend;
  model: ModelMetadata;
  /** Result file `server` block: engine, command line, version, log file, base URL. */
  server: Record<string, unknown>;
  stop(): Promise<void>;
}

export function onPath(cmd: string): boolean {
  const candidates = cmd.includes("/") ? [cmd] : (process.env.PATH ?? "").split(delimiter).filter(Boolean).map((d) => join(d, cmd));
  return candidates.some((p) => {
    try {
      accessSync(p, constants.X_OK);
      return true;
    } catch {
      return false;
    }
  });
}

/** The engine `auto` picks for this model format. */
export function chooseEngine(format: ModelMetadata["model_format"], requested: EngineChoice): Exclude<EngineChoice, "auto"> {
  if (requested !== "auto") return requested;
  if (format === "gguf") return onPath(engineBinary("llama-server")) ? "llama-server" : "embedded";
  if (format === "safetensors") {
    if (onPath(engineBinary("vllm"))) return "vllm";
    throw new ServerStartError("a safetensors model needs vLLM: install it (`pip install vllm`, which puts `vllm` on PATH), pick --engine sglang, or start a server yourself and pass --base-url");
  }
  throw new ServerStartError("cannot tell how to serve this model (neither GGUF nor a safetensors directory); start a server yourself and pass --base-url");
}

export async function autostart(opts: AutostartOptions): Promise<Autostarted> {
  const resolved = resolveModelPath(opts.modelPath);
  const model = describeModel(resolved);
  const engine = chooseEngine(model.model_format, opts.engine);
  if ((engine === "embedded" || engine === "llama-server" || engine === "ollama") && model.model_format !== "gguf") {
    throw new ServerStartError(`--engine ${engine} needs a GGUF model; ${model.path} is ${model.model_format}`);
  }
  const servedName = opts.modelName ?? model.repo_id;
  if (engine === "embedded") {
    const { createEmbeddedBackend } = await import("../engine/embedded.js");
    const backend = await createEmbeddedBackend({ modelPath: resolved.primary, parallel: opts.parallel, modelId: servedName });
    return {
      backend,
      model,
      server: { engine: "embedded", ...backend.engineInfo, version: await nodeLlamaCppVersion() },
      stop: () => backend.close(),
    };
  }
  if (!onPath(engineBinary(engine))) {
    throw new ServerStartError(`${engineBinary(engine)} not found on PATH (needed for --engine ${engine}); install it, choose another --engine, or pass --base-url`);
  }
  let port = opts.port;
  if (port !== undefined) {
    if (await portInUse(port)) throw new ServerStartError(`port ${port} is already in use on 127.0.0.1; pick another --port or omit it for a free one`);
  } else port = await freePort();
  const stamp = new Date().toISOString().replace(/[:.]/g, "-");
  const logFile = join(opts.logDir, `server-${engine}-${stamp}.log`);
  const srv: ManagedServer = await startManagedServer({
    engine,
    modelPath: model.path,
    weights: engine === "vllm" || engine === "sglang" ? model.path : resolved.primary,
    port,
    parallel: opts.parallel,
    servedName,
    extraArgs: opts.serverArgs,
    logFile,
    ...(opts.startTimeoutMs !== undefined ? { startTimeoutMs: opts.startTimeoutMs } : {}),
    ...(opts.killGraceMs !== undefined ? { killGraceMs: opts.killGraceMs } : {}),
  });
  try {
    const { openServerBackend } = await import("../backends/index.js");
    const { backend } = await openServerBackend(srv.launch.backend, srv.baseUrl, { concurrency: opts.parallel, modelName: srv.launch.servedName ?? servedName });
    return {
      backend,
      model,
      server: { engine, command: srv.commandLine, version: srv.version, base_url: srv.baseUrl, log_file: srv.logFile, pid: srv.pid },
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

async function nodeLlamaCppVersion(): Promise<string | null> {
  // package.json is not in the package's exports map: find it next to the resolved entry point.
  try {
    const { readFileSync } = await import("node:fs");
    const { fileURLToPath } = await import("node:url");
    const { dirname: dn, join: jn } = await import("node:path");
    let dir = dn(fileURLToPath(import.meta.resolve("node-llama-cpp")));
    for (let i = 0; i < 5; i++, dir = dn(dir)) {
      try {
        const pkg = JSON.parse(readFileSync(jn(dir, "package.json"), "utf8")) as { name?: string; version?: string };
        if (pkg.name === "node-llama-cpp") return `node-llama-cpp ${pkg.version}`;
      } catch {
        /* keep walking up */
      }
    }
  } catch {
    /* not installed */
  }
  return null;
}
