// Options and defaults of the sandbox that runs untrusted Python programs.
import { availableParallelism } from "node:os";

export type SandboxMode = "auto" | "bwrap" | "basic";

export interface SandboxOptions {
  /** "bwrap": namespaces + rlimits (fails if unavailable); "basic": rlimits + process groups only; "auto" (default): bwrap if it works, else basic with a warning. */
  sandbox?: SandboxMode;
  /** Concurrent workers (default: one per CPU, at most 32; each also gets the next program ahead). */
  workers?: number;
  /** Address-space cap per program, MiB (default 1024). */
  memoryMiB?: number;
  /** Interpreter (default: WORKBENCH_PYTHON, else /usr/bin/python3, else python3 on PATH). */
  python?: string;
  /** Processes and threads one program may add (default 64). */
  maxProcesses?: number;
  /** Largest file one program may write, MiB (default 128). */
  maxFileMiB?: number;
  /** Size of a worker's private /tmp in bwrap mode, MiB (default 256). */
  tmpMiB?: number;
  /** Slack for the Node-side watchdog past the time limit, seconds (default 1); the program itself is killed at the limit. */
  graceS?: number;
  /** Where the one-line warnings go (default: process.stderr). */
  onWarning?: (message: string) => void;
}

export const SANDBOX_DEFAULTS = {
  memoryMiB: 1024,
  maxProcesses: 64,
  maxFileMiB: 128,
  tmpMiB: 256,
  shmMiB: 64,
  graceS: 1,
} as const;

/**
 * One worker per CPU. A sample's cost is mostly its fork: page-table copies and copy-on-write faults,
 * work that virtual machines without nested paging serialize across vCPUs, so more workers than
 * CPUs only add contention (measured on a 2-vCPU VM: 1, 2 and 4 workers gave 85, 75-81 and 68-72
 * samples/s). Workers are pipelined instead: each compiles its next program while one runs.
 */
export function defaultWorkers(): number {
  return Math.max(1, Math.min(32, availableParallelism()));
}

export class SandboxUnavailableError extends Error {
  override name = "SandboxUnavailableError";
}
