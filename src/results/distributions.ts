// The per-position sidecar of a perplexity run: a compact little-endian binary file written chunk by
// chunk and read back chunk by chunk, so neither side holds more than one chunk of distributions.
//
// Layout:
//   8 bytes   magic "WBPPLSC1"
//   u32       n = byte length of the JSON header
//   n bytes   JSON header (SidecarHeader), UTF-8, space-padded so that what follows is 4-byte aligned
//   i32 x n_chunks*ctx   the text's token ids (before BOS replacement)
//   n_chunks*per_chunk records, chunk-major, row r of a chunk = input position first + r, predicting
//   token first + r + 1 of the chunk. A record is, by storage:
//     "f32":  vocab x f32 log-probabilities (full log-softmax);
//     "u16":  f32 scale, f32 min_logprob, u16 x vocab_padded codes (vocab rounded up to even):
//             log p_i = scale * code_i + min_logprob, clamped to [top - 16, top] (llama-perplexity's
//             --kl-divergence-base encoding);
//     "topk": f32 log-probability of the actual next token, i32 x K ids (most probable first),
//             f32 x K log-probabilities.
// Version 2 (`segments` in the header): the units are sequences of their own lengths (one answer
// each, its prompt then its answer) instead of equal chunks: segment s holds lengths[s] token ids
// as evaluated (BOS included), and lengths[s] - 1 - first[s] records, row r predicting token
// first[s] + r + 1 of the segment. The token ids are the segments' concatenated.
import { closeSync, fsyncSync, linkSync, openSync, readSync, unlinkSync, writeSync, fstatSync } from "node:fs";
import { basename, dirname, join } from "node:path";
import { endianness } from "node:os";
import { createHash } from "node:crypto";
import type { QuantizedLogprobs } from "./logprob-rows.js";

export const SIDECAR_MAGIC = "WBPPLSC1";
export type SidecarStorage = "f32" | "u16" | "topk";

export interface SidecarHeader {
  format: "workbench-perplexity-sidecar";
  /** 1: equal chunks; 2: `segments`. */
  version: 1 | 2;
  storage: SidecarStorage;
  vocab_size: number;
  /** K for "topk"; null for the full-distribution storages. */
  top_k: number | null;
  ctx: number;
  first: number;
  n_chunks: number;
  per_chunk: number;
  /** BOS id that replaced each chunk's first token, or null. */
  bos: number | null;
  tokenizer_fingerprint: string;
  /** sha256 of the token ids as i32 little-endian. */
  token_ids_sha256: string;
  /** Free-form description of what produced it (model file, engine). */
  source?: Record<string, unknown>;
  /** Version 2: units of their own lengths (n_chunks of them; ctx, first and per_chunk then unused). */
  segments?: { lengths: number[]; first: number[] };
}

/** Where each unit (chunk or segment) lies: its first token id, its length, first scored position and rows. */
export interface UnitLayout {
  start: number;
  length: number;
  first: number;
  rows: number;
}

export function unitLayouts(h: Pick<SidecarHeader, "n_chunks" | "ctx" | "first" | "per_chunk" | "segments">): UnitLayout[] {
  if (!h.segments) return Array.from({ length: h.n_chunks }, (_, c) => ({ start: c * h.ctx, length: h.ctx, first: h.first, rows: h.per_chunk }));
  let start = 0;
  return h.segments.lengths.map((length, s) => {
    const first = h.segments!.first[s]!;
    const u = { start, length, first, rows: length - 1 - first };
    start += length;
    return u;
  });
}

function checkLayout(h: SidecarHeader, where: string): UnitLayout[] {
  if (h.segments) {
    const { lengths, first } = h.segments;
    if (!Array.isArray(lengths) || !Array.isArray(first) || lengths.length !== h.n_chunks || first.length !== h.n_chunks) throw new Error(`${where}: sidecar segments do not match n_chunks ${h.n_chunks}`);
    for (let s = 0; s < lengths.length; s++) {
      if (!(Number.isInteger(lengths[s]) && Number.isInteger(first[s]) && first[s]! >= 0 && first[s]! <= lengths[s]! - 1)) throw new Error(`${where}: sidecar segment ${s} has length ${lengths[s]} and first ${first[s]}`);
    }
  }
  return unitLayouts(h);
}

export function tokenIdsSha256(tokens: Int32Array): string {
  return createHash("sha256").update(new Uint8Array(tokens.buffer, tokens.byteOffset, tokens.byteLength)).digest("hex");
}

export function recordBytes(h: Pick<SidecarHeader, "storage" | "vocab_size" | "top_k">): number {
  if (h.storage === "f32") return 4 * h.vocab_size;
  if (h.storage === "u16") return 8 + 2 * (2 * Math.ceil(h.vocab_size / 2));
  return 4 + 8 * h.top_k!;
}

