// Ctrl-C and SIGTERM (a job scheduler, `kill`) stop a run cleanly: the first one aborts it (answers
// kept, engines stopped), a second one quits at once. The exit status says which signal it was.
export interface Interrupts {
  /** Aborted on the first SIGINT/SIGTERM (and by `abort()`). */
  signal: AbortSignal;
  abort(): void;
  /** 130 after SIGINT, 143 after SIGTERM, 130 when none came. */
  exitCode(): number;
  dispose(): void;
}

export function handleInterrupts(stderr: NodeJS.WritableStream): Interrupts {
  const ac = new AbortController();
  let count = 0;
  let code = 130;
  const onSignal = (sig: NodeJS.Signals): void => {
    code = sig === "SIGTERM" ? 143 : 130;
    if (++count > 1) process.exit(code);
    stderr.write(`\nworkbench: ${sig === "SIGTERM" ? "terminated" : "interrupted"}; saving responses (${sig === "SIGTERM" ? "signal" : "Ctrl-C"} again to quit now)\n`);
    ac.abort();
  };
  process.on("SIGINT", onSignal);
  process.on("SIGTERM", onSignal);
  return {
    signal: ac.signal,
    abort: () => ac.abort(),
    exitCode: () => code,
    dispose() {
      process.off("SIGINT", onSignal);
      process.off("SIGTERM", onSignal);
    },
  };
}
