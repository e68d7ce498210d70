// A pool of sandboxed workers: picks the sandbox mode once (bwrap when it works), runs programs on
// up to N workers, replaces workers that a program killed or wedged, and retries such a program
// once on a fresh worker (so that a neighbour's damage never decides an innocent program's verdict).
// Each worker is given the next program before the current one is done (WORKER_DEPTH), so that it
// compiles it meanwhile; idle workers are served first.
import { findBwrap } from "./bwrap.js";
import { defaultWorkers, SANDBOX_DEFAULTS, SandboxUnavailableError, type SandboxOptions } from "./config.js";
import { basicLaunch, bwrapLaunch, type LaunchLimits } from "./launch.js";
import { resolvePython, type PythonInfo } from "./python.js";
import { SandboxWorker, WORKER_DEPTH, WorkerLostError, type ExecVerdict, type SandboxProgram, type WorkerLaunch } from "./worker-process.js";

interface Task {
  program: SandboxProgram;
  timeoutS: number;
  attempt: number;
  resolve: (v: ExecVerdict) => void;
  reject: (e: Error) => void;
}

const warned = new Set<string>();

function defaultWarn(message: string): void {
  if (warned.has(message)) return;
  warned.add(message);
  process.stderr.write(`workbench: warning: ${message}\n`);
}

const MAX_START_FAILURES = 3;

export class SandboxPool {
  private readonly live = new Set<SandboxWorker>();
  private readonly starts = new Set<Promise<unknown>>();
  private readonly queue: Task[] = [];
  private closed = false;
  private startFailures = 0;
  private fatal: Error | undefined;

  private constructor(
    readonly mode: "bwrap" | "basic",
    readonly python: PythonInfo,
    readonly size: number,
    private readonly limits: LaunchLimits,
    private readonly makeLaunch: () => WorkerLaunch,
    first: SandboxWorker,
  ) {
    this.live.add(first);
  }

  /** Resolve the interpreter, choose the mode and start the first worker (which proves the mode works). */
  static async create(opts: SandboxOptions = {}): Promise<SandboxPool> {
    const warn = opts.onWarning ?? defaultWarn;
    const python = await resolvePython(opts.python);
    const limits: LaunchLimits = {
      memoryMiB: opts.memoryMiB ?? SANDBOX_DEFAULTS.memoryMiB,
      maxProcesses: opts.maxProcesses ?? SANDBOX_DEFAULTS.maxProcesses,
      maxFileMiB: opts.maxFileMiB ?? SANDBOX_DEFAULTS.maxFileMiB,
      tmpMiB: opts.tmpMiB ?? SANDBOX_DEFAULTS.tmpMiB,
      graceS: opts.graceS ?? SANDBOX_DEFAULTS.graceS,
    };
    const size = Math.max(1, Math.floor(opts.workers ?? defaultWorkers()));
    const requested = opts.sandbox ?? "auto";
    if (!["auto", "bwrap", "basic"].includes(requested)) throw new RangeError(`sandbox: expected "auto", "bwrap" or "basic", got ${JSON.stringify(requested)}`);
    let why = "";
    if (requested !== "basic") {
      const bwrap = findBwrap();
      if (bwrap) {
        let info = bwrapLaunch(bwrap, python, limits);
        let asRoot = false;
        for (;;) {
          try {
            const first = await SandboxWorker.start(info.launch);
            if (info.note) warn(info.note);
            const make = () => {
              const l = bwrapLaunch(bwrap, python, limits).launch;
              return asRoot ? { ...l, uid: undefined, gid: undefined } : l;
            };
            return new SandboxPool("bwrap", python, size, limits, make, first);
          } catch (err) {
            why = `bubblewrap cannot create a sandbox here (${(err as Error).message})`;
            if (info.launch.uid === undefined) break;
            // as root, bwrap run by nobody failed (user namespaces may be root-only here): back it by root
            asRoot = true;
            info = {
              launch: { ...info.launch, uid: undefined, gid: undefined },
              note: `bwrap does not start as user nobody here (${(err as Error).message}); the sandbox is backed by root, so its process cap is enforced by polling only`,
            };
          }
        }
      } else {
        const env = process.env.WORKBENCH_BWRAP;
        why = env === undefined ? "bubblewrap (bwrap) is not installed" : `bwrap is disabled or missing (WORKBENCH_BWRAP=${JSON.stringify(env)})`;
      }
      if (requested === "bwrap") throw new SandboxUnavailableError(`--sandbox bwrap: ${why}`);
      warn(
        `${why}; running samples with rlimits and process groups only: no filesystem, network or PID isolation ` +
          `(install the bubblewrap package and allow unprivileged user namespaces, or pass --sandbox basic)`,
      );
    }
    const first = basicLaunch(python, limits);
    if (first.note) warn(first.note);
    const make = () => basicLaunch(python, limits).launch;
    const w = await SandboxWorker.start(first.launch);
    return new SandboxPool("basic", python, size, limits, make, w);
  }

