// The backend interface. Two layers:
//  - `Backend`: what the runner calls (`generate(spec, gen, n)`), implemented by the HTTP backends
//    and, without HTTP, by the in-process llama.cpp engine (src/target/embedded.ts).
//  - `HttpProtocol`: the narrow lm-eval-style surface of one server API (payload in, generations
//    out). `HttpBackend` (http-backend.ts) turns any protocol into a `Backend`.
// The prompt types (`PromptSpec`, `ChatMessage`) live here: benchmarks build them, backends send them.

export interface ChatMessage {
  role: "system" | "user" | "assistant";
  content: string;
}

/** What to send for one item: chat messages (chat backends) or a raw prompt (completion backends). */
export interface PromptSpec {
  messages: ChatMessage[];
  /** Raw text prompt for completion-style backends (base models). */
  prompt: string;
  /** Stop sequences for completion mode (chat mode sends none unless set in chatStop). */
  stop?: string[];
  chatStop?: string[];
}

export interface GenerationSettings {
  max_tokens: number;
  temperature: number;
  top_p?: number;
  seed?: number;
  /** Ask for the top-k logprobs of the first generated token (k). */
  logprobs?: number;
  /** Extra body fields merged last into every request (--gen-kwargs). */
  extra?: Record<string, unknown>;
}

export interface TokenUsage {
  prompt_tokens: number;
  completion_tokens: number;
}

/** One generated answer, as the server returned it (reasoning not yet stripped). */
export interface Generation {
  text: string;
  finish_reason: string | null;
  /** A separate reasoning field (`reasoning_content`), logged but never scored. */
  reasoning?: string;
  first_token_logprobs?: Record<string, number>;
}

export interface GenerateResult {
  /** In sample order; may hold fewer than requested when the server ignores `n`. */
  generations: Generation[];
  usage?: TokenUsage;
}

export interface GenerateOptions {
  /** Whole-request deadline (connect + headers + body), ms. */
  timeoutMs?: number;
}

/** What discovery learnt about the model and server. */
export interface ServerInfo {
  /** Model name sent in requests (--model-name, else the first id of /v1/models). */
  model: string | null;
  /** All ids /v1/models listed (empty when it is not offered). */
  modelIds: string[];
  /** Parallel slots the server reports (llama.cpp /props total_slots). */
  slots?: number;
  /** Model file the server reports (llama.cpp /props model_path). */
  serverModelPath?: string;
  /** Context tokens of one slot (llama.cpp /props default_generation_settings.n_ctx) or the model's max length (vLLM max_model_len). */
  contextPerSlot?: number;
  /** The model's trained context, where the server reports it (llama.cpp /v1/models meta.n_ctx_train). */
  trainContext?: number;
  /** The chat template the server applies (llama.cpp /props chat_template). */
  chatTemplate?: string;
  /** The server's build (llama.cpp /props build_info). */
  build?: string;
  /** Weight type the server reports (llama.cpp /props model_ftype, /v1/models meta.ftype). */
  quantization?: string;
  /** Where the served model came from, as /v1/models reports it (vLLM's `root`: the path or hub id it loaded). */
  modelRoot?: string;
}

export interface Backend {
  /** "chat" | "completions" | "llamacpp" | "embedded". */
  readonly kind: string;
  /** Chat-message prompting (true) or raw-text completion (false). */
  readonly chat: boolean;
  /** Base URL the requests go to; null for an in-process engine. */
  readonly baseUrl: string | null;
  readonly info: ServerInfo;
  /** Most samples one `generate` call may ask for (the API's `n`); 1 when unsupported. A run that
   *  finds the server ignoring `n` lowers its own limit (runner state), never this field. */
  readonly maxN: number;
  /**
   * The canonical request for one sample (n = 1, without sampling-index-dependent fields):
   * hashed with the model identity and the sample index to key the response store.
   */
  describe(spec: PromptSpec, gen: GenerationSettings): unknown;
  /** Generate `n` samples for one prompt. Throws the errors in errors.ts. */
  generate(spec: PromptSpec, gen: GenerationSettings, n: number, opts?: GenerateOptions): Promise<GenerateResult>;
  /** Abort every request in flight (Ctrl-C). */
  cancelAll(): void;
  close(): Promise<void>;
}

/** The narrow per-API surface (lm-eval's TemplateAPI as the model). */
export interface HttpProtocol {
  readonly kind: string;
  readonly chat: boolean;
  /** Path below the base URL, e.g. "/v1/chat/completions". */
  readonly path: string;
  /** Whether the API has an `n` parameter. */
  readonly supportsN: boolean;
  createPayload(spec: PromptSpec, gen: GenerationSettings, n: number, model: string | null): Record<string, unknown>;
  /** Parse a 2xx JSON body; throws ResponseFormatError when it is not the expected shape. */
  parseGenerations(json: unknown): GenerateResult;
}
