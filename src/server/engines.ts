// How to start each server kind for a model path: command line, health endpoint, version query.
import { basename } from "node:path";

export type EngineKind = "llama-server" | "vllm" | "sglang" | "ollama";

export interface EngineLaunch {
  kind: EngineKind;
  /** Executable (looked up on PATH unless absolute). */
  command: string;
  args: string[];
  env?: Record<string, string>;
  /** Path polled until it answers 200. */
  healthPath: string;
  /** Arguments that print the version. */
  versionArgs: string[];
  /** The backend to talk to it with. */
  backend: "chat" | "completions";
  /** Longest wait for health, ms (vLLM compiles graphs and loads big weights). */
  startTimeoutMs: number;
  /** Model name to send in requests when the server needs one. */
  servedName?: string;
}

export interface LaunchRequest {
  modelPath: string;
  /** GGUF primary file or safetensors directory. */
  weights: string;
  port: number;
  parallel: number;
  servedName: string;
  extraArgs: string[];
  contextSize?: number;
}

/** Which executables each engine needs on PATH (overridable by WORKBENCH_<ENGINE>_BIN). */
export const ENGINE_BINARIES: Record<EngineKind, string> = {
  "llama-server": "llama-server",
  vllm: "vllm",
  sglang: "python3",
  ollama: "ollama",
};

export function engineBinary(kind: EngineKind): string {
  const env = process.env[`WORKBENCH_${kind.replace("-", "_").toUpperCase()}_BIN`];
  return env || ENGINE_BINARIES[kind];
}

export function launchFor(kind: EngineKind, r: LaunchRequest): EngineLaunch {
  const host = "127.0.0.1";
  switch (kind) {
    case "llama-server":
      return {
        kind,
        command: engineBinary(kind),
        args: ["-m", r.weights, "--host", host, "--port", String(r.port), "--parallel", String(r.parallel), "--alias", r.servedName, ...(r.contextSize ? ["--ctx-size", String(r.contextSize * r.parallel)] : []), ...r.extraArgs],
        healthPath: "/health",
        versionArgs: ["--version"],
        backend: "chat",
        startTimeoutMs: 300_000,
        servedName: r.servedName,
      };
    case "vllm":
      return {
        kind,
        command: engineBinary(kind),
        args: ["serve", r.weights, "--host", host, "--port", String(r.port), "--served-model-name", r.servedName, ...r.extraArgs],
        healthPath: "/health",
        versionArgs: ["--version"],
        backend: "chat",
        startTimeoutMs: 1_200_000,
        servedName: r.servedName,
      };
    case "sglang":
      return {
        kind,
        command: engineBinary(kind),
        args: ["-m", "sglang.launch_server", "--model-path", r.weights, "--host", host, "--port", String(r.port), "--served-model-name", r.servedName, ...r.extraArgs],
        healthPath: "/health",
        versionArgs: ["-c", "import sglang; print(sglang.__version__)"],
        backend: "chat",
        startTimeoutMs: 1_200_000,
        servedName: r.servedName,
      };
    case "ollama":
      return {
        kind,
        command: engineBinary(kind),
        args: ["serve", ...r.extraArgs],
        env: { OLLAMA_HOST: `${host}:${r.port}`, OLLAMA_NUM_PARALLEL: String(r.parallel) },
        healthPath: "/api/version",
        versionArgs: ["--version"],
        backend: "chat",
        startTimeoutMs: 120_000,
        servedName: `workbench-${basename(r.weights).replace(/\.gguf$/i, "").toLowerCase().replace(/[^a-z0-9._-]+/g, "-")}`,
      };
  }
}