  /** Run one program; the verdict is never a rejection unless the sandbox itself cannot run anymore. */
  run(program: SandboxProgram, timeoutS: number): Promise<ExecVerdict> {
    if (this.fatal) return Promise.reject(this.fatal);
    if (this.closed) return Promise.reject(new Error("SandboxPool is closed"));
    return new Promise((resolve, reject) => {
      this.queue.push({ program, timeoutS, attempt: 0, resolve, reject });
      this.pump();
    });
  }

  /** The live worker with the fewest programs queued (dead ones are dropped on the way). */
  private leastLoaded(): SandboxWorker | undefined {
    let best: SandboxWorker | undefined;
    for (const w of this.live) {
      if (w.dead) this.live.delete(w);
      else if (!best || w.load < best.load) best = w;
    }
    return best;
  }

  private pump(): void {
    if (this.closed) return;
    while (this.queue.length > 0) {
      const w = this.leastLoaded();
      if (w && w.load === 0) {
        this.dispatch(w, this.queue.shift()!);
        continue;
      }
      if (this.live.size + this.starts.size < this.size && this.starts.size < this.queue.length) {
        this.startWorker();
        continue;
      }
      if (w && w.load < WORKER_DEPTH) {
        this.dispatch(w, this.queue.shift()!);
        continue;
      }
      break;
    }
  }

  private startWorker(): void {
    const p = SandboxWorker.start(this.makeLaunch()).then(
      (w) => {
        this.starts.delete(p);
        this.startFailures = 0;
        if (this.closed) {
          void w.close();
          return;
        }
        this.live.add(w);
        this.pump();
      },
      (err: Error) => {
        this.starts.delete(p);
        if (++this.startFailures >= MAX_START_FAILURES && this.live.size === 0) {
          this.fatal = new SandboxUnavailableError(`sandbox workers stopped starting: ${err.message}`);
          for (const t of this.queue.splice(0)) t.reject(this.fatal);
          return;
        }
        setTimeout(() => this.pump(), 50 * this.startFailures);
      },
    );
    this.starts.add(p);
  }

  private dispatch(w: SandboxWorker, task: Task): void {
    const watchdogMs = (task.timeoutS + this.limits.graceS) * 1000 + 10_000;
    w.run(task.program, task.timeoutS, watchdogMs).then(
      (verdict) => {
        task.resolve(verdict);
        this.pump();
      },
      (err: Error) => {
        if (!(err instanceof WorkerLostError) || this.closed) {
          task.reject(err);
        } else if (err.queued) {
          this.queue.unshift(task); // it never started: the loss was the program before it
        } else if (task.attempt === 0) {
          task.attempt = 1;
          this.queue.unshift(task); // once more on a fresh worker: a neighbour may have caused this
        } else {
          task.resolve({ status: "failed", result: `failed: ${err.message}` });
        }
        this.pump();
      },
    );
  }

  /** Stop every worker (and with them anything a program left running). */
  async close(): Promise<void> {
    this.closed = true;
    for (const t of this.queue.splice(0)) t.reject(new Error("SandboxPool closed"));
    await Promise.allSettled([...this.starts]);
    await Promise.all([...this.live].map((w) => w.close()));
    this.live.clear();
  }
}
