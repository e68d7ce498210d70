// `workbench eval`: run benchmarks against a running OpenAI-compatible (or llama.cpp) server and
// write evals/<date>_<model>_<benchmarks>.json plus its .samples.jsonl.
import { basename, dirname, join } from "node:path";
import { HTTP_PROTOCOLS } from "../../backends/index.js";
import { ServerUnreachableError } from "../../backends/discovery.js";
import { DEFAULT_BENCHMARKS, checkBenchmarkNames, loadBenchmark } from "../../benchmarks/registry.js";
import { evaluate, type EvaluateOutcome, type GenerationOverrides } from "../../runner/evaluate.js";
import { DEFAULT_RETRY } from "../../runner/retry.js";
import { ResponseStore, storeFileFor } from "../../runner/response-store.js";
import { connectToServer, type EvalTarget } from "../../target/connect.js";
import { buildResultDocument, writeRunResults } from "../../results/write.js";
import { runSettings } from "../../results/settings.js";
import { SamplesSpool } from "../../results/samples-spool.js";
import { defineCommand, UsageError } from "../command.js";
import { ENGINE_CHOICES, type EngineChoice } from "../../target/autostart.js";
import { ServerStartError } from "../../target/managed-process.js";
import { ModelPathError } from "../../model/resolve-path.js";
import { GgufError } from "../../model/gguf.js";
import { shellWords, ShellWordsError } from "../../util/shell-words.js";
import { printable } from "../../util/printable.js";

const DEFAULT_TIMEOUT_S = 600;
const SANDBOX_MODES = ["auto", "bwrap", "basic"] as const;

function parseServerArgs(v: string | undefined): string[] {
  if (v === undefined) return [];
  try {
    return shellWords(v);
  } catch (err) {
    if (err instanceof ShellWordsError) throw new UsageError(`eval: --server-args: ${err.message}`);
    throw err;
  }
}

function parseJsonObjectFlag(flag: string, v: string | undefined): Record<string, unknown> | undefined {
  if (v === undefined) return undefined;
  let x: unknown;
  try {
    x = JSON.parse(v);
  } catch (err) {
    throw new UsageError(`eval: --${flag}: not valid JSON (${(err as Error).message})`);
  }
  if (typeof x !== "object" || x === null || Array.isArray(x)) throw new UsageError(`eval: --${flag}: expected a JSON object like '{"top_k": 20}'`);
  return x as Record<string, unknown>;
}

/** Seconds the server may stay unreachable before a run stops. */
const DEFAULT_MAX_OUTAGE_S = 300;

function summary(outcome: EvaluateOutcome): string {
  const lines: string[] = [];
  for (const [name, b] of Object.entries(outcome.benchmarks)) {
    const metrics = Object.entries(b.metrics)
      .map(([k, v]) => `${k} ${v === null ? "n/a" : v.toFixed(4)}`)
      .concat(Object.entries(b["pass@k"] ?? {}).map(([k, v]) => `${k} ${v.toFixed(4)}`));
    const u = b.usage;
    const errs = b.items.filter((i) => i.error !== undefined).length;
    const over = b.counts && b.counts.failed ? `  (INCOMPLETE: over ${b.counts.scored} of ${b.counts.items} items; ${b.counts.failed} failed)` : "";
    lines.push(
      `${name.padEnd(10)} ${[...new Set(metrics)].join("  ")}${over}`,
      `${"".padEnd(10)} ${b.questions} items, ${errs} errors, ${u.requests} requests (${u.cached} cached),${u.empty ? ` ${u.empty} empty responses,` : ""} ${u.completion_tokens} completion tokens, ${u.wall_s.toFixed(1)} s, truncated ${(u.truncation_rate * 100).toFixed(1)}%`,
    );
  }
  return lines.join("\n") + "\n";
}

