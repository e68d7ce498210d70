// Merging shard results (`eval --shard I/N`) into the one result an unsharded run would have
// written: the shards must come from one model, one set of settings and one dataset, and together
// hold every shard exactly once. Each benchmark is scored again over all its items, in dataset
// order, from the answers in the shards' samples logs, so every metric, pass@k and breakdown is
// the benchmark's own aggregation over the whole set (never an average of shard figures).
import { readFileSync } from "node:fs";
import { basename, dirname, join } from "node:path";
import { isDeepStrictEqual } from "node:util";
import { loadBenchmark } from "../benchmarks/registry.js";
import type { AnyBenchmark, ResponseRecord } from "../benchmarks/types.js";
import { readResultFile } from "../results/result-files.js";
import type { BenchmarkResult, ResultDocument, Usage } from "../results/schema.js";
import { buildResultDocument } from "../results/write.js";
import { UsageError } from "../util/usage-error.js";
import { benchmarkResult, type SamplesLogLine } from "./evaluate.js";
import { shardAssignment, shardLabel, type Shard } from "./shard.js";

export interface ShardFile {
  file: string;
  doc: ResultDocument;
  shard: Shard;
  /** The samples log, one parsed line with its original text each. */
  lines: Array<{ text: string; line: SamplesLogLine }>;
}

export interface MergeOptions {
  dataDir?: string;
  /** Each benchmark's own options by name (as `eval` gives them: ifeval inputFile, humaneval sandbox/workers). */
  benchmarkOptions?: Record<string, Record<string, unknown> | undefined>;
}

export interface MergeOutcome {
  document: ResultDocument;
  samplesLog: string[];
  /** Items whose verdict scored again differs from the one in their shard (e.g. a HumanEval timeout on a busy machine). */
  differences: string[];
  itemErrors: number;
}

function fail(msg: string): never {
  throw new UsageError(`merge: ${msg}`);
}

function shardOf(file: string, doc: ResultDocument): Shard {
  const s = (doc.settings as Record<string, unknown>).shard as { index?: unknown; count?: unknown } | undefined;
  if (!s || typeof s !== "object") fail(`${file} is not a shard result (settings.shard is missing; shards come from \`eval --shard I/N\`)`);
  const { index, count } = s;
  if (!Number.isInteger(index) || !Number.isInteger(count) || (index as number) < 1 || (index as number) > (count as number)) {
    fail(`${file}: field settings.shard: expected {index, count} with 1 <= index <= count`);
  }
  return { index: index as number, count: count as number };
}

function readSamples(file: string, doc: ResultDocument): ShardFile["lines"] {
  if (!doc.samples_file) fail(`${file}: field samples_file is missing (the shard's answers are needed to merge)`);
  const path = join(dirname(file), doc.samples_file);
  let text: string;
  try {
    text = readFileSync(path, "utf8");
  } catch (err) {
    fail(`${path}: cannot read the shard's samples log (${(err as NodeJS.ErrnoException).code ?? (err as Error).message})`);
  }
  const out: ShardFile["lines"] = [];
  text.split("\n").forEach((t, i) => {
    if (!t.trim()) return;
    let line: SamplesLogLine;
    try {
      line = JSON.parse(t) as SamplesLogLine;
    } catch {
      fail(`${path}: line ${i + 1}: not JSON`);
    }
    if (typeof line.benchmark !== "string" || typeof line.id !== "string" || !Number.isInteger(line.sample) || typeof line.response !== "string") {
      fail(`${path}: line ${i + 1}: expected {benchmark, id, sample, response, ...}`);
    }
    out.push({ text: t, line });
  });
  return out;
}

/** Read shard result files and their samples logs; UsageError (exit 2) on an unreadable one. */
export function readShardFiles(files: readonly string[]): ShardFile[] {
  return files.map((file) => {
    let doc: ResultDocument;
    try {
      doc = readResultFile(file);
    } catch (err) {
      fail((err as Error).message);
    }
    return { file, doc, shard: shardOf(file, doc), lines: readSamples(file, doc) };
  });
}

/** Server-reported identities name the URL; shards may each have used their own server, so compare the model then. */
function modelIdentity(doc: ResultDocument): unknown {
  const id = doc.settings.model_identity;
  return id.startsWith("server|") ? { server_model: id.split("|")[2] ?? "", model_path: basename(id.split("|")[3] ?? "") } : id;
}

const SETTINGS_COMPARED = ["backend", "model_name", "limit", "benchmarks", "samples", "system_prompt", "overrides"] as const;

