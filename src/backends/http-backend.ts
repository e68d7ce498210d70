// Any HttpProtocol (payload in, generations out) as a runner Backend over the shared HTTP client.
import { HttpClient, type ServerAddress } from "./http-client.js";
import type { Backend, GenerateOptions, GenerateResult, GenerationSettings, HttpProtocol, PromptSpec, ServerInfo } from "./types.js";

/** Largest `n` asked in one request when the API has one. */
export const MAX_N = 64;

export class HttpBackend implements Backend {
  readonly kind: string;
  readonly chat: boolean;
  readonly baseUrl: string;
  readonly maxN: number;
  private readonly client: HttpClient;

  constructor(
    readonly protocol: HttpProtocol,
    address: ServerAddress,
    readonly info: ServerInfo,
    opts: { connections: number; apiKey?: string },
  ) {
    this.kind = protocol.kind;
    this.chat = protocol.chat;
    this.baseUrl = address.baseUrl;
    this.maxN = protocol.supportsN ? MAX_N : 1;
    this.client = new HttpClient(address, opts);
  }

  describe(spec: PromptSpec, gen: GenerationSettings): unknown {
    return { path: this.protocol.path, body: this.protocol.createPayload(spec, gen, 1, this.info.model) };
  }

  async generate(spec: PromptSpec, gen: GenerationSettings, n: number, opts: GenerateOptions = {}): Promise<GenerateResult> {
    const body = JSON.stringify(this.protocol.createPayload(spec, gen, n, this.info.model));
    const json = await this.client.postJson(this.protocol.path, body, opts.timeoutMs);
    return this.protocol.parseGenerations(json);
  }

  cancelAll(): void {
    this.client.cancelAll();
  }

  close(): Promise<void> {
    return this.client.close();
  }
}
