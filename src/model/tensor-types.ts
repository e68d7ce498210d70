// What a GGUF's weight tensors actually hold, set beside what its `general.file_type` label claims.
// llama-quantize falls back to other types for tensors whose rows do not fit the requested type
// (K-quants need rows divisible by 256), so a file labelled Q2_K may contain no q2_k tensor at all.
import type { GgufTensorInfo } from "./gguf.js";

/** ggml tensor types: lower-case name, elements per block, bytes per block (ggml's type traits). */
export const GGML_TYPE_LAYOUT: Record<number, { name: string; block: number; bytes: number }> = {
  0: { name: "f32", block: 1, bytes: 4 }, 1: { name: "f16", block: 1, bytes: 2 },
  2: { name: "q4_0", block: 32, bytes: 18 }, 3: { name: "q4_1", block: 32, bytes: 20 },
  6: { name: "q5_0", block: 32, bytes: 22 }, 7: { name: "q5_1", block: 32, bytes: 24 },
  8: { name: "q8_0", block: 32, bytes: 34 }, 9: { name: "q8_1", block: 32, bytes: 36 },
  10: { name: "q2_k", block: 256, bytes: 84 }, 11: { name: "q3_k", block: 256, bytes: 110 },
  12: { name: "q4_k", block: 256, bytes: 144 }, 13: { name: "q5_k", block: 256, bytes: 176 },
  14: { name: "q6_k", block: 256, bytes: 210 }, 15: { name: "q8_k", block: 256, bytes: 292 },
  16: { name: "iq2_xxs", block: 256, bytes: 66 }, 17: { name: "iq2_xs", block: 256, bytes: 74 },
  18: { name: "iq3_xxs", block: 256, bytes: 98 }, 19: { name: "iq1_s", block: 256, bytes: 50 },
  20: { name: "iq4_nl", block: 32, bytes: 18 }, 21: { name: "iq3_s", block: 256, bytes: 110 },
  22: { name: "iq2_s", block: 256, bytes: 82 }, 23: { name: "iq4_xs", block: 256, bytes: 136 },
  24: { name: "i8", block: 1, bytes: 1 }, 25: { name: "i16", block: 1, bytes: 2 },
  26: { name: "i32", block: 1, bytes: 4 }, 27: { name: "i64", block: 1, bytes: 8 },
  28: { name: "f64", block: 1, bytes: 8 }, 29: { name: "iq1_m", block: 256, bytes: 56 },
  30: { name: "bf16", block: 1, bytes: 2 }, 34: { name: "tq1_0", block: 256, bytes: 54 },
  35: { name: "tq2_0", block: 256, bytes: 66 }, 39: { name: "mxfp4", block: 32, bytes: 17 },
  40: { name: "nvfp4", block: 64, bytes: 36 }, 41: { name: "q1_0", block: 128, bytes: 18 },
  42: { name: "q2_0", block: 64, bytes: 18 },
};

/**
 * The ggml type a `general.file_type` asks llama-quantize for: the type every weight matrix gets
 * unless a per-tensor rule or a row-size fallback picks another (llama.cpp's default type per ftype).
 * K-quant mixes (Q4_K_M, Q3_K_L...) deliberately put some tensors in higher types around this one.
 */
const FILE_TYPE_MAIN: Record<number, number> = {
  0: 0, 1: 1, 2: 2, 3: 3, 4: 3, 7: 8, 8: 6, 9: 7, 10: 10, 11: 11, 12: 11, 13: 11, 14: 12, 15: 12, 16: 13, 17: 13,
  18: 14, 19: 16, 20: 17, 21: 10, 22: 21, 23: 18, 24: 19, 25: 20, 26: 21, 27: 21, 28: 17, 29: 22, 30: 23, 31: 29,
  32: 30, 36: 34, 37: 35, 38: 39, 39: 40, 40: 41, 41: 42,
};

export function ggmlTypeName(type: number): string {
  return GGML_TYPE_LAYOUT[type]?.name ?? `type_${type}`;
}