/** The first field in which two shards differ in model, settings or dataset, if any. */
function firstDifference(a: ResultDocument, b: ResultDocument): string | undefined {
  if (a.repo_id !== b.repo_id) return "repo_id";
  if (a.model_format !== b.model_format) return "model_format";
  if (!isDeepStrictEqual(modelIdentity(a), modelIdentity(b))) return "settings.model_identity";
  const as = a.settings as Record<string, unknown>;
  const bs = b.settings as Record<string, unknown>;
  for (const k of SETTINGS_COMPARED) if (!isDeepStrictEqual(as[k] ?? null, bs[k] ?? null)) return `settings.${k}`;
  for (const name of Object.keys(a.benchmarks)) {
    const x = a.benchmarks[name]!;
    const y = b.benchmarks[name];
    if (!y) return `benchmarks.${name}`;
    if (x.protocol !== y.protocol) return `benchmarks.${name}.protocol`;
    if (!isDeepStrictEqual(x.generation, y.generation)) return `benchmarks.${name}.generation`;
    for (const k of ["name", "version", "sha256", "limit"] as const) if (!isDeepStrictEqual(x.dataset[k], y.dataset[k])) return `benchmarks.${name}.dataset.${k}`;
    if (x.n_samples !== y.n_samples) return `benchmarks.${name}.n_samples`;
  }
  if (Object.keys(b.benchmarks).some((n) => !(n in a.benchmarks))) return "benchmarks";
  return undefined;
}

/** Every shard of one split exactly once, all alike; returns them in shard order. */
export function checkShards(shards: readonly ShardFile[]): ShardFile[] {
  if (shards.length === 0) fail("no shard files given");
  const count = shards[0]!.shard.count;
  for (const s of shards) if (s.shard.count !== count) fail(`${s.file} is shard ${shardLabel(s.shard)} but ${shards[0]!.file} is shard ${shardLabel(shards[0]!.shard)} (different splits)`);
  const byIndex = new Map<number, ShardFile>();
  for (const s of shards) {
    const seen = byIndex.get(s.shard.index);
    if (seen) fail(`shard ${shardLabel(s.shard)} given twice (${seen.file} and ${s.file})`);
    byIndex.set(s.shard.index, s);
  }
  const missing = Array.from({ length: count }, (_, i) => i + 1).filter((i) => !byIndex.has(i));
  if (missing.length) fail(`missing shard${missing.length > 1 ? "s" : ""} ${missing.map((i) => `${i}/${count}`).join(", ")} (got ${[...byIndex.keys()].sort((a, b) => a - b).map((i) => `${i}/${count}`).join(", ")})`);
  const ordered = [...byIndex.keys()].sort((a, b) => a - b).map((i) => byIndex.get(i)!);
  const first = ordered[0]!;
  for (const s of ordered.slice(1)) {
    const d = firstDifference(first.doc, s.doc);
    if (d) fail(`${s.file} differs from ${first.file} in ${d} (shards must come from one model, one set of settings and one dataset)`);
  }
  return ordered;
}

function toRecord(l: SamplesLogLine): ResponseRecord {
  const r: ResponseRecord = { text: l.response, raw: l.raw ?? l.response, finish_reason: l.finish_reason };
  if (l.logprobs !== undefined) r.first_token_logprobs = l.logprobs;
  if (l.error !== undefined) r.error = l.error;
  return r;
}

function mergedUsage(parts: Usage[], samples: number): Usage {
  const sum = (k: "requests" | "cached" | "prompt_tokens" | "completion_tokens" | "truncated" | "errors"): number => parts.reduce((a, u) => a + u[k], 0);
  // Shards run side by side: the merged run took as long as its slowest shard.
  const wall = Math.max(0, ...parts.map((u) => u.wall_s));
  const completion = sum("completion_tokens");
  const truncated = sum("truncated");
  return {
    requests: sum("requests"),
    cached: sum("cached"),
    prompt_tokens: sum("prompt_tokens"),
    completion_tokens: completion,
    wall_s: wall,
    tokens_per_s: sum("requests") > 0 && wall > 0 ? completion / wall : null,
    truncated,
    truncation_rate: samples > 0 ? truncated / samples : 0,
    errors: sum("errors"),
  };
}

function retriesOf(b: BenchmarkResult): number {
  const r = (b.breakdown?.runner as { retries?: unknown } | undefined)?.retries;
  return typeof r === "number" ? r : 0;
}