/** Bytes a sidecar takes per scored token (the records; the token list adds 4 bytes per text token). */
export function sidecarBytesPerScoredToken(h: Pick<SidecarHeader, "storage" | "vocab_size" | "top_k">): number {
  return recordBytes(h);
}

function checkHost(): void {
  if (endianness() !== "LE") throw new Error("perplexity sidecars are little-endian; this host is big-endian");
}

/** One chunk's records as typed views. */
export type SidecarChunk =
  | { storage: "f32"; rows: number; vocab: number; logprobs: Float32Array }
  | { storage: "u16"; rows: number; vocab: number; row(r: number): QuantizedLogprobs }
  | { storage: "topk"; rows: number; k: number; actual: Float32Array; ids: Int32Array; logprobs: Float32Array };

/** Streams a sidecar to a temporary sibling; `finish()` links it into place (never replacing a file). */
export class SidecarWriter {
  private fd: number;
  private tmp: string;
  private chunksWritten = 0;
  private closed = false;
  private units: UnitLayout[];
  readonly header: SidecarHeader;

  /** Rows of the unit written next. */
  private nextRows(): number {
    const u = this.units[this.chunksWritten];
    if (!u) throw new Error(`sidecar: all ${this.header.n_chunks} units already written`);
    return u.rows;
  }

  constructor(readonly path: string, header: SidecarHeader, tokens: Int32Array) {
    checkHost();
    this.units = checkLayout(header, "sidecar");
    const nTok = this.units.reduce((a, u) => a + u.length, 0);
    if (tokens.length !== nTok) throw new Error(`sidecar: ${tokens.length} token ids for ${header.n_chunks} units of ${nTok} tokens in all`);
    this.header = header;
    this.tmp = join(dirname(path), `.${basename(path)}.${process.pid}.${Math.random().toString(36).slice(2)}.tmp`);
    this.fd = openSync(this.tmp, "wx");
    let json = JSON.stringify(header);
    const pad = (4 - ((8 + 4 + Buffer.byteLength(json)) % 4)) % 4;
    json += " ".repeat(pad);
    const jb = Buffer.from(json, "utf8");
    const head = Buffer.alloc(12);
    head.write(SIDECAR_MAGIC, 0, "ascii");
    head.writeUInt32LE(jb.length, 8);
    this.write(head);
    this.write(jb);
    this.write(new Uint8Array(tokens.buffer, tokens.byteOffset, tokens.byteLength));
  }

  private write(b: Uint8Array): void {
    let off = 0;
    while (off < b.length) off += writeSync(this.fd, b, off, b.length - off);
  }

  /** Full log-softmax rows of one chunk (per_chunk x vocab), stored as the header's storage says. */
  writeFullChunk(logprobs: Float32Array, quantize: (row: Float32Array, out: Uint16Array) => QuantizedLogprobs): void {
    const h = this.header;
    const v = h.vocab_size;
    const rows = this.nextRows();
    if (logprobs.length !== rows * v) throw new Error(`sidecar: chunk has ${logprobs.length} values, expected ${rows * v}`);
    if (h.storage === "f32") {
      this.write(new Uint8Array(logprobs.buffer, logprobs.byteOffset, logprobs.byteLength));
    } else if (h.storage === "u16") {
      const rb = recordBytes(h);
      const buf = new ArrayBuffer(rb * rows);
      for (let r = 0; r < rows; r++) {
        const codes = new Uint16Array(buf, r * rb + 8, v);
        const q = quantize(logprobs.subarray(r * v, (r + 1) * v), codes);
        const f = new Float32Array(buf, r * rb, 2);
        f[0] = q.scale;
        f[1] = q.minLogprob;
      }
      this.write(new Uint8Array(buf));
    } else {
      throw new Error("sidecar: writeFullChunk on a top-K sidecar; use writeTopKChunk");
    }
    this.chunksWritten++;
  }

  /** Top-K rows of one chunk: per row the actual token's log-prob, K ids and K log-probs. */
  writeTopKChunk(actual: ArrayLike<number>, ids: Int32Array, logprobs: Float32Array): void {
    const h = this.header;
    const k = h.top_k!;
    if (h.storage !== "topk") throw new Error("sidecar: writeTopKChunk on a full-distribution sidecar");
    const rows = this.nextRows();
    const rb = recordBytes(h);
    const buf = new ArrayBuffer(rb * rows);
    for (let r = 0; r < rows; r++) {
      new Float32Array(buf, r * rb, 1)[0] = actual[r]!;
      new Int32Array(buf, r * rb + 4, k).set(ids.subarray(r * k, (r + 1) * k));
      new Float32Array(buf, r * rb + 4 + 4 * k, k).set(logprobs.subarray(r * k, (r + 1) * k));
    }
    this.write(new Uint8Array(buf));
    this.chunksWritten++;
  }

