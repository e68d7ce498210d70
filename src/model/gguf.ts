// GGUF header reader: metadata key/values and tensor infos, read incrementally (never the whole file).
import { closeSync, openSync, readSync, fstatSync } from "node:fs";
import { tensorTypeStats } from "./tensor-types.js";

export type GgufValue = number | bigint | boolean | string | GgufValue[];

export interface GgufTensorInfo {
  name: string;
  dims: bigint[];
  type: number;
}

export interface GgufHeader {
  version: number;
  tensorCount: number;
  metadata: Map<string, GgufValue>;
  tensors: GgufTensorInfo[];
  /** Bytes used by the header (metadata + tensor infos), before alignment padding. */
  headerBytes: number;
}

export class GgufError extends Error {
  override name = "GgufError";
}

/** llama.cpp's `llama_ftype` (general.file_type) names. */
export const GGUF_FILE_TYPES: Record<number, string> = {
  0: "F32", 1: "F16", 2: "Q4_0", 3: "Q4_1", 4: "Q4_1_SOME_F16", 7: "Q8_0", 8: "Q5_0", 9: "Q5_1", 10: "Q2_K", 11: "Q3_K_S",
  12: "Q3_K_M", 13: "Q3_K_L", 14: "Q4_K_S", 15: "Q4_K_M", 16: "Q5_K_S", 17: "Q5_K_M", 18: "Q6_K", 19: "IQ2_XXS", 20: "IQ2_XS",
  21: "Q2_K_S", 22: "IQ3_XS", 23: "IQ3_XXS", 24: "IQ1_S", 25: "IQ4_NL", 26: "IQ3_S", 27: "IQ3_M", 28: "IQ2_S", 29: "IQ2_M",
  30: "IQ4_XS", 31: "IQ1_M", 32: "BF16", 33: "Q4_0_4_4", 34: "Q4_0_4_8", 35: "Q4_0_8_8", 36: "TQ1_0", 37: "TQ2_0", 38: "MXFP4_MOE",
  39: "NVFP4", 40: "Q1_0", 41: "Q2_0",
};

const MAX_STRING = 1 << 26; // 64 MiB: anything larger is a corrupt file, not a header
const MAX_ARRAY = 1 << 27;

class Reader {
  private buf = Buffer.alloc(0);
  private bufStart = 0; // file offset of buf[0]
  pos = 0; // absolute file offset
  constructor(private fd: number, private size: number, private file: string) {}

  private ensure(n: number): void {
    const have = this.bufStart + this.buf.length - this.pos;
    if (have >= n) return;
    if (this.pos + n > this.size) throw new GgufError(`${this.file}: truncated GGUF header (needs ${n} bytes at offset ${this.pos}, file has ${this.size})`);
    const want = Math.max(n, 1 << 20);
    const chunk = Buffer.alloc(Math.min(want, this.size - this.pos));
    readSync(this.fd, chunk, 0, chunk.length, this.pos);
    this.buf = chunk;
    this.bufStart = this.pos;
  }
  private at(n: number): number {
    this.ensure(n);
    const off = this.pos - this.bufStart;
    this.pos += n;
    return off;
  }
  u8(): number { const o = this.at(1); return this.buf.readUInt8(o); }
  i8(): number { const o = this.at(1); return this.buf.readInt8(o); }
  u16(): number { const o = this.at(2); return this.buf.readUInt16LE(o); }
  i16(): number { const o = this.at(2); return this.buf.readInt16LE(o); }
  u32(): number { const o = this.at(4); return this.buf.readUInt32LE(o); }
  i32(): number { const o = this.at(4); return this.buf.readInt32LE(o); }
  f32(): number { const o = this.at(4); return this.buf.readFloatLE(o); }
  f64(): number { const o = this.at(8); return this.buf.readDoubleLE(o); }
  u64(): bigint { const o = this.at(8); return this.buf.readBigUInt64LE(o); }
  i64(): bigint { const o = this.at(8); return this.buf.readBigInt64LE(o); }
  count(what: string, max: number): number {
    const v = this.u64();
    if (v > BigInt(max)) throw new GgufError(`${this.file}: implausible ${what} ${v} at offset ${this.pos - 8}`);
    return Number(v);
  }
  str(): string {
    const n = this.count("string length", MAX_STRING);
    const off = this.at(n); // at() may swap this.buf: read it after
    return this.buf.toString("utf8", off, off + n);
  }
}