async function mergeBenchmark(name: string, shards: ShardFile[], opts: MergeOptions, differences: string[]): Promise<{ result: BenchmarkResult; log: string[] }> {
  const first = shards[0]!.doc.benchmarks[name]!;
  const chat = first.generation.mode !== "completion";
  const bench: AnyBenchmark = await loadBenchmark(name, { chat, options: opts.benchmarkOptions });
  const data = await bench.load({ dataDir: opts.dataDir, limit: first.dataset.limit ?? undefined });
  if (!isDeepStrictEqual(data.dataset.sha256, first.dataset.sha256) || data.dataset.version !== first.dataset.version) {
    fail(`${name}: the dataset found here (${data.dataset.version}) is not the one the shards used (sha256 differs); give the same --data-dir and dataset options as the shards`);
  }
  const ids = data.items.map((it) => bench.itemId(it));
  const owner = shardAssignment(name, ids, shards.length);
  const known = new Set(ids);
  const lines = new Map<string, Array<{ text: string; line: SamplesLogLine }>>();
  const recorded = new Map<string, BenchmarkResult["items"][number]>();
  for (const s of shards) {
    const b = s.doc.benchmarks[name]!;
    for (const it of b.items) {
      if (!known.has(it.id)) fail(`${s.file}: ${name} item '${it.id}' is not in the dataset`);
      if (recorded.has(it.id)) fail(`${s.file}: ${name} item '${it.id}' is also in another shard`);
      recorded.set(it.id, it);
    }
    for (const l of s.lines) {
      if (l.line.benchmark !== name) continue;
      const list = lines.get(l.line.id) ?? [];
      list.push(l);
      lines.set(l.line.id, list);
    }
  }
  const n = first.n_samples ?? 1;
  const responses = new Map<string, ResponseRecord[]>();
  const log: string[] = [];
  ids.forEach((id, i) => {
    if (!recorded.has(id)) fail(`${name} item '${id}' is in no shard (it belongs to shard ${owner[i]}/${shards.length})`);
    const list = (lines.get(id) ?? []).sort((a, b) => a.line.sample - b.line.sample);
    if (list.length !== n || list.some((l, s) => l.line.sample !== s)) fail(`${name} item '${id}': the samples log of its shard holds ${list.length} of its ${n} sample(s)`);
    responses.set(id, list.map((l) => toRecord(l.line)));
    for (const l of list) log.push(l.text);
  });
  const scored = await bench.score(data.items, responses, { dataDir: opts.dataDir });
  const parts = shards.map((s) => s.doc.benchmarks[name]!);
  const result = benchmarkResult({
    bench,
    scored,
    responses,
    dataset: { ...data.dataset, limit: first.dataset.limit, items: ids.length },
    generation: first.generation,
    usage: mergedUsage(parts.map((p) => p.usage), ids.length * n),
    retries: parts.reduce((a, p) => a + retriesOf(p), 0),
    samples: n,
  });
  for (const it of result.items) {
    const was = recorded.get(it.id)!;
    if (!isDeepStrictEqual({ scores: it.scores, units: it.units, samples: it.samples, error: it.error }, { scores: was.scores, units: was.units, samples: was.samples, error: was.error })) differences.push(`${name} ${it.id}`);
  }
  return { result, log };
}

/** The merged result document (not yet written) and its samples log, in dataset order. */
export async function mergeShards(shards: readonly ShardFile[], opts: MergeOptions = {}, now: Date = new Date()): Promise<MergeOutcome> {
  const ordered = checkShards(shards);
  const head = ordered[0]!.doc;
  const benchmarks: Record<string, BenchmarkResult> = {};
  const samplesLog: string[] = [];
  const differences: string[] = [];
  let itemErrors = 0;
  for (const name of head.settings.benchmarks) {
    if (!head.benchmarks[name]) fail(`${ordered[0]!.file}: benchmark ${name} is listed in settings.benchmarks but has no result`);
    const { result, log } = await mergeBenchmark(name, ordered, opts, differences);
    benchmarks[name] = result;
    samplesLog.push(...log);
    itemErrors += result.items.filter((i) => i.error !== undefined).length;
  }
  const { shard: _shard, ...settings } = head.settings as Record<string, unknown>;
  const mergedFrom = ordered.map((s) => ({ shard: shardLabel(s.shard), file: basename(s.file), timestamp: s.doc.timestamp, base_url: s.doc.settings.base_url }));
  const document = buildResultDocument(
    {
      repoId: head.repo_id,
      modelPath: head.model_path,
      modelFormat: head.model_format,
      model: head.model,
      server: head.server,
      gpuInfo: head.gpu_info,
      settings: { ...(settings as ResultDocument["settings"]), merged_from: mergedFrom },
    },
    benchmarks,
    now,
  );
  return { document, samplesLog, differences, itemErrors };
}