  /** Sync, and link into place; refuses (EEXIST) when the target already exists. */
  finish(): void {
    if (this.chunksWritten !== this.header.n_chunks) throw new Error(`sidecar: ${this.chunksWritten} of ${this.header.n_chunks} chunks written`);
    fsyncSync(this.fd);
    closeSync(this.fd);
    this.closed = true;
    try {
      linkSync(this.tmp, this.path);
    } finally {
      unlinkSync(this.tmp);
    }
  }

  /** Drop the partial file. */
  abort(): void {
    if (this.closed) return;
    closeSync(this.fd);
    this.closed = true;
    try {
      unlinkSync(this.tmp);
    } catch {
      /* already gone */
    }
  }
}

export interface OpenSidecar {
  header: SidecarHeader;
  tokens: Int32Array;
  /** Where each unit's tokens and records lie. */
  units: UnitLayout[];
  /** Chunks in order, one read at a time. */
  chunks(): Generator<SidecarChunk>;
  close(): void;
}

function readExactly(fd: number, buf: Uint8Array, pos: number, path: string): void {
  let off = 0;
  while (off < buf.length) {
    const n = readSync(fd, buf, off, buf.length - off, pos + off);
    if (n === 0) throw new Error(`${path}: sidecar truncated (needed ${buf.length} bytes at offset ${pos})`);
    off += n;
  }
}

export function openSidecar(path: string): OpenSidecar {
  checkHost();
  const fd = openSync(path, "r");
  try {
    const size = fstatSync(fd).size;
    const head = Buffer.alloc(12);
    if (size < 12) throw new Error(`${path}: not a perplexity sidecar (too short)`);
    readExactly(fd, head, 0, path);
    if (head.toString("ascii", 0, 8) !== SIDECAR_MAGIC) throw new Error(`${path}: not a perplexity sidecar (magic ${JSON.stringify(head.toString("latin1", 0, 8))})`);
    const jl = head.readUInt32LE(8);
    const jb = Buffer.alloc(jl);
    readExactly(fd, jb, 12, path);
    let header: SidecarHeader;
    try {
      header = JSON.parse(jb.toString("utf8")) as SidecarHeader;
    } catch {
      throw new Error(`${path}: sidecar header is not valid JSON`);
    }
    const version = header.segments ? 2 : 1;
    if (header.format !== "workbench-perplexity-sidecar" || header.version !== version) throw new Error(`${path}: unsupported sidecar format ${header.format} v${header.version}`);
    const units = checkLayout(header, path);
    const nTok = units.reduce((a, u) => a + u.length, 0);
    const nRows = units.reduce((a, u) => a + u.rows, 0);
    const tokOff = 12 + jl;
    const rb = recordBytes(header);
    const expected = tokOff + 4 * nTok + rb * nRows;
    if (size !== expected) throw new Error(`${path}: sidecar is ${size} bytes, its header implies ${expected}`);
    const tb = new Uint8Array(4 * nTok);
    readExactly(fd, tb, tokOff, path);
    const tokens = new Int32Array(tb.buffer);
    const dataOff = tokOff + 4 * nTok;
    return {
      header,
      tokens,
      units,
      *chunks(): Generator<SidecarChunk> {
        let off = dataOff;
        for (let c = 0; c < header.n_chunks; c++) {
          const rows = units[c]!.rows;
          const buf = new Uint8Array(rb * rows);
          readExactly(fd, buf, off, path);
          off += buf.length;
          const ab = buf.buffer;
          const v = header.vocab_size;
          if (header.storage === "f32") {
            yield { storage: "f32", rows, vocab: v, logprobs: new Float32Array(ab) };
          } else if (header.storage === "u16") {
            yield {
              storage: "u16",
              rows,
              vocab: v,
              row(r: number): QuantizedLogprobs {
                const f = new Float32Array(ab, r * rb, 2);
                return { scale: f[0]!, minLogprob: f[1]!, codes: new Uint16Array(ab, r * rb + 8, v) };
              },
            };
          } else {
            const k = header.top_k!;
            const actual = new Float32Array(rows);
            const ids = new Int32Array(rows * k);
            const lps = new Float32Array(rows * k);
            for (let r = 0; r < rows; r++) {
              actual[r] = new Float32Array(ab, r * rb, 1)[0]!;
              ids.set(new Int32Array(ab, r * rb + 4, k), r * k);
              lps.set(new Float32Array(ab, r * rb + 4 + 4 * k, k), r * k);
            }
            yield { storage: "topk", rows, k, actual, ids, logprobs: lps };
          }
        }
      },
      close(): void {
        closeSync(fd);
      },
    };
  } catch (err) {
    closeSync(fd);
    throw err;
  }
}