function readValue(r: Reader, type: number, file: string): GgufValue {
  switch (type) {
    case 0: return r.u8();
    case 1: return r.i8();
    case 2: return r.u16();
    case 3: return r.i16();
    case 4: return r.u32();
    case 5: return r.i32();
    case 6: return r.f32();
    case 7: return r.u8() !== 0;
    case 8: return r.str();
    case 9: {
      const itemType = r.u32();
      const n = r.count("array length", MAX_ARRAY);
      const out: GgufValue[] = new Array(n);
      for (let i = 0; i < n; i++) out[i] = readValue(r, itemType, file);
      return out;
    }
    case 10: return r.u64();
    case 11: return r.i64();
    case 12: return r.f64();
    default:
      throw new GgufError(`${file}: unknown GGUF value type ${type} at offset ${r.pos - 4}`);
  }
}

/** Read a GGUF file's header. `skipArrays` keys (e.g. the tokenizer vocab) are read but not kept. */
export function readGgufHeader(file: string, opts: { keepKeys?: (key: string) => boolean } = {}): GgufHeader {
  const fd = openSync(file, "r");
  try {
    const size = fstatSync(fd).size;
    const r = new Reader(fd, size, file);
    const magic = r.u32();
    if (magic !== 0x46554747) throw new GgufError(`${file}: not a GGUF file (bad magic)`);
    const version = r.u32();
    if (version < 2 || version > 3) throw new GgufError(`${file}: unsupported GGUF version ${version} (expected 2 or 3)`);
    const tensorCount = r.count("tensor count", 1 << 24);
    const kvCount = r.count("metadata count", 1 << 20);
    const metadata = new Map<string, GgufValue>();
    const keep = opts.keepKeys ?? ((k: string) => !k.startsWith("tokenizer.ggml."));
    for (let i = 0; i < kvCount; i++) {
      const key = r.str();
      const type = r.u32();
      const value = readValue(r, type, file);
      if (keep(key)) metadata.set(key, value);
    }
    const tensors: GgufTensorInfo[] = [];
    for (let i = 0; i < tensorCount; i++) {
      const name = r.str();
      const nDims = r.u32();
      if (nDims > 8) throw new GgufError(`${file}: tensor ${name} has ${nDims} dimensions`);
      const dims: bigint[] = [];
      for (let d = 0; d < nDims; d++) dims.push(r.u64());
      const type = r.u32();
      r.u64(); // offset
      tensors.push({ name, dims, type });
    }
    return { version, tensorCount, metadata, tensors, headerBytes: r.pos };
  } finally {
    closeSync(fd);
  }
}

export interface GgufSummary {
  architecture: string | null;
  name: string | null;
  basename: string | null;
  size_label: string | null;
  file_type: number | null;
  quantization: string;
  parameters: number;
  context_length: number | null;
  has_chat_template: boolean;
  tensor_count: number;
  gguf_version: number;
}

function str(v: GgufValue | undefined): string | null {
  return typeof v === "string" ? v : null;
}
function num(v: GgufValue | undefined): number | null {
  if (typeof v === "number") return v;
  if (typeof v === "bigint") return Number(v);
  return null;
}

export function summarizeGguf(h: GgufHeader): GgufSummary {
  const arch = str(h.metadata.get("general.architecture"));
  const fileType = num(h.metadata.get("general.file_type"));
  let parameters = 0;
  for (const t of h.tensors) parameters += Number(t.dims.reduce((a, b) => a * b, 1n));
  let quantization: string;
  if (fileType !== null) quantization = GGUF_FILE_TYPES[fileType] ?? `file_type_${fileType}`;
  else {
    // No file_type: name the type holding most of the weight-matrix elements.
    const top = tensorTypeStats(h.tensors, null, "").dominant_type;
    quantization = top === null ? "unknown" : top.startsWith("type_") ? top : top.toUpperCase();
  }
  return {
    architecture: arch,
    name: str(h.metadata.get("general.name")),
    basename: str(h.metadata.get("general.basename")),
    size_label: str(h.metadata.get("general.size_label")),
    file_type: fileType,
    quantization,
    parameters,
    context_length: arch ? num(h.metadata.get(`${arch}.context_length`)) : null,
    has_chat_template: typeof h.metadata.get("tokenizer.chat_template") === "string",
    tensor_count: h.tensorCount,
    gguf_version: h.version,
  };
}
