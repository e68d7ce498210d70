// Quantization provenance of a Hugging Face safetensors directory, read from config.json.
import { readFileSync } from "node:fs";

export interface SafetensorsQuant {
  torch_dtype: string | null;
  /** "none" when the checkpoint is not quantized; else fp8, awq, gptq, compressed-tensors, bitsandbytes, mxfp4, ... */
  quant_method: string;
  bits: number | null;
  group_size: number | null;
  /** A short label for tables: "BF16", "FP8", "AWQ-4bit-g128", "GPTQ-4bit-g128", "W4A16 (compressed-tensors)"... */
  label: string;
  details: Record<string, unknown>;
  architecture: string | null;
  context_length: number | null;
}

type Json = Record<string, unknown>;
const isObj = (v: unknown): v is Json => typeof v === "object" && v !== null && !Array.isArray(v);
const numOrNull = (v: unknown): number | null => (typeof v === "number" && Number.isFinite(v) ? v : null);

export function readSafetensorsConfig(configPath: string): SafetensorsQuant {
  let cfg: unknown;
  try {
    cfg = JSON.parse(readFileSync(configPath, "utf8"));
  } catch (err) {
    throw new Error(`${configPath}: not valid JSON (${(err as Error).message})`);
  }
  if (!isObj(cfg)) throw new Error(`${configPath}: expected a JSON object`);
  return describeConfig(cfg);
}

export function describeConfig(cfg: Json): SafetensorsQuant {
  const text = isObj(cfg.text_config) ? cfg.text_config : {};
  const dtypeRaw = cfg.torch_dtype ?? cfg.dtype ?? text.torch_dtype ?? text.dtype;
  const torch_dtype = typeof dtypeRaw === "string" ? dtypeRaw : null;
  const archs = cfg.architectures;
  const architecture = Array.isArray(archs) && typeof archs[0] === "string" ? archs[0] : typeof cfg.model_type === "string" ? cfg.model_type : null;
  const context_length = numOrNull(cfg.max_position_embeddings ?? text.max_position_embeddings);
  const q = isObj(cfg.quantization_config) ? cfg.quantization_config : isObj(cfg.compression_config) ? cfg.compression_config : null;
  const base = { torch_dtype, architecture, context_length };
  const dtypeLabel = (torch_dtype ?? "unknown").replace("bfloat16", "BF16").replace("float16", "F16").replace("float32", "F32");
  if (!q) return { ...base, quant_method: "none", bits: null, group_size: null, label: dtypeLabel, details: {} };

  const method = String(q.quant_method ?? (q.load_in_4bit || q.load_in_8bit ? "bitsandbytes" : "unknown")).toLowerCase();
  let bits: number | null = numOrNull(q.bits ?? q.w_bit ?? q.weight_bits);
  let group: number | null = numOrNull(q.group_size ?? q.q_group_size);
  const details: Record<string, unknown> = {};
  let label: string;
  switch (method) {
    case "fp8": {
      bits = 8;
      const block = q.weight_block_size;
      if (Array.isArray(block)) details.weight_block_size = block;
      if (q.activation_scheme) details.activation_scheme = q.activation_scheme;
      if (q.fmt) details.fmt = q.fmt;
      label = `FP8${Array.isArray(block) ? ` (block ${block.join("x")})` : ""}`;
      break;
    }
    case "awq":
    case "gptq": {
      if (q.version) details.version = q.version;
      if (q.desc_act !== undefined) details.desc_act = q.desc_act;
      if (q.sym !== undefined) details.sym = q.sym;
      if (q.zero_point !== undefined) details.zero_point = q.zero_point;
      label = `${method.toUpperCase()}${bits ? `-${bits}bit` : ""}${group && group > 0 ? `-g${group}` : ""}`;
      break;
    }
    case "compressed-tensors": {
      const groups = isObj(q.config_groups) ? Object.values(q.config_groups).filter(isObj) : [];
      const g0 = groups[0];
      const w = g0 && isObj(g0.weights) ? g0.weights : null;
      const a = g0 && isObj(g0.input_activations) ? g0.input_activations : null;
      if (w) {
        bits = numOrNull(w.num_bits);
        group = numOrNull(w.group_size);
        details.weights = { type: w.type, strategy: w.strategy, symmetric: w.symmetric };
      }
      if (a) details.input_activations = { num_bits: a.num_bits, type: a.type, dynamic: a.dynamic };
      if (q.format) details.format = q.format;
      const wType = w && w.type === "float" ? "FP" : "W";
      const aBits = a ? numOrNull(a.num_bits) : null;
      label = w ? `${wType === "FP" && bits === 8 && aBits === 8 ? "FP8 W8A8" : `W${bits ?? "?"}A${aBits ?? 16}`}${group ? `-g${group}` : ""} (compressed-tensors)` : "compressed-tensors";
      break;
    }
    case "bitsandbytes": {
      bits = q.load_in_4bit ? 4 : q.load_in_8bit ? 8 : bits;
      if (q.bnb_4bit_quant_type) details.bnb_4bit_quant_type = q.bnb_4bit_quant_type;
      if (q.bnb_4bit_use_double_quant !== undefined) details.double_quant = q.bnb_4bit_use_double_quant;
      label = `bitsandbytes-${bits ?? "?"}bit${q.bnb_4bit_quant_type ? `-${String(q.bnb_4bit_quant_type)}` : ""}`;
      break;
    }
    case "mxfp4": {
      bits = 4;
      group = group ?? 32;
      label = "MXFP4";
      break;
    }
    default:
      label = method;
  }
  return { ...base, quant_method: method, bits, group_size: group, label, details };
}
