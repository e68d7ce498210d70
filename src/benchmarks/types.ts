// The one small interface every benchmark implements (think inspect_ai's Task = dataset + solver + scorer).
// The runner (src/runner/) sends the prompts through a backend and hands the responses back to `score`.
import type { BenchmarkResult, ItemResult } from "../results/schema.js";
import type { ChatMessage, PromptSpec } from "../backends/types.js";
import type { LimitPer } from "./shared/limit.js";

export type { ChatMessage, PromptSpec };

export interface GenerationDefaults {
  max_tokens: number;
  temperature: number;
  top_p?: number;
  /** Ask for first-token logprobs (MMLU letter argmax) where the server supports them. */
  logprobs?: number;
}

/** One generated answer as the runner recorded it. */
export interface ResponseRecord {
  /** The text to score (reasoning removed). */
  text: string;
  /** The raw text as received (with any <think> block). */
  raw: string;
  finish_reason: string | null;
  /** Top logprobs of the first generated token, when requested and offered. */
  first_token_logprobs?: Record<string, number>;
  /** Set when the request failed for good; text is then "". */
  error?: string;
}

export interface DatasetRef {
  name: string;
  version: string;
  /** sha256 of each data file used (file name → hex). */
  sha256: Record<string, string>;
  /** Set when --limit N took the first N items of each such category (e.g. "subject"), not the first N overall. */
  limit_per?: string;
}

export interface LoadedDataset<Item> {
  items: Item[];
  dataset: DatasetRef;
}

export interface ScoreOutput {
  metrics: Record<string, number | null>;
  overall_score: number | null;
  items: ItemResult[];
  breakdown?: Record<string, unknown>;
  "pass@k"?: Record<string, number>;
}

export interface LoadOptions {
  dataDir?: string;
  /** Use only the first N items (of each category for a benchmark with `limitPer`). */
  limit?: number;
}

/** What every scorer may use. */
export interface ScoreContext {
  dataDir?: string;
}

export interface Benchmark<Item = unknown> {
  name: string;
  /** Names the prompting + scoring protocol recorded in results (e.g. "ifeval-google-2023"). */
  protocol: string;
  description: string;
  defaults: GenerationDefaults;
  /** Samples per item by default (HumanEval with --samples N overrides). */
  samplesPerItem?: number;
  /** The category --limit N applies to (N items of each); absent: the first N items. */
  limitPer?: LimitPer<Item>;
  load(opts: LoadOptions): Promise<LoadedDataset<Item>>;
  itemId(item: Item): string;
  prompt(item: Item, opts: { systemPrompt?: string }): PromptSpec;
  /**
   * Score all items; `responses.get(id)` holds one record per sample, in sample order. Settings of
   * one benchmark only (e.g. HumanEval's sandbox) are that benchmark's options, given when it is created.
   */
  score(items: Item[], responses: Map<string, ResponseRecord[]>, opts: ScoreContext): Promise<ScoreOutput>;
}

export type AnyBenchmark = Benchmark<any>;
export type { BenchmarkResult };
