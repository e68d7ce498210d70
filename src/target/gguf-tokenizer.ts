// Counts tokens with a GGUF's own vocabulary (node-llama-cpp loads the vocabulary only, no
// weights), so a run can size its context and refuse prompts that cannot fit before any server starts.
export interface TokenCounter {
  /** Tokens of `text` as the engine would feed it (with BOS when the model adds one). */
  count(text: string): number;
  /** The context the model was trained on. */
  trainContext: number;
  close(): Promise<void>;
}

export async function openGgufTokenizer(file: string): Promise<TokenCounter> {
  const nlc = await import("node-llama-cpp");
  const llama = await nlc.getLlama({ gpu: false, build: "never", logLevel: nlc.LlamaLogLevel.disabled, progressLogs: false });
  const model = await llama.loadModel({ modelPath: file, vocabOnly: true });
  return {
    count: (text) => model.tokenize(text).length + (model.tokens.shouldPrependBosToken ? 1 : 0),
    trainContext: model.trainContextSize,
    async close() {
      await model.dispose();
      await llama.dispose();
    },
  };
}
