// Assemble the result document of one run (schema_version 1), validate it, and write it with its
// samples log under the output directory.
import { SCHEMA_VERSION, resultJsonSchema, validateResultDocument, type BenchmarkResult, type ResultDocument } from "./schema.js";
import { resultStem, writeResultFiles, type WrittenFiles } from "./result-files.js";

/** A benchmark's distributions file, finished under a temporary name in the output folder. */
export interface DistributionsAttachment {
  benchmark: string;
  /** The finished file (same folder as the result: it is hard-linked into place). */
  from: string;
}

/** Suffix of a benchmark's distributions file beside `<stem>.json`. */
export const distributionsSuffix = (benchmark: string): string => (benchmark === "perplexity" ? ".dist" : `.${benchmark}.dist`);
import { workbenchVersion } from "../util/version.js";
import type { SamplesSpool } from "./samples-spool.js";

export interface ResultMeta {
  repoId: string;
  modelPath: string | null;
  modelFormat: string;
  model?: Record<string, unknown>;
  server?: Record<string, unknown>;
  gpuInfo: ResultDocument["gpu_info"];
  settings: ResultDocument["settings"];
}

export function buildResultDocument(meta: ResultMeta, benchmarks: Record<string, BenchmarkResult>, now: Date = new Date()): ResultDocument {
  const doc: ResultDocument = {
    schema_version: SCHEMA_VERSION,
    tool: { name: "model-workbench", version: workbenchVersion() },
    timestamp: now.toISOString(),
    repo_id: meta.repoId,
    model_path: meta.modelPath,
    model_format: meta.modelFormat,
    gpu_info: meta.gpuInfo,
    settings: meta.settings,
    benchmarks,
  };
  const flags = Object.values(benchmarks).map((b) => b.complete);
  if (flags.some((f) => f !== undefined)) doc.complete = flags.every((f) => f !== false);
  if (meta.model) doc.model = meta.model;
  if (meta.server) doc.server = meta.server;
  return doc;
}

/**
 * Validate, then write `<out>/<date>_<repo>_<benchmarks>.json` (+ `.samples.jsonl`, + attachments),
 * never overwriting. The samples log: its lines, or a spool written during the run.
 */
export function writeRunResults(
  outDir: string,
  doc: ResultDocument,
  samplesLog: string[] | SamplesSpool,
  attachments: DistributionsAttachment[] = [],
): WrittenFiles & { document: ResultDocument; attachmentFiles: string[] } {
  const stem = resultStem(new Date(doc.timestamp), doc.repo_id, Object.keys(doc.benchmarks));
  const samplesText = Array.isArray(samplesLog) ? (samplesLog.length ? samplesLog.join("\n") + "\n" : "") : samplesLog;
  let final = doc;
  const files = writeResultFiles(
    outDir,
    stem,
    samplesText,
    (samplesName, names) => {
      const benchmarks = { ...doc.benchmarks };
      attachments.forEach((a, i) => {
        const b = benchmarks[a.benchmark];
        if (!b?.distributions) throw new Error(`result document: benchmark ${a.benchmark} has no distributions block for its file`);
        benchmarks[a.benchmark] = { ...b, distributions: { ...b.distributions, file: names[i]! } };
      });
      final = { ...doc, benchmarks, samples_file: samplesName };
      validateResultDocument(final, "result document");
      return JSON.stringify(final, null, 2) + "\n";
    },
    attachments.map((a) => ({ suffix: distributionsSuffix(a.benchmark), from: a.from })),
  );
  return { ...files, document: final };
}

/** The published JSON Schema text (schema/result.schema.json), generated from the validator. */
export function resultSchemaText(): string {
  const schema = resultJsonSchema() as Record<string, unknown>;
  const doc = {
    $schema: schema.$schema,
    title: "Model Workbench result file",
    description: "One `workbench eval` run: evals/<date>_<repo id>_<benchmarks>.json. Generated from src/results/schema.ts by scripts/gen-schema.ts; do not edit.",
    ...schema,
  };
  return JSON.stringify(doc, null, 2) + "\n";
}
