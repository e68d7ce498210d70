// One run at a time per response store: a lock file (`<store>.lock` unless told where, created
// exclusively, holding the owner's pid, host and start time). A second run of the same model
// waits for the first to finish and then reads its answers from the store, so concurrent runs of
// one command do the GPU work once. A lock whose process is gone (same host) is taken over.
import { hostname } from "node:os";
import { mkdir, open, readFile, stat, unlink } from "node:fs/promises";
import { CancelledError } from "../backends/errors.js";
import { dirname } from "node:path";

export interface LockHolder {
  pid: number;
  host: string;
  /** Epoch ms. */
  started: number;
}

export interface LockOptions {
  /** The lock file (default `<store>.lock`). */
  file?: string;
  /** Told once when another run holds the lock and this one starts waiting. */
  onWait?: (holder: LockHolder | null) => void;
  /** How often to look again, ms (default 500). */
  pollMs?: number;
  signal?: AbortSignal;
}

function alive(h: LockHolder): boolean {
  if (h.host !== hostname()) return true;
  try {
    process.kill(h.pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === "EPERM";
  }
}

async function holderOf(file: string): Promise<LockHolder | null> {
  try {
    const h = JSON.parse(await readFile(file, "utf8")) as LockHolder;
    return typeof h.pid === "number" && typeof h.host === "string" ? h : null;
  } catch {
    return null;
  }
}

export class StoreLock {
  private released = false;
  private constructor(readonly file: string) {}

  /** Take the lock of `storeFile`, waiting while a live run holds it. */
  static async acquire(storeFile: string, opts: LockOptions = {}): Promise<StoreLock> {
    const file = opts.file ?? `${storeFile}.lock`;
    await mkdir(dirname(file), { recursive: true });
    const me: LockHolder = { pid: process.pid, host: hostname(), started: Date.now() };
    let told = false;
    for (;;) {
      if (opts.signal?.aborted) throw new CancelledError();
      try {
        const fh = await open(file, "wx");
        try {
          await fh.writeFile(JSON.stringify(me) + "\n");
        } catch (err) {
          // A lock we could not fill (a full disk) must not be left behind to block every later run.
          await fh.close();
          await unlink(file).catch(() => {});
          throw err;
        }
        await fh.close();
        return new StoreLock(file);
      } catch (err) {
        if ((err as NodeJS.ErrnoException).code !== "EEXIST") throw err;
      }
      const h = await holderOf(file);
      // A lock from a process that is gone (crash, kill -9) is stale. An unreadable one may be
      // mid-write: it is judged stale only once it has stayed unreadable for 10 s.
      const unreadableFor = h ? 0 : await stat(file).then((st) => Date.now() - st.mtimeMs, () => 0);
      if ((h && !alive(h)) || unreadableFor > 10_000) {
        await unlink(file).catch(() => {});
        continue;
      }
      if (!told) {
        opts.onWait?.(h);
        told = true;
      }
      await new Promise((r) => setTimeout(r, opts.pollMs ?? 500));
    }
  }

  async release(): Promise<void> {
    if (this.released) return;
    this.released = true;
    await unlink(this.file).catch(() => {});
  }
}
