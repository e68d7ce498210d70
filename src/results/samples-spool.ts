// The samples log written as a run goes: each line is appended to a temporary file the moment its
// sample is known, so memory does not grow with the run. At the end writeResultFiles gives it its
// final name beside the result (never replacing one); if the run does not finish, it is removed —
// or, after a kill -9, removed by the next run that spools in the same folder. The spool folder
// can be outside the output folder (the cache), so a killed run leaves nothing among the results.
import { closeSync, fsyncSync, mkdirSync, openSync, readdirSync, unlinkSync, writeSync } from "node:fs";
import { join } from "node:path";

const SPOOL = /^\.samples\.(\d+)\.[a-z0-9]+\.tmp$/;

function processGone(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return false;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === "ESRCH";
  }
}

/** Remove spools left in `dir` by processes that are gone. */
function removeStale(dir: string): void {
  for (const f of readdirSync(dir)) {
    const m = SPOOL.exec(f);
    if (m && Number(m[1]) !== process.pid && processGone(Number(m[1]))) {
      try {
        unlinkSync(join(dir, f));
      } catch {
        // another run removed it
      }
    }
  }
}

const FLUSH_BYTES = 1 << 16;

export class SamplesSpool {
  readonly tempFile: string;
  private fd: number | undefined;
  private buf: string[] = [];
  private size = 0;
  lines = 0;

  constructor(dir: string) {
    mkdirSync(dir, { recursive: true });
    removeStale(dir);
    this.tempFile = join(dir, `.samples.${process.pid}.${Math.random().toString(36).slice(2)}.tmp`);
    this.fd = openSync(this.tempFile, "wx");
  }

  /** Append one JSON line (without its newline). */
  write(line: string): void {
    if (this.fd === undefined) throw new Error(`${this.tempFile}: samples log already closed`);
    this.buf.push(line, "\n");
    this.size += line.length + 1;
    this.lines++;
    if (this.size >= FLUSH_BYTES) this.flush();
  }

  private flush(): void {
    if (!this.buf.length || this.fd === undefined) return;
    const data = Buffer.from(this.buf.join(""), "utf8");
    this.buf = [];
    this.size = 0;
    let off = 0;
    while (off < data.length) off += writeSync(this.fd, data, off, data.length - off);
  }

  /** Flush, fsync and close; the temp file stays for writeResultFiles to link. */
  finish(): string {
    if (this.fd !== undefined) {
      this.flush();
      fsyncSync(this.fd);
      closeSync(this.fd);
      this.fd = undefined;
    }
    return this.tempFile;
  }

  /** Close and remove the temp file (the run did not produce results). */
  discard(): void {
    if (this.fd !== undefined) {
      closeSync(this.fd);
      this.fd = undefined;
    }
    try {
      unlinkSync(this.tempFile);
    } catch {
      // already gone
    }
  }
}
