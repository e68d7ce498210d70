// One perplexity run: read the text (a file, or the wikitext-2-raw test split through the asset
// resolver), score it with a token scorer llama-perplexity's way, stream the per-position
// distributions into a finished file in the output folder (linked into place beside the result by
// results/write.ts), and build the benchmark's result block.
import { mkdirSync, readFileSync, statSync } from "node:fs";
import { join, basename } from "node:path";
import { createHash } from "node:crypto";
import type { TokenScorer } from "../backends/token-scorer.js";
import { decodeTextFile, PerplexityInputError, textFromFile } from "../benchmarks/perplexity/protocol.js";
import { scorePerplexity, type PerplexityMetrics } from "../benchmarks/perplexity/score.js";
import type { BenchmarkResult } from "../results/schema.js";
import { resolveAssetFile } from "../assets/resolve.js";

export const DEFAULT_TEXT_ASSET = { name: "wikitext-2-raw", file: "wiki.test.raw" } as const;

export interface PerplexityTextSource {
  /** --perplexity-text FILE; absent: the wikitext-2-raw test split. */
  file?: string;
  dataDir?: string;
}

export interface LoadedText {
  text: string;
  /** How the result names it: the file given, or the asset. */
  name: string;
  path: string;
  sha256: string;
  bytes: number;
}

export async function loadPerplexityText(src: PerplexityTextSource): Promise<LoadedText> {
  let path: string;
  let name: string;
  if (src.file !== undefined) {
    path = src.file;
    name = basename(src.file);
  } else {
    path = await resolveAssetFile(DEFAULT_TEXT_ASSET.name, DEFAULT_TEXT_ASSET.file, { dataDir: src.dataDir });
    name = `${DEFAULT_TEXT_ASSET.name}/${DEFAULT_TEXT_ASSET.file}`;
  }
  let bytes: Buffer;
  try {
    if (statSync(path).isDirectory()) throw new PerplexityInputError(`--perplexity-text ${path}: is a directory, expected a text file`);
    bytes = readFileSync(path);
  } catch (err) {
    if (err instanceof PerplexityInputError) throw err;
    const e = err as NodeJS.ErrnoException;
    throw new PerplexityInputError(`--perplexity-text ${path}: cannot read the file (${e.code ?? e.message})`);
  }
  const text = textFromFile(decodeTextFile(bytes, path));
  return { text, name, path, sha256: createHash("sha256").update(bytes).digest("hex"), bytes: bytes.length };
}

export interface PerplexityRunOptions {
  scorer: TokenScorer;
  text: LoadedText;
  ctx: number;
  topK?: number | "all";
  /** The output folder: the distributions file is finished here under a temporary name. */
  outDir: string;
  onChunk?: (done: number, total: number) => void;
}

export interface PerplexityRunOutcome {
  result: BenchmarkResult;
  metrics: PerplexityMetrics;
  /** The finished distributions file, to be linked in beside the result. */
  distributionsTmp: string;
  wall_s: number;
}

export async function runPerplexity(opts: PerplexityRunOptions): Promise<PerplexityRunOutcome> {
  const { scorer, text } = opts;
  mkdirSync(opts.outDir, { recursive: true });
  const tmp = join(opts.outDir, `.perplexity-${process.pid}-${Math.random().toString(36).slice(2)}.dist`);
  const t0 = performance.now();
  const { metrics } = await scorePerplexity(scorer, {
    text: text.text,
    textName: text.path,
    ctx: opts.ctx,
    ...(opts.topK !== undefined ? { topK: opts.topK } : {}),
    sidecarPath: tmp,
    source: { scorer: scorer.scorer, text: text.name, text_sha256: text.sha256 },
    ...(opts.onChunk ? { onChunk: opts.onChunk } : {}),
  });
  const wall = (performance.now() - t0) / 1000;
  const evaluated = metrics.n_chunks * metrics.ctx;
  const result: BenchmarkResult = {
    benchmark: "perplexity",
    protocol: "llama-perplexity",
    questions: metrics.n_chunks,
    overall_score: null,
    metrics: {
      ppl: metrics.ppl,
      ppl_stderr: metrics.ppl_stderr,
      nll: metrics.nll_mean,
      nll_stderr: metrics.nll_stderr,
      ctx: metrics.ctx,
      n_chunks: metrics.n_chunks,
      tokens_scored: metrics.tokens_scored,
      text_tokens: metrics.text_tokens,
      top_k: metrics.top_k === "all" ? null : metrics.top_k,
    },
    dataset: { name: text.name, version: "file", sha256: { [basename(text.path)]: text.sha256 }, limit: null, items: metrics.n_chunks },
    generation: {
      scorer: scorer.scorer,
      exact: scorer.exact,
      ctx: metrics.ctx,
      top_k: metrics.top_k,
      /** --top-k as given (null: the default), so that a rerun can tell whether it asked the same. */
      top_k_requested: opts.topK ?? null,
      add_bos: metrics.add_bos,
      engine: scorer.engineInfo,
    },
    usage: scoringUsage(metrics.n_chunks, evaluated, wall),
    items: [],
    distributions: distributionsBlock(tmp, metrics, scorer.exact),
  };
  return { result, metrics, distributionsTmp: tmp, wall_s: wall };
}

/** The usage block of a scoring run: requests (chunks or answers), tokens evaluated, no generation. */
export function scoringUsage(requests: number, evaluated: number, wall: number): BenchmarkResult["usage"] {
  return { requests, cached: 0, prompt_tokens: evaluated, completion_tokens: 0, wall_s: wall, tokens_per_s: wall > 0 ? evaluated / wall : 0, truncated: 0, truncation_rate: 0, errors: 0 };
}

/** The result's `distributions` block for a finished distributions file (named again when it is linked beside the result). */
export function distributionsBlock(
  file: string,
  m: { storage?: string | null; top_k: number | "all" | null; token_ids_sha256: string; tokenizer_fingerprint: string },
  exact: boolean,
): NonNullable<BenchmarkResult["distributions"]> {
  return { file: basename(file), storage: m.storage!, top_k: m.top_k, exact, bytes: statSync(file).size, token_ids_sha256: m.token_ids_sha256, tokenizer_fingerprint: m.tokenizer_fingerprint } as NonNullable<BenchmarkResult["distributions"]>;
}
