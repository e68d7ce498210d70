// The engines `eval --model` can run a model with. Each engine is one record: the formats it loads,
// which ones `--engine auto` picks it for, its default parallelism and, for a spawned server, the
// executable, its command line, health path, version query, start-up wait and after-start hook.
// Adding an engine is adding a record here (plus its tests).
import { execFile } from "node:child_process";
import { writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { basename, join } from "node:path";
import type { ModelMetadata } from "../model/metadata.js";
import { ServerStartError, type ServerLaunch } from "./managed-process.js";
import { findLlamaTool } from "./llama-build.js";
import { onPath } from "./on-path.js";

export type ModelFormat = ModelMetadata["model_format"];
export type ServerEngineKind = "llama-server" | "vllm" | "sglang" | "ollama";
export type EngineKind = ServerEngineKind | "embedded";

/** What a spawned server is started for. */
export interface LaunchRequest {
  /** GGUF primary file or model directory, as the engine's `weights` field asks. */
  weights: string;
  port: number;
  parallel: number;
  /** Model name the run asks for (the server is told to serve under it when it can be). */
  servedName: string;
  extraArgs: string[];
  /** Context tokens each slot needs (the server gets slots × this). */
  contextSize?: number;
  /** CPU threads for generation. */
  threads?: number;
  /** The model carries a chat template (else the run prompts in completion mode). */
  chatTemplate: boolean;
}

/** A spawned server's command line, plus what the run needs to talk to it. */
export interface EngineLaunch extends ServerLaunch {
  /** The backend API to talk to it with. */
  backend: "chat" | "completions";
  /** Model name to send in requests. */
  servedName: string;
}

interface EngineCommon {
  kind: EngineKind;
  /** Model formats it loads; an explicit --engine refuses any other ("unknown": a directory the workbench cannot classify). */
  formats: readonly ModelFormat[];
  /** Formats `--engine auto` picks it for (first match in ENGINES order; a server only when its executable is found). */
  autoFor: readonly ModelFormat[];
  /** Requests in flight when --concurrency is not given. */
  defaultParallel: number;
}

/** llama.cpp in this process (src/target/embedded.ts). */
export interface EmbeddedEngine extends EngineCommon {
  kind: "embedded";
}

export interface ServerEngine extends EngineCommon {
  kind: ServerEngineKind;
  /** Executable, looked up on PATH unless it holds a `/`. */
  binary: string;
  /** Environment variable that overrides `binary`. */
  binaryEnv: string;
  /** Which path it is handed: the GGUF primary file or the model path as given (file or directory). */
  weights: "primary-file" | "model-path";
  /** Command-line arguments after the executable, environment and served name for one start. */
  command(r: LaunchRequest): { args: string[]; env?: Record<string, string>; servedName: string };
  /** Path polled until it answers 200. */
  healthPath: string;
  /** Arguments that print the version. */
  versionArgs: string[];
  /** Longest wait for health, ms (vLLM compiles graphs and loads big weights). */
  startTimeoutMs: number;
  backend: "chat" | "completions";
  /** Completion mode for a model without a chat template (llama-server would silently apply ChatML), like the embedded engine. */
  completionWithoutTemplate?: boolean;
  /** Run once the server is healthy, before any request (Ollama registers the GGUF under a name). */
  afterStart?(launch: EngineLaunch, r: LaunchRequest): Promise<void>;
}

export type Engine = EmbeddedEngine | ServerEngine;

const HOST = "127.0.0.1";

/** Ollama serves named models: register the GGUF under the launch's served name. */
function ollamaCreate(launch: EngineLaunch, r: LaunchRequest): Promise<void> {
  const modelfile = join(tmpdir(), `workbench-${process.pid}.Modelfile`);
  writeFileSync(modelfile, `FROM ${r.weights}\n`);
  return new Promise((resolve, reject) => {
    execFile(launch.command, ["create", launch.servedName, "-f", modelfile], { env: { ...process.env, ...launch.env }, timeout: 600_000 }, (err, _o, stderr) =>
      err ? reject(new ServerStartError(`ollama create failed: ${(stderr || err.message).trim().split("\n").pop()}`)) : resolve(),
    );
  });
}

/** In `--engine auto` order. */
export const ENGINES: readonly Engine[] = [
  {
    kind: "llama-server",
    formats: ["gguf"],
    autoFor: ["gguf"],
    defaultParallel: 4,
    binary: "llama-server",
    binaryEnv: "WORKBENCH_LLAMA_SERVER_BIN",
    weights: "primary-file",
    command: (r) => ({
      args: [
        "-m", r.weights, "--host", HOST, "--port", String(r.port), "--parallel", String(r.parallel), "--alias", r.servedName,
        ...(r.threads ? ["-t", String(r.threads)] : []),
        ...(r.contextSize ? ["-c", String(r.contextSize * r.parallel)] : []),
        ...r.extraArgs,
      ],
      servedName: r.servedName,
    }),
    healthPath: "/health",
    versionArgs: ["--version"],
    startTimeoutMs: 300_000,
    backend: "chat",
    completionWithoutTemplate: true,
  },
  {
    kind: "vllm",
    formats: ["safetensors", "gguf", "unknown"],
    autoFor: ["safetensors"],
    defaultParallel: 64,
    binary: "vllm",
    binaryEnv: "WORKBENCH_VLLM_BIN",
    weights: "model-path",
    command: (r) => ({ args: ["serve", r.weights, "--host", HOST, "--port", String(r.port), "--served-model-name", r.servedName, ...r.extraArgs], servedName: r.servedName }),
    healthPath: "/health",
    versionArgs: ["--version"],
    startTimeoutMs: 1_200_000,
    backend: "chat",
  },
  {
    kind: "sglang",
    formats: ["safetensors", "gguf", "unknown"],
    autoFor: [],
    defaultParallel: 64,
    binary: "python3",
    binaryEnv: "WORKBENCH_SGLANG_BIN",
    weights: "model-path",
    command: (r) => ({
      args: ["-m", "sglang.launch_server", "--model-path", r.weights, "--host", HOST, "--port", String(r.port), "--served-model-name", r.servedName, ...r.extraArgs],
      servedName: r.servedName,
    }),
    healthPath: "/health",
    versionArgs: ["-c", "import sglang; print(sglang.__version__)"],
    startTimeoutMs: 1_200_000,
    backend: "chat",
  },
  {
    kind: "ollama",
    formats: ["gguf"],
    autoFor: [],
    defaultParallel: 4,
    binary: "ollama",
    binaryEnv: "WORKBENCH_OLLAMA_BIN",
    weights: "primary-file",
    command: (r) => ({
      args: ["serve", ...r.extraArgs],
      env: { OLLAMA_HOST: `${HOST}:${r.port}`, OLLAMA_NUM_PARALLEL: String(r.parallel) },
      servedName: `workbench-${basename(r.weights).replace(/\.gguf$/i, "").toLowerCase().replace(/[^a-z0-9._-]+/g, "-")}`,
    }),
    healthPath: "/api/version",
    versionArgs: ["--version"],
    startTimeoutMs: 120_000,
    backend: "chat",
    afterStart: ollamaCreate,
  },
  { kind: "embedded", formats: ["gguf"], autoFor: ["gguf"], defaultParallel: 4 },
];

export function engineFor(kind: EngineKind): Engine {
  const e = ENGINES.find((x) => x.kind === kind);
  if (!e) throw new Error(`no engine record for '${kind}'`);
  return e;
}

/** The executable a server engine runs: its override variable, else its default name (on PATH), else a cached build. */
export function engineBinary(engine: ServerEngine): string {
  const env = process.env[engine.binaryEnv];
  if (env) return env;
  // llama-server built by `workbench build-llama` is used when none is on PATH.
  if (engine.kind === "llama-server" && !onPath(engine.binary)) return findLlamaTool("llama-server") ?? engine.binary;
  return engine.binary;
}

/** The full command line for one start of a server engine. */
export function launchFor(engine: ServerEngine, r: LaunchRequest): EngineLaunch {
  const c = engine.command(r);
  return {
    command: engineBinary(engine),
    args: c.args,
    ...(c.env ? { env: c.env } : {}),
    healthPath: engine.healthPath,
    versionArgs: engine.versionArgs,
    startTimeoutMs: engine.startTimeoutMs,
    backend: engine.completionWithoutTemplate && !r.chatTemplate ? "completions" : engine.backend,
    servedName: c.servedName,
  };
}
