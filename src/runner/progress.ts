// Progress on stderr: per benchmark done/total, requests in flight, completion tokens/s and ETA.
// On a TTY the line is redrawn in place a few times a second; otherwise (a log file, a pipe, a job
// scheduler) a plain line is appended every `plainIntervalS` seconds (default 30).

export interface BenchProgress {
  name: string;
  /** Samples to produce (cached ones included). */
  total: number;
  /** Samples finished (cached, answered or failed). */
  done: number;
  errors: number;
}

export interface ProgressState {
  benches: BenchProgress[];
  inflight: number;
  completionTokens: number;
  /** Samples that needed a request, and how many of them are finished. */
  freshTotal: number;
  freshDone: number;
  startedAt: number;
  /** The concurrency limit now, and whether the controller is finding it. */
  concurrency?: { limit: number; adaptive: boolean };
}

export function formatDuration(s: number): string {
  if (!Number.isFinite(s) || s < 0) return "?";
  s = Math.round(s);
  if (s < 60) return `${s}s`;
  if (s < 3600) return `${Math.floor(s / 60)}m${String(s % 60).padStart(2, "0")}s`;
  return `${Math.floor(s / 3600)}h${String(Math.floor((s % 3600) / 60)).padStart(2, "0")}m`;
}

export function renderProgress(st: ProgressState, now = Date.now()): string {
  const elapsed = Math.max(1e-3, (now - st.startedAt) / 1000);
  const parts = st.benches.map((b) => `${b.name} ${b.done}/${b.total}${b.errors ? ` (${b.errors} err)` : ""}`);
  const rate = st.freshDone / elapsed;
  const eta = st.freshDone > 0 ? formatDuration((st.freshTotal - st.freshDone) / rate) : "?";
  const limit = st.concurrency ? ` (limit ${st.concurrency.limit}${st.concurrency.adaptive ? ", adaptive" : ""})` : "";
  parts.push(`${st.inflight} in flight${limit}`, `${Math.round(st.completionTokens / elapsed)} tok/s`, `ETA ${eta}`);
  return parts.join(" · ");
}

export interface ProgressStream {
  isTTY?: boolean;
  columns?: number;
  /** Seconds between the plain lines written when the stream is not a TTY (default 30). */
  plainIntervalS?: number;
  write(s: string): unknown;
}

export const PLAIN_PROGRESS_INTERVAL_S = 30;

export class ProgressReporter {
  private timer: NodeJS.Timeout | undefined;
  private plainTimer: NodeJS.Timeout | undefined;
  private plainLines = 0;

  constructor(
    private readonly stream: ProgressStream,
    private readonly state: () => ProgressState,
    private readonly intervalMs = 250,
  ) {}

  get enabled(): boolean {
    return this.stream.isTTY === true;
  }

  start(): void {
    if (!this.enabled) return this.startPlain();
    if (this.timer) return;
    this.timer = setInterval(() => this.draw(), this.intervalMs);
    this.timer.unref();
  }

  private draw(): void {
    let line = renderProgress(this.state());
    const cols = this.stream.columns;
    if (cols && line.length >= cols) line = line.slice(0, cols - 1);
    this.stream.write(`\r\x1b[K${line}`);
  }

  /** Not a TTY: one appended line per interval, nothing redrawn. */
  private startPlain(): void {
    if (this.plainTimer) return;
    const s = this.stream.plainIntervalS ?? PLAIN_PROGRESS_INTERVAL_S;
    this.plainTimer = setInterval(() => this.writePlain(), s * 1000);
    this.plainTimer.unref();
  }

  private writePlain(): void {
    this.plainLines++;
    this.stream.write(`workbench: progress: ${renderProgress(this.state())}\n`);
  }

  stop(): void {
    if (this.plainTimer) {
      clearInterval(this.plainTimer);
      this.plainTimer = undefined;
      // A run long enough to have shown progress ends with its final figures.
      if (this.plainLines > 0) this.writePlain();
    }
    if (!this.timer) return;
    clearInterval(this.timer);
    this.timer = undefined;
    this.draw();
    this.stream.write("\n");
  }
}
