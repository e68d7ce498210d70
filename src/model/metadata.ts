// The `model` block of a result file: what was evaluated, in which format and quantization.
import { basename } from "node:path";
import { statSync } from "node:fs";
import { readGgufHeader, summarizeGguf, type GgufSummary } from "./gguf.js";
import { tensorTypeStats, type TensorTypeStats } from "./tensor-types.js";
import { readSafetensorsConfig, type SafetensorsQuant } from "./safetensors-config.js";
import { fingerprintFiles } from "./fingerprint.js";
import { resolveModelPath, type ResolvedModelPath } from "./resolve-path.js";

/**
 * `quantization` is the file's own label: GGUF `general.file_type` (or, without one, the dominant
 * weight type), a safetensors quantization_config, else "unknown". For GGUF the tensor fields
 * (TensorTypeStats) say what the weight matrices really hold and whether the label agrees.
 */
export interface ModelMetadata extends Partial<TensorTypeStats> {
  path: string;
  repo_id: string;
  model_format: "gguf" | "safetensors" | "unknown";
  quantization: string;
  fingerprint: string;
  size_bytes: number;
  files: string[];
  gguf?: GgufSummary;
  safetensors?: SafetensorsQuant;
}

function ggufRepoId(s: GgufSummary, file: string): string {
  if (s.basename) return [s.basename, s.size_label].filter(Boolean).join("-");
  if (s.name && s.name !== s.architecture) return s.name;
  return basename(file).replace(/(-\d{5}-of-\d{5})?\.gguf$/i, "");
}

export function describeModel(input: string | ResolvedModelPath): ModelMetadata {
  const r = typeof input === "string" ? resolveModelPath(input) : input;
  const size_bytes = r.weightFiles.reduce((a, f) => a + statSync(f).size, 0);
  const fingerprint = fingerprintFiles(r.configPath ? [...r.weightFiles, r.configPath] : r.weightFiles);
  const files = r.weightFiles.map((f) => basename(f));
  if (r.format === "gguf") {
    const header = readGgufHeader(r.primary);
    const gguf = summarizeGguf(header);
    // A split GGUF keeps its tensors across the shards: count them all.
    const all = r.weightFiles.flatMap((f) => (f === r.primary ? header.tensors : readGgufHeader(f, { keepKeys: () => false }).tensors));
    const tensors = tensorTypeStats(all, gguf.file_type, gguf.quantization);
    const repo_id = r.layoutRepoId ?? ggufRepoId(gguf, r.primary);
    return { path: r.path, repo_id, model_format: "gguf", quantization: gguf.quantization, ...tensors, fingerprint, size_bytes, files, gguf };
  }
  if (r.format === "safetensors") {
    const st = r.configPath ? readSafetensorsConfig(r.configPath) : undefined;
    const repo_id = r.layoutRepoId ?? basename(r.path);
    return { path: r.path, repo_id, model_format: "safetensors", quantization: st?.label ?? "unknown", fingerprint, size_bytes, files, ...(st ? { safetensors: st } : {}) };
  }
  return { path: r.path, repo_id: r.layoutRepoId ?? basename(r.path), model_format: "unknown", quantization: "unknown", fingerprint, size_bytes, files };
}
