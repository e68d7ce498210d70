// The samples log written as a run goes: each line is appended to a temporary file in the output
// folder the moment its sample is known, so memory does not grow with the run. At the end the
// file is linked under its final name (never replacing one) by writeResultFiles; if the run does
// not finish, it is removed.
import { closeSync, fsyncSync, mkdirSync, openSync, unlinkSync, writeSync } from "node:fs";
import { join } from "node:path";

const FLUSH_BYTES = 1 << 16;

export class SamplesSpool {
  readonly tempFile: string;
  private fd: number | undefined;
  private buf: string[] = [];
  private size = 0;
  lines = 0;

  constructor(dir: string) {
    mkdirSync(dir, { recursive: true });
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
