// The response store: an append-only JSONL log, one line per successful sample, written as the
// responses arrive. Lines are written in batches (everything that arrived while the previous write
// was in progress), each batch followed by fdatasync. A killed process loses only the responses
// not yet written; a torn last line is skipped on load. Rerunning reads the log back and sends
// only the samples whose keys are missing.
import { open, readFile, mkdir, type FileHandle } from "node:fs/promises";
import { dirname, join } from "node:path";
import { cacheDirFrom } from "../assets/resolve.js";
import type { TokenUsage } from "../backends/types.js";
import { sanitizeRepoId } from "../results/result-files.js";
import { sha256Hex } from "../util/hash.js";
import { StoreLock, type LockOptions } from "./store-lock.js";

export const STORE_FORMAT = 1;

/** The response store of one model identity, under the user cache (WORKBENCH_CACHE_DIR, ...). */
export function storeFileFor(identity: string, modelName: string | null): string {
  return join(cacheDirFrom(), "responses", `${sanitizeRepoId(modelName ?? "model")}-${sha256Hex(identity).slice(0, 16)}.jsonl`);
}

/** One stored sample (a line of the log). */
export interface StoredSample {
  v: typeof STORE_FORMAT;
  /** sha256 of the canonical request + model identity + sample index. */
  key: string;
  /** Benchmark and item it was first produced for (informational; the key is what matters). */
  bench: string;
  id: string;
  sample: number;
  /** The text exactly as the server returned it (reasoning not stripped). */
  raw: string;
  reasoning?: string;
  finish_reason: string | null;
  logprobs?: Record<string, number>;
  /** The request's token usage, on the first sample of each request. */
  usage?: TokenUsage;
  /** Samples in that request, when more than one. */
  n?: number;
  /** Unix time, ms. */
  t: number;
}

function isStoredSample(v: unknown): v is StoredSample {
  const o = v as StoredSample;
  return typeof o === "object" && o !== null && o.v === STORE_FORMAT && typeof o.key === "string" && typeof o.raw === "string" && typeof o.sample === "number";
}

export interface StoreOpenOptions {
  /** Read the existing log (false for --no-cache: still append, never read). */
  read?: boolean;
  /** fdatasync after each batch (default true). */
  fsync?: boolean;
  /** Take the store's lock first (waiting for another run that holds it); released by close(). */
  lock?: LockOptions;
}

export class ResponseStore {
  private readonly byKey = new Map<string, StoredSample>();
  private pending: string[] = [];
  private draining: Promise<void> | null = null;
  private failure: Error | null = null;
  /** Lines read back from an earlier run. */
  loaded = 0;
  /** Unparseable lines skipped on load (a torn last line after a crash). */
  skipped = 0;
  /** Lines appended by this process. */
  appended = 0;

  private lock: StoreLock | undefined;

  private constructor(
    readonly file: string,
    private readonly fh: FileHandle,
    private readonly fsync: boolean,
  ) {}

  static async open(file: string, opts: StoreOpenOptions = {}): Promise<ResponseStore> {
    await mkdir(dirname(file), { recursive: true });
    // The lock comes before reading: the answers of the run we waited for are then read back.
    const lock = opts.lock ? await StoreLock.acquire(file, opts.lock) : undefined;
    let fh: FileHandle;
    try {
      fh = await open(file, "a+");
    } catch (err) {
      await lock?.release();
      throw err;
    }
    const store = new ResponseStore(file, fh, opts.fsync ?? true);
    store.lock = lock;
    try {
      const { size } = await fh.stat();
      if (size > 0) {
        const text = opts.read === false ? "" : await readFile(file, "utf8");
        if (text) store.load(text);
        // A crash can leave a torn line without its newline: start the next append on a fresh line.
        const last = Buffer.alloc(1);
        await fh.read(last, 0, 1, size - 1);
        if (last[0] !== 0x0a) store.pending.push("\n");
      }
    } catch (err) {
      await fh.close();
      await lock?.release();
      throw err;
    }
    return store;
  }

  private load(text: string): void {
    let start = 0;
    while (start < text.length) {
      let end = text.indexOf("\n", start);
      if (end < 0) end = text.length;
      const line = text.slice(start, end);
      start = end + 1;
      if (!line.trim()) continue;
      let rec: unknown;
      try {
        rec = JSON.parse(line);
      } catch {
        this.skipped++;
        continue;
      }
      if (!isStoredSample(rec)) {
        this.skipped++;
        continue;
      }
      this.byKey.set(rec.key, rec);
      this.loaded++;
    }
  }

  get(key: string): StoredSample | undefined {
    return this.byKey.get(key);
  }

  get size(): number {
    return this.byKey.size;
  }

  /** Queue a sample for writing; it is on disk once a later flush() resolves. */
  append(rec: StoredSample): void {
    if (this.failure) throw this.failure;
    this.byKey.set(rec.key, rec);
    this.pending.push(JSON.stringify(rec) + "\n");
    this.appended++;
    if (!this.draining) this.draining = this.drain();
  }

  private async drain(): Promise<void> {
    try {
      while (this.pending.length) {
        const buf = Buffer.from(this.pending.join(""), "utf8");
        this.pending = [];
        let off = 0;
        while (off < buf.length) off += (await this.fh.write(buf, off, buf.length - off)).bytesWritten;
        if (this.fsync) await this.fh.datasync();
      }
    } catch (err) {
      this.failure = new Error(`response store ${this.file}: write failed (${(err as Error).message})`);
    } finally {
      this.draining = null;
    }
  }

  /** Wait until everything appended so far is written (and synced). */
  async flush(): Promise<void> {
    while (this.draining) await this.draining;
    if (this.pending.length) {
      this.draining = this.drain();
      await this.draining;
    }
    if (this.failure) throw this.failure;
  }

  async close(): Promise<void> {
    try {
      await this.flush();
    } finally {
      await this.fh.close();
      await this.lock?.release();
    }
  }
}
