// Fast content fingerprint of model weights: size + header + sampled blocks, never the whole file.
import { closeSync, fstatSync, openSync, readSync } from "node:fs";
import { createHash, type Hash } from "node:crypto";
import { basename } from "node:path";

const HEAD = 1 << 20; // first 1 MiB (GGUF/safetensors headers live there)
const BLOCK = 64 << 10; // 64 KiB per sample
const SAMPLES = 32;

function hashFile(h: Hash, file: string): void {
  const fd = openSync(file, "r");
  try {
    const size = fstatSync(fd).size;
    h.update(`${basename(file)}\0${size}\0`);
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
