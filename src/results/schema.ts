// The result document written under evals/ (one per `workbench eval` run). Versioned and validated;
// the published JSON Schema (schema/result.schema.json) is generated from this validator.
// Compatible with the seed's contract: `jq '.benchmarks.ifeval.overall_score' evals/*.json` works.
import { z } from "zod";

export const SCHEMA_VERSION = 1;

/** One item's outcome. A comparison works from these alone. */
export const ItemResult = z.object({
  /** Stable item id within the benchmark (IFEval key, HumanEval task_id, "subject/index", ...). */
  id: z.string(),
  /**
   * Per-item outcomes keyed by metric name. Booleans for single-sample binary metrics
   * (e.g. prompt_level_strict), numbers in [0,1] for per-item rates (HumanEval pass rate over n samples).
   */
  scores: z.record(z.string(), z.union([z.boolean(), z.number()])),
  /** Sub-item outcomes for micro-averaged metrics (IFEval instruction-level): metric → one boolean per unit. */
  units: z.record(z.string(), z.array(z.boolean())).optional(),
  /** Labels of the units (IFEval instruction ids), aligned with every `units` array. */
  unit_labels: z.array(z.string()).optional(),
  /** Grouping for breakdowns (MMLU subject, ...). */
  category: z.string().optional(),
  /** Per-sample verdicts where a benchmark draws several samples per item (HumanEval n>1). */
  samples: z.array(z.boolean()).optional(),
  /** Set when the item could not be scored (request failed, scorer error); such items are excluded from metrics. */
  error: z.string().optional(),
  /** finish_reason of the (first) response. */
  finish_reason: z.string().nullable().optional(),
});
export type ItemResult = z.infer<typeof ItemResult>;

export const Usage = z.object({
  requests: z.number().int().nonnegative(),
  cached: z.number().int().nonnegative(),
  prompt_tokens: z.number().int().nonnegative(),
  completion_tokens: z.number().int().nonnegative(),
  wall_s: z.number().nonnegative(),
  /** Completion tokens per second over the requests sent; null when none was sent (all cached). */
  tokens_per_s: z.number().nonnegative().nullable(),
  truncated: z.number().int().nonnegative(),
  truncation_rate: z.number().min(0).max(1),
  errors: z.number().int().nonnegative(),
  /** Samples the server answered with no content (`content: null`, `message: {}`): scored as empty answers. */
  empty: z.number().int().nonnegative().optional(),
});
export type Usage = z.infer<typeof Usage>;

export const DatasetInfo = z.object({
  name: z.string(),
  /** Revision label of the data (e.g. "google-research 2024-06-11", "v0"). */
  version: z.string(),
  /** sha256 of every data file used. */
  sha256: z.record(z.string(), z.string()),
  /** --limit applied (first N items, or first N of each `limit_per` category), or null for the full set. */
  limit: z.number().int().positive().nullable(),
  /** The category --limit counted per (MMLU: "subject"); absent when the limit took the first N items overall. */
  limit_per: z.string().optional(),
  /** Number of items in the evaluated set. */
  items: z.number().int().nonnegative(),
});

export const BenchmarkResult = z.object({
  benchmark: z.string(),
  /** The protocol (prompting + scoring rules) the numbers follow, e.g. "ifeval-google-2023". */
  protocol: z.string(),
  questions: z.number().int().nonnegative(),
  overall_score: z.number().min(0).max(1).nullable(),
  /** Headline metrics as fractions in [0,1]. */
  metrics: z.record(z.string(), z.number().nullable()),
  /** HumanEval: pass@k for every k with n >= k on all tasks. */
  "pass@k": z.record(z.string(), z.number()).optional(),
  n_samples: z.number().int().positive().optional(),
  dataset: DatasetInfo,
  generation: z.record(z.string(), z.unknown()),
  usage: Usage,
  /** False when some items failed (request or scorer): the metrics are then over `counts.scored` items only. */
  complete: z.boolean().optional(),
  /** Items in the set, items scored (the metrics' denominator), items failed. */
  counts: z.object({ items: z.number().int().nonnegative(), scored: z.number().int().nonnegative(), failed: z.number().int().nonnegative() }).optional(),
  /** Extra breakdowns (per instruction id, per category, per subject, rule disagreements...). */
  breakdown: z.record(z.string(), z.unknown()).optional(),
  items: z.array(ItemResult),
  /** Distribution benchmarks (perplexity): the per-position distributions file beside the result. */
  distributions: z
    .object({
      /** Plain file name in the result file's folder (results/distributions.ts format). */
      file: z.string().regex(/^[^/\\]+$/, "a plain file name in the result's folder"),
      storage: z.enum(["f32", "u16", "topk"]),
      /** K kept per position, or "all" for full distributions. */
      top_k: z.union([z.number().int().positive(), z.literal("all")]),
      /** True when the scorer gave full distributions. */
      exact: z.boolean(),
      bytes: z.number().int().nonnegative(),
      token_ids_sha256: z.string(),
      tokenizer_fingerprint: z.string(),
    })
    .optional(),
});
export type BenchmarkResult = z.infer<typeof BenchmarkResult>;

