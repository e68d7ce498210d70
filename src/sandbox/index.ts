// The sandbox for untrusted Python programs (HumanEval samples): see pool.ts for the entry point.
export { SandboxPool } from "./pool.js";
export { SANDBOX_DEFAULTS, SandboxUnavailableError, defaultWorkers, type SandboxMode, type SandboxOptions } from "./config.js";
export { resolvePython, PythonNotFoundError, type PythonInfo } from "./python.js";
export { findBwrap, bwrapArgs, SANDBOX_UID, type BwrapInfo } from "./bwrap.js";
export type { ExecStatus, ExecVerdict, SandboxProgram } from "./worker-process.js";