export interface TensorTypeStats {
  /** Weight matrices (tensors with >= 2 dimensions) per ggml type, most numerous first (ties: more bytes first). */
  tensor_types: Record<string, number>;
  /** Bytes of those matrices per type (types with a known block layout only). */
  tensor_bytes: Record<string, number>;
  /** The type holding the most elements of the repeating-layer (`blk.*`) weight matrices; null without matrices. */
  dominant_type: string | null;
  /** The ggml type that `general.file_type` names, or null when there is no label or it has no single main type. */
  label_type: string | null;
  /** Whether `label_type` is `dominant_type`; null when there is nothing to compare. */
  label_matches_tensors: boolean | null;
  /** Set when the label and the tensors disagree: what the label says and what the tensors hold. */
  quantization_warning?: string;
}

const pct = (part: bigint, whole: bigint) => (whole === 0n ? "0" : (Number((part * 1000n) / whole) / 10).toFixed(1));

/**
 * Histogram of the weight-matrix types and the label check. 1-D tensors (norms, biases) are left out
 * everywhere: llama-quantize keeps them f32 whatever the label, so they say nothing about it.
 * The dominant type is counted in elements over the `blk.*` matrices (all matrices when a file has
 * none): bytes would favour the higher types of a K-quant mix (Q3_K_L's q5_k tensors outweigh its
 * q3_k ones in bytes), and the embedding/output matrices, which llama-quantize types separately
 * (q6_k/q8_0 by default), can outweigh every layer of a small model with a large vocabulary.
 * The warning fires when the label's type is not that dominant type — which covers a label whose
 * type no tensor has — so the q6_k/q5_k share of a real Q4_K_M or Q3_K_L file does not trip it.
 */
export function tensorTypeStats(tensors: GgufTensorInfo[], fileType: number | null, label: string): TensorTypeStats {
  const count = new Map<string, number>();
  const bytes = new Map<string, number>();
  const blockElems = new Map<string, bigint>();
  const allElems = new Map<string, bigint>();
  const hasBlocks = tensors.some((t) => t.dims.length >= 2 && t.name.startsWith("blk."));
  for (const t of tensors) {
    if (t.dims.length < 2) continue;
    const name = ggmlTypeName(t.type);
    const n = t.dims.reduce((a, b) => a * b, 1n);
    count.set(name, (count.get(name) ?? 0) + 1);
    const layout = GGML_TYPE_LAYOUT[t.type];
    if (layout) bytes.set(name, (bytes.get(name) ?? 0) + Number((n / BigInt(layout.block)) * BigInt(layout.bytes)));
    allElems.set(name, (allElems.get(name) ?? 0n) + n);
    if (!hasBlocks || t.name.startsWith("blk.")) blockElems.set(name, (blockElems.get(name) ?? 0n) + n);
  }
  const order = [...count.keys()].sort((a, b) => count.get(b)! - count.get(a)! || (bytes.get(b) ?? 0) - (bytes.get(a) ?? 0) || a.localeCompare(b));
  const tensor_types = Object.fromEntries(order.map((k) => [k, count.get(k)!]));
  const tensor_bytes = Object.fromEntries(order.filter((k) => bytes.has(k)).map((k) => [k, bytes.get(k)!]));
  const ranked = [...blockElems.entries()].sort((a, b) => (b[1] > a[1] ? 1 : b[1] < a[1] ? -1 : a[0].localeCompare(b[0])));
  const dominant_type = ranked[0]?.[0] ?? null;
  const main = fileType !== null ? FILE_TYPE_MAIN[fileType] : undefined;
  const label_type = main !== undefined ? ggmlTypeName(main) : null;
  const stats: TensorTypeStats = { tensor_types, tensor_bytes, dominant_type, label_type, label_matches_tensors: null };
  if (label_type === null || dominant_type === null) return stats;
  stats.label_matches_tensors = label_type === dominant_type;
  if (!stats.label_matches_tensors) {
    const total = ranked.reduce((a, [, n]) => a + n, 0n);
    const share = `${dominant_type} holds ${pct(ranked[0]![1], total)}% of the ${hasBlocks ? "layer" : "weight"} matrix elements`;
    stats.quantization_warning = allElems.has(label_type)
      ? `general.file_type says ${label} but its type ${label_type} is not the main one: ${share}, ${label_type} ${pct(blockElems.get(label_type) ?? 0n, total)}%`
      : `general.file_type says ${label} but no tensor is ${label_type}: ${share}`;
  }
  return stats;
}
