// Where a run's progress goes: stderr, with the interval of the plain (non-TTY) lines taken from
// WORKBENCH_PROGRESS_INTERVAL_S (seconds, default 30).
import type { ProgressStream } from "../runner/progress.js";
import { UsageError } from "./command.js";

export function progressStream(command: string, stderr: NodeJS.WriteStream): ProgressStream {
  const raw = process.env.WORKBENCH_PROGRESS_INTERVAL_S;
  let plainIntervalS: number | undefined;
  if (raw !== undefined && raw !== "") {
    plainIntervalS = Number(raw);
    if (!Number.isFinite(plainIntervalS) || plainIntervalS <= 0) throw new UsageError(`${command}: WORKBENCH_PROGRESS_INTERVAL_S: expected seconds greater than 0, got '${raw}'`);
  }
  return {
    get isTTY() {
      return stderr.isTTY === true;
    },
    get columns() {
      return stderr.columns;
    },
    ...(plainIntervalS !== undefined ? { plainIntervalS } : {}),
    write: (s: string) => stderr.write(s),
  };
}