export const GpuInfo = z
  .object({
    available: z.boolean(),
    reason: z.string().optional(),
    gpus: z.array(z.record(z.string(), z.unknown())).optional(),
    driver_version: z.string().optional(),
    cuda_version: z.string().optional(),
    count: z.number().int().optional(),
    cpu: z.record(z.string(), z.unknown()).optional(),
  })
  .passthrough();

/**
 * The `model` block: free-form metadata, with the GGUF tensor fields typed. `quantization` is the
 * file's own label (GGUF general.file_type); the tensor fields say what the weight matrices hold.
 */
export const ModelBlock = z
  .object({
    /** Weight matrices (tensors with >= 2 dimensions) per lower-case ggml type; 1-D tensors are not counted. */
    tensor_types: z.record(z.string(), z.number().int().nonnegative()).optional(),
    /** Bytes of those matrices per type. */
    tensor_bytes: z.record(z.string(), z.number().int().nonnegative()).optional(),
    /** The type holding most elements of the per-layer (blk.*) weight matrices. */
    dominant_type: z.string().nullable().optional(),
    /** The ggml type the quantization label asks for (Q4_K_M -> q4_k), null when it names none. */
    label_type: z.string().nullable().optional(),
    /** label_type == dominant_type; null when there is nothing to compare. */
    label_matches_tensors: z.boolean().nullable().optional(),
    /** Why the label misdescribes the weights, when it does. */
    quantization_warning: z.string().optional(),
  })
  .catchall(z.unknown());

export const ResultDocument = z.object({
  schema_version: z.literal(SCHEMA_VERSION),
  tool: z.object({ name: z.literal("model-workbench"), version: z.string() }),
  timestamp: z.string(),
  repo_id: z.string(),
  model_path: z.string().nullable(),
  model_format: z.string(),
  /** Model metadata (format, quantization, fingerprint...) when known. */
  model: ModelBlock.optional(),
  /** Server provenance: auto-started command line and version, or the base URL used. */
  server: z.record(z.string(), z.unknown()).optional(),
  gpu_info: GpuInfo,
  settings: z.object({
    backend: z.string(),
    base_url: z.string().nullable(),
    model_name: z.string().nullable(),
    /** Identity used in the response cache key (weights fingerprint, or server model id + base URL). */
    model_identity: z.string(),
    concurrency: z.number().int().positive(),
    /** How the concurrency was set ("fixed" by --concurrency or the server's slots, or "adaptive") and how it moved. */
    concurrency_control: z
      .object({
        mode: z.enum(["fixed", "adaptive"]),
        source: z.enum(["flag", "server", "adaptive"]),
        limit: z.number().int().positive(),
        peak: z.number().int().positive(),
        low: z.number().int().positive(),
        decreases: z.number().int().nonnegative(),
        timeouts: z.number().int().nonnegative(),
      })
      .passthrough()
      .optional(),
    limit: z.number().int().positive().nullable(),
    benchmarks: z.array(z.string()),
  }).passthrough(),
  benchmarks: z.record(z.string(), BenchmarkResult),
  /** False when any benchmark has failed items (see each benchmark's `complete` and `counts`); compare refuses such runs unless --allow-incomplete. */
  complete: z.boolean().optional(),
  /** Path of the sibling raw-responses log, relative to the result file. */
  samples_file: z.string().optional(),
});
export type ResultDocument = z.infer<typeof ResultDocument>;

export class ResultFileError extends Error {
  override name = "ResultFileError";
}

/** Validate a parsed document; throws ResultFileError naming the file and the first bad field. */
export function validateResultDocument(doc: unknown, file: string): ResultDocument {
  const version = typeof doc === "object" && doc !== null && !Array.isArray(doc) ? (doc as Record<string, unknown>).schema_version : undefined;
  if (version === undefined) throw new ResultFileError(`${file}: not a workbench result file (no schema_version)`);
  if (version !== SCHEMA_VERSION) throw new ResultFileError(`${file}: schema_version ${JSON.stringify(version)} is not one this workbench reads (expected ${SCHEMA_VERSION})`);
  const r = ResultDocument.safeParse(doc);
  if (r.success) return r.data;
  const issue = r.error.issues[0]!;
  const where = issue.path.length ? issue.path.map(String).join(".") : "(document)";
  throw new ResultFileError(`${file}: field ${where}: ${issue.message}`);
}

export function resultJsonSchema(): unknown {
  return z.toJSONSchema(ResultDocument, { target: "draft-2020-12" });
}
