// The model layer a perplexity run needs: tokenize a text, and for a token sequence evaluated from an
// empty state, the next-token distribution at chosen input positions.

/** Next-token log-probabilities for the positions [from, to) of one evaluated sequence. */
export type ChunkScores =
  | {
      /** Full log-softmax over the vocabulary at each position. */
      exact: true;
      vocabSize: number;
      /** (to - from) rows of vocabSize natural-log probabilities, row r for input position from + r. */
      logprobs: Float32Array;
    }
  | {
      /** Only the K most probable tokens per position are known (server engines). */
      exact: false;
      k: number;
      /** (to - from) rows of k token ids, most probable first. */
      ids: Int32Array;
      /** (to - from) rows of k log-probabilities matching `ids`. */
      logprobs: Float32Array;
      /** Log-probability of the token that actually follows each position. */
      actual: Float64Array;
    };

export interface TokenScorer {
  readonly vocabSize: number;
  /** Whether the model's tokenizer prepends BOS by default (GGUF tokenizer.ggml.add_bos_token). */
  readonly addBosDefault: boolean;
  readonly bosToken: number | null;
  /** Context length the model was trained with; a chunk may not be longer. */
  readonly trainContext: number;
  /** sha256 over the vocabulary's token strings in id order (equal fingerprints tokenize alike); "" when the engine does not say. */
  readonly tokenizerFingerprint: string;
  /** Which scorer this is: "embedded", "llama-server", "vllm", "sglang". */
  readonly scorer: string;
  /** True when scoreChunk returns full distributions. */
  readonly exact: boolean;
  /** K per position of a top-K scorer (what it asks the server for). */
  readonly topK?: number;
  /** What ran the model (library, threads, gpu...), for the result file. */
  readonly engineInfo: Record<string, unknown>;
  /** Token ids of `text` as plain text (special-token text not parsed), with BOS first when addBos. */
  tokenize(text: string, addBos: boolean): Promise<number[]>;
  /**
   * Evaluate `tokens` from an empty state (positions 0..n-1) and return the distribution of the token
   * after input position j for every j in [from, to); the actual next token is tokens[j + 1], so
   * to <= tokens.length - 1. Calls may overlap; an engine may serialize them.
   */
  scoreChunk(tokens: readonly number[], from: number, to: number): Promise<ChunkScores>;
  /** The tokens this engine evaluates for a completion-mode prompt (BOS as it adds it), when it can say exactly. */
  completionPromptTokens?(prompt: string): Promise<number[]>;
  close(): Promise<void>;
}
