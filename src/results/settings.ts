// The `settings` block of a result file: how the run was made (backend, model identity, limits,
// sampling overrides, cache), so that a reader can tell two runs apart and repeat one.
import type { ResultDocument } from "./schema.js";

export interface RunSettingsInput {
  backend: { kind: string; baseUrl: string | null };
  /** Model name sent in requests. */
  modelName: string | null;
  /** Model identity in the response-store keys. */
  identity: string;
  concurrency: number;
  /** How the concurrency was set and how it moved during the run. */
  concurrencyControl?: NonNullable<ResultDocument["settings"]["concurrency_control"]>;
  limit?: number;
  benchmarks: string[];
  timeoutS: number;
  retries: number;
  samples?: number;
  systemPrompt?: string;
  /** Sampling overrides given on the command line; unset ones are left out. */
  overrides: Record<string, unknown>;
  /** Whether stored responses were read (false: --no-cache). */
  cache: boolean;
  /** The response store read and written; null when nothing was generated. */
  storeFile: string | null;
  /** The part of the items this run covered (`eval --shard I/N`); absent for a whole run. */
  shard?: { index: number; count: number };
}

export function runSettings(s: RunSettingsInput): ResultDocument["settings"] {
  return {
    backend: s.backend.kind,
    base_url: s.backend.baseUrl,
    model_name: s.modelName,
    model_identity: s.identity,
    concurrency: s.concurrency,
    ...(s.concurrencyControl ? { concurrency_control: s.concurrencyControl } : {}),
    limit: s.limit ?? null,
    benchmarks: s.benchmarks,
    timeout_s: s.timeoutS,
    retries: s.retries,
    samples: s.samples ?? null,
    system_prompt: s.systemPrompt ?? null,
    overrides: Object.fromEntries(Object.entries(s.overrides).filter(([, v]) => v !== undefined)),
    cache: s.cache,
    store_file: s.storeFile,
    ...(s.shard ? { shard: { index: s.shard.index, count: s.shard.count } } : {}),
  };
}