export default defineCommand({
  meta: {
    name: "eval",
    description: "Run benchmarks against a model file (auto-starting a server or the embedded engine) or a running server, and save the results under evals/.",
    usage: "workbench eval (--model PATH | --base-url URL | --port P) [--model-name NAME] [--benchmark ifeval humaneval] [options]",
    examples: [
      "workbench eval --model ~/models/org/Model-Q4_K_M.gguf",
      "workbench eval --model ~/.cache/huggingface/hub/models--org--Model-FP8 --engine vllm --server-args '--max-model-len 8192'",
      "workbench eval --model ./model.gguf --engine embedded --benchmark ifeval --limit 20",
      "workbench eval --port 8000 --benchmark ifeval humaneval",
      "workbench eval --base-url http://127.0.0.1:8080/v1 --backend llamacpp --limit 20",
      "workbench eval --port 8000 --benchmark humaneval --samples 10 --temperature 0.8 --json",
    ],
  },
  args: {
    model: { type: "string", description: "Model to evaluate: a .gguf file (or shards), a safetensors directory, a Hugging Face cache entry", valueHint: "path" },
    engine: { type: "string", choices: ENGINE_CHOICES, description: `With --model: ${ENGINE_CHOICES.join("|")} (auto: llama-server if on PATH else embedded for GGUF; vllm for safetensors)`, default: "auto", valueHint: "engine" },
    noAutostart: { type: "boolean", description: "With --model: don't start a server; use the one at --base-url/--port (the model file still names and fingerprints the run)" },
    serverArgs: { type: "string", description: "Extra arguments for the auto-started server (quoted, shell-like)", valueHint: "args" },
    baseUrl: { type: "string", description: "Server base URL (e.g. http://127.0.0.1:8000/v1)", valueHint: "url" },
    port: { type: "int", min: 1, max: 65535, description: "Server on 127.0.0.1 at this port (with --model: the port for the started server)", valueHint: "port" },
    modelName: { type: "string", description: "Model name to request (default: first id of /v1/models)", valueHint: "name" },
    benchmark: { type: "string", multiple: true, description: `Benchmarks to run (default: ${DEFAULT_BENCHMARKS.join(" ")})`, valueHint: "name" },
    limit: { type: "int", min: 1, description: "Run only the first N items of each benchmark", valueHint: "n" },
    concurrency: { type: "int", min: 1, max: 4096, description: "Requests in flight (default: the server's /props slot count, else found by adapting up to 64)", valueHint: "n" },
    out: { type: "string", description: "Output directory", default: "evals", valueHint: "dir" },
    backend: { type: "string", choices: Object.keys(HTTP_PROTOCOLS), description: `Server API: ${Object.keys(HTTP_PROTOCOLS).join("|")}`, default: "chat", valueHint: "kind" },
    json: { type: "boolean", description: "Print the result document on stdout" },
    maxTokens: { type: "int", min: 1, description: "Max generated tokens (default per benchmark: IFEval 1280, HumanEval 1024)", valueHint: "n" },
    temperature: { type: "number", min: 0, description: "Sampling temperature (default 0)", valueHint: "t" },
    topP: { type: "number", min: 0, max: 1, description: "Nucleus sampling top_p", valueHint: "p" },
    seed: { type: "int", min: 0, description: "Sampling seed sent to the server", valueHint: "n" },
    systemPrompt: { type: "string", description: "System message put before every prompt (chat backends)", valueHint: "text" },
    genKwargs: { type: "string", description: "Extra JSON fields merged into every request body", valueHint: "json" },
    samples: { type: "int", min: 1, max: 10_000, description: "Samples per HumanEval task (pass@k for every k <= N)", valueHint: "n" },
    timeout: { type: "number", min: 0.001, description: "Per-request timeout in seconds", default: DEFAULT_TIMEOUT_S, valueHint: "s" },
    maxOutage: { type: "number", min: 0, description: "Stop when the server stays unreachable this long (answers are kept; rerun to resume)", default: DEFAULT_MAX_OUTAGE_S, valueHint: "s" },
    retries: { type: "int", min: 0, max: 100, description: "Retries per request on connection errors, timeouts, 429 and 5xx", default: DEFAULT_RETRY.retries, valueHint: "n" },
    noCache: { type: "boolean", description: "Ignore stored responses (still record new ones)" },
    dataDir: { type: "string", description: "Directory holding <dataset>/<file> copies (else WORKBENCH_DATA_DIR)", valueHint: "dir" },
    sandbox: { type: "string", choices: SANDBOX_MODES, description: `HumanEval execution sandbox: ${SANDBOX_MODES.join("|")} (default auto: bwrap when it works)`, valueHint: "mode" },
    ifevalInput: { type: "string", description: "IFEval prompts file to use instead of the current input_data.jsonl", valueHint: "file" },
  },
  async run({ args, stdout, stderr }) {
    if (args.baseUrl !== undefined && args.port !== undefined) throw new UsageError("eval: give --base-url or --port, not both");
    const autostarting = args.model !== undefined && !args.noAutostart;
    if (args.model === undefined && args.baseUrl === undefined && args.port === undefined) throw new UsageError("eval: give --model PATH, or --base-url URL / --port P of a running server");
    if (args.noAutostart && args.model !== undefined && args.baseUrl === undefined && args.port === undefined) throw new UsageError("eval: --no-autostart needs --base-url or --port of the running server");
    if (autostarting && args.baseUrl !== undefined) throw new UsageError("eval: --base-url is for a running server; with --model either drop it or add --no-autostart");
    const port = args.port;
    const baseUrl = args.baseUrl ?? `http://127.0.0.1:${port}`;
    const names = checkBenchmarkNames(args.benchmark ?? DEFAULT_BENCHMARKS);
    const { limit, concurrency, samples } = args;
    const serverArgs = parseServerArgs(args.serverArgs);
    const timeoutS = args.timeout;
    const retries = args.retries;
    const overrides: GenerationOverrides = {
      max_tokens: args.maxTokens,
      temperature: args.temperature,
      top_p: args.topP,
      seed: args.seed,
      extra: parseJsonObjectFlag("gen-kwargs", args.genKwargs),
    };
    try {
      if (!autostarting) new URL(baseUrl);
    } catch {
      throw new UsageError(`eval: --base-url: '${baseUrl}' is not a URL (expected e.g. http://127.0.0.1:8000/v1)`);
    }

    let target: EvalTarget;
    const apiKey = process.env.WORKBENCH_API_KEY ?? process.env.OPENAI_API_KEY;
    try {
      if (args.model !== undefined) {
        const { modelTarget } = await import("../../target/model-target.js");
        target = await modelTarget({
          modelPath: args.model,
          engine: args.engine as EngineChoice,
          autostart: autostarting,
          port,
          baseUrl: args.port === undefined ? args.baseUrl : undefined,
          serverArgs,
          concurrency,
          modelName: args.modelName,
          logDir: args.out,
          backendKind: args.backend,
          apiKey,
        });
      } else target = await connectToServer(args.backend, baseUrl, { modelName: args.modelName, concurrency, apiKey });
    } catch (err) {
      if (err instanceof ServerUnreachableError || err instanceof ServerStartError) {
        stderr.write(`workbench: eval: ${printable(err.message, { oneLine: true })}\n`);
        return 1;
      }
      if (err instanceof ModelPathError || err instanceof GgufError) throw new UsageError(`eval: --model: ${err.message}`);
      throw err;
    }
    const { backend, identity } = target;
    const ac = new AbortController();
    let interrupts = 0;
    const onSigint = (): void => {
      if (++interrupts > 1) process.exit(130);
      stderr.write("\nworkbench: interrupted; saving responses (Ctrl-C again to quit now)\n");
      ac.abort();
    };
    process.on("SIGINT", onSigint);
    let store: ResponseStore | undefined;
    let spool: SamplesSpool | undefined;
    try {
      const benchmarks = await Promise.all(names.map((n) => loadBenchmark(n, { chat: backend.chat, options: { ifeval: { inputFile: args.ifevalInput || undefined }, humaneval: { sandbox: args.sandbox } } })));
      // One run per response store: a second run of the same model waits, then reuses the first one's answers.
      const storeFile = storeFileFor(identity, backend.info.model);
      store = await ResponseStore.open(storeFile, {
        read: !args.noCache,
        lock: {
          // Beside the responses folder, which holds only stores.
          file: join(dirname(storeFile), "..", "locks", `${basename(storeFile)}.lock`),
          signal: ac.signal,
          onWait: (h) =>
            stderr.write(
              `workbench: eval: another run${h ? ` (pid ${h.pid}${h.host ? ` on ${printable(h.host, { oneLine: true })}` : ""}, started ${new Date(h.started).toTimeString().slice(0, 8)})` : ""} is using the response store of this model; waiting for it to finish, then its answers are reused\n`,
            ),
        },
      });
      // Spooled beside the response store (the cache), so a killed run leaves nothing in --out.
      spool = new SamplesSpool(join(dirname(store.file), "..", "spool"));
      if (store.skipped) stderr.write(`workbench: eval: skipped ${store.skipped} unreadable line(s) in ${store.file}\n`);
      const outcome = await evaluate({
        backend,
        concurrency: target.concurrency,
        adaptive: target.concurrencyOrigin === "default",
        concurrencySource: target.concurrencyOrigin === "flag" ? "flag" : "server",
        identity,
        benchmarks,
        limit,
        dataDir: args.dataDir,
        overrides,
        systemPrompt: args.systemPrompt,
        samples,
        timeoutMs: timeoutS * 1000,
        retry: { ...DEFAULT_RETRY, retries },
        store,
        useCache: !args.noCache,
        progress: process.stderr,
        signal: ac.signal,
        maxOutageMs: args.maxOutage * 1000,
        samplesSink: spool,
        log: (line) => stderr.write(`${process.stderr.isTTY ? "\r\x1b[K" : ""}workbench: eval: ${printable(line, { oneLine: true })}\n`),
      });
      if (outcome.stopped) {
        stderr.write(`workbench: eval: ${printable(outcome.stopped.reason, { oneLine: true })}\n`);
        return outcome.stopped.exitCode;
      }
      if (outcome.cancelled) {
        await store.close();
        store = undefined;
        stderr.write("workbench: eval: interrupted; rerun the same command to resume (answered requests are kept)\n");
        return 130;
      }
      const settings = runSettings({
        backend: { kind: backend.kind, baseUrl: backend.baseUrl },
        modelName: backend.info.model,
        identity,
        concurrency: target.concurrency,
        concurrencyControl: { ...outcome.concurrency },
        limit,
        benchmarks: names,
        timeoutS,
        retries,
        samples,
        systemPrompt: args.systemPrompt,
        overrides: { ...overrides },
        cache: !args.noCache,
        storeFile: store.file,
      });
      const doc = buildResultDocument({ ...target.provenance, settings }, outcome.benchmarks);
      const written = writeRunResults(args.out, doc, spool);
      spool = undefined;
      if (args.json) stdout.write(JSON.stringify(written.document, null, 2) + "\n");
      else stdout.write(printable(summary(outcome) + `wrote ${written.resultFile}\n`));
      if (outcome.itemErrors) stderr.write(`workbench: eval: ${outcome.itemErrors} item(s) failed (see "error" in ${written.resultFile}); rerun to retry them\n`);
      return outcome.itemErrors ? 1 : 0;
    } finally {
      process.off("SIGINT", onSigint);
      spool?.discard();
      await store?.close();
      await target.close();
    }
  },
});
