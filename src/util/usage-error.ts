// The error for unusable arguments or input files: the CLI prints its one-line message and exits 2.
// It lives below every layer so benchmarks, results and the CLI can all throw it.
export class UsageError extends Error {
  override name = "UsageError";
}
