// Fast content fingerprint of model weights: size + header + sampled blocks, never the whole file.
import { closeSync, fstatSync, openSync, readSync } from "node:fs";
import { createHash, type Hash } from "node:crypto";
import { basename } from "node:path";

const HEAD = 1 << 20; // first 1 MiB (GGUF/safetensors headers live there)
const BLOCK = 64 << 10; // 64 KiB per sample
const SAMPLES = 32;

function hashFile(h: Hash, file: string, withName = true): void {
  const fd = openSync(file, "r");
  try {
    const size = fstatSync(fd).size;
    h.update(`${withName ? basename(file) : ""}\0${size}\0`);
    const buf = Buffer.alloc(Math.max(HEAD, BLOCK));
    const read = (pos: number, len: number) => {
      const n = readSync(fd, buf, 0, Math.min(len, size - pos), pos);
      h.update(buf.subarray(0, n));
    };
    if (size <= HEAD + SAMPLES * BLOCK) {
      for (let pos = 0; pos < size; pos += buf.length) read(pos, buf.length);
      return;
    }
    read(0, HEAD);
    // Evenly spaced blocks over the rest, the last one ending at EOF.
    const span = size - HEAD - BLOCK;
    for (let i = 1; i <= SAMPLES; i++) read(HEAD + Math.floor((span * i) / SAMPLES), BLOCK);
  } finally {
    closeSync(fd);
  }
}

/** Fingerprint of one or more weight files (order-independent): "sha256:<hex>" over sampled content. */
export function fingerprintFiles(files: string[]): string {
  const h = createHash("sha256");
  h.update("model-workbench-fingerprint-v1\0");
  for (const f of [...files].sort()) hashFile(h, f);
  return `sha256:${h.digest("hex")}`;
}

/**
 * The same sampled content without the file names: equal for a copy or a link of the same weights
 * under another name (used to refuse evaluating one model twice as two variants).
 */
export function contentFingerprint(files: string[]): string {
  const h = createHash("sha256");
  h.update("model-workbench-content-v1\0");
  const one = (f: string): string => {
    const x = createHash("sha256");
    hashFile(x, f, false);
    return x.digest("hex");
  };
  for (const d of files.map(one).sort()) h.update(d);
  return `sha256:${h.digest("hex")}`;
}
