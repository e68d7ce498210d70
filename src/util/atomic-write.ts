// Atomic file writes: write to a temporary sibling, fsync, then rename over the target.
import { closeSync, fsyncSync, linkSync, openSync, renameSync, unlinkSync, writeSync } from "node:fs";
import { dirname, basename, join } from "node:path";
import { ensureDir } from "./ensure-dir.js";

function tempSibling(target: string): string {
  return join(dirname(target), `.${basename(target)}.${process.pid}.${Math.random().toString(36).slice(2)}.tmp`);
}

function writeTemp(target: string, data: string | Uint8Array): string {
  ensureDir(dirname(target));
  const tmp = tempSibling(target);
  const fd = openSync(tmp, "wx");
  try {
    const buf = typeof data === "string" ? Buffer.from(data, "utf8") : data;
    let off = 0;
    while (off < buf.length) off += writeSync(fd, buf, off, buf.length - off);
    fsyncSync(fd);
  } catch (err) {
    closeSync(fd);
    unlinkSync(tmp);
    throw err;
  }
  closeSync(fd);
  return tmp;
}

/** Write `data` to `target` atomically, replacing any existing file. */
export function writeFileAtomic(target: string, data: string | Uint8Array): void {
  const tmp = writeTemp(target, data);
  try {
    renameSync(tmp, target);
  } catch (err) {
    unlinkSync(tmp);
    throw err;
  }
}

/** Write `data` to `target` atomically; fails with EEXIST (and writes nothing) if `target` exists. */
export function writeFileAtomicNew(target: string, data: string | Uint8Array): void {
  const tmp = writeTemp(target, data);
  try {
    linkSync(tmp, target); // link() refuses to replace an existing file, unlike rename()
  } finally {
    unlinkSync(tmp);
  }
}
