// A results file written as a stream into a temporary sibling, then put in place atomically:
// link() when it must not replace an existing file, rename() when it may (--force).
import { closeSync, fsyncSync, linkSync, openSync, renameSync, unlinkSync, writeSync } from "node:fs";
import { basename, dirname, join } from "node:path";

const FLUSH_AT = 1 << 20;

export class StreamingResultsFile {
  private readonly tmp: string;
  private fd: number | undefined;
  private pending: string[] = [];
  private pendingBytes = 0;

  constructor(
    readonly target: string,
    private readonly replace: boolean,
  ) {
    this.tmp = join(dirname(target), `.${basename(target)}.${process.pid}.${Math.random().toString(36).slice(2)}.tmp`);
    this.fd = openSync(this.tmp, "wx");
  }

  write(text: string): void {
    this.pending.push(text);
    this.pendingBytes += text.length;
    if (this.pendingBytes >= FLUSH_AT) this.flush();
  }

  private flush(): void {
    if (this.fd === undefined || this.pending.length === 0) return;
    const buf = Buffer.from(this.pending.join(""), "utf8");
    this.pending = [];
    this.pendingBytes = 0;
    let off = 0;
    while (off < buf.length) off += writeSync(this.fd, buf, off, buf.length - off);
  }

  /** Put the file in place; throws EEXIST (leaving nothing behind) if it may not replace one. */
  commit(): void {
    this.flush();
    fsyncSync(this.fd!);
    closeSync(this.fd!);
    this.fd = undefined;
    try {
      if (this.replace) renameSync(this.tmp, this.target);
      else linkSync(this.tmp, this.target);
    } catch (err) {
      this.abort();
      throw err;
    }
    if (!this.replace) this.abort(); // the link is in place; drop the temporary name
  }

  abort(): void {
    if (this.fd !== undefined) closeSync(this.fd);
    this.fd = undefined;
    try {
      unlinkSync(this.tmp);
    } catch {
      /* already gone */
    }
  }
}
