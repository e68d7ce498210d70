// `workbench eval`: run benchmarks against a running OpenAI-compatible (or llama.cpp) server and
// write evals/<date>_<model>_<benchmarks>.json plus its .samples.jsonl.
import { HTTP_PROTOCOLS } from "../../backends/index.js";
import { ServerUnreachableError } from "../../backends/discovery.js";
import { DEFAULT_BENCHMARKS, checkBenchmarkNames, loadBenchmark } from "../../benchmarks/registry.js";
import { evaluate, type GenerationOverrides } from "../../runner/evaluate.js";
import { DEFAULT_RETRY } from "../../runner/retry.js";
import { parseShard } from "../../runner/shard.js";
import { ResponseStore, storeFileFor } from "../../runner/response-store.js";
import { connectToServer, type EvalTarget } from "../../target/connect.js";
import { connectToEndpoints, splitBaseUrls } from "../../target/endpoints.js";
import { buildResultDocument, writeRunResults } from "../../results/write.js";
import { runSettings } from "../../results/settings.js";
import { checkOutputDir } from "../../results/output-path.js";
import { AssetError, checkDataDirOption } from "../../assets/resolve.js";
import { checkInputFile } from "../../util/input-file.js";
import { defineCommand, UsageError } from "../command.js";
import { ENGINE_CHOICES, type EngineChoice } from "../../target/autostart.js";
import { ServerStartError } from "../../target/managed-process.js";
import { ModelPathError } from "../../model/resolve-path.js";
import { GgufError } from "../../model/gguf.js";
import { shellWords, ShellWordsError } from "../../util/shell-words.js";
import { failureMessages, interruptedMessage, sandboxLine } from "../eval-messages.js";
import { progressStream } from "../progress-stream.js";
import { runSummary } from "../eval-summary.js";

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
      "workbench eval --base-url http://gpu1:8000/v1 --base-url http://gpu2:8000/v1   # two replicas of one model",
      "workbench eval --port 8000 --benchmark humaneval --samples 10 --temperature 0.8 --json",
      "workbench eval --port 8000 --shard 2/8 --out evals/shards   # then: workbench merge evals/shards/*.json",
    ],
  },
  args: {
    model: { type: "string", description: "Model to evaluate: a .gguf file (or shards), a safetensors directory, a Hugging Face cache entry", valueHint: "path" },
    engine: { type: "string", choices: ENGINE_CHOICES, description: `With --model: ${ENGINE_CHOICES.join("|")} (auto: llama-server if on PATH else embedded for GGUF; vllm for safetensors)`, default: "auto", valueHint: "engine" },
    noAutostart: { type: "boolean", description: "With --model: don't start a server; use the one at --base-url/--port (the model file still names and fingerprints the run)" },
    serverArgs: { type: "string", description: "Extra arguments for the auto-started server (quoted, shell-like)", valueHint: "args" },
    baseUrl: { type: "string", multiple: true, description: "Server base URL (e.g. http://127.0.0.1:8000/v1); several (repeated or comma-separated) servers of one model share the work", valueHint: "url" },
    allowMixedEndpoints: { type: "boolean", description: "With several --base-url: run even when the endpoints report different models" },
    port: { type: "int", min: 1, max: 65535, description: "Server on 127.0.0.1 at this port (with --model: the port for the started server)", valueHint: "port" },
    modelName: { type: "string", description: "Model name to request (default: first id of /v1/models)", valueHint: "name" },
    benchmark: { type: "string", multiple: true, description: `Benchmarks to run (default: ${DEFAULT_BENCHMARKS.join(" ")})`, valueHint: "name" },
    limit: { type: "int", min: 1, description: "Run only the first N items of each benchmark (MMLU: the first N of each of its 57 subjects; see workbench list)", valueHint: "n" },
    concurrency: { type: "int", min: 1, max: 4096, description: "Requests in flight (default: the server's /props slot count, else 64)", valueHint: "n" },
    out: { type: "string", description: "Output directory", default: "evals", valueHint: "dir" },
    backend: { type: "string", choices: Object.keys(HTTP_PROTOCOLS), description: `Server API: ${Object.keys(HTTP_PROTOCOLS).join("|")}`, default: "chat", valueHint: "kind" },
    json: { type: "boolean", description: "Print the result document on stdout" },
    dryRun: { type: "boolean", description: "Show what would be sent (requests, generation settings, first prompt per benchmark, context needed for a GGUF) without starting a server or sending anything" },
    quiet: { type: "boolean", description: "No progress on stderr (by default a line redrawn on a TTY, else a plain line every 30 s, WORKBENCH_PROGRESS_INTERVAL_S)" },
    maxTokens: { type: "int", min: 1, description: "Max generated tokens (default per benchmark: IFEval 1280, HumanEval 1024)", valueHint: "n" },
    temperature: { type: "number", min: 0, description: "Sampling temperature (default 0)", valueHint: "t" },
    topP: { type: "number", min: 0, max: 1, description: "Nucleus sampling top_p", valueHint: "p" },
    seed: { type: "int", min: 0, description: "Sampling seed sent to the server", valueHint: "n" },
    systemPrompt: { type: "string", description: "System message put before every prompt (chat backends)", valueHint: "text" },
    genKwargs: { type: "string", description: "Extra JSON fields merged into every request body", valueHint: "json" },
    samples: { type: "int", min: 1, max: 10_000, description: "Samples per HumanEval task (pass@k for every k <= N)", valueHint: "n" },
    timeout: { type: "number", min: 0.001, description: "Per-request timeout in seconds", default: DEFAULT_TIMEOUT_S, valueHint: "s" },
    retries: { type: "int", min: 0, max: 100, description: "Retries per request on connection errors, timeouts, 429 and 5xx", default: DEFAULT_RETRY.retries, valueHint: "n" },
    noCache: { type: "boolean", description: "Ignore stored responses (still record new ones)" },
    dataDir: { type: "string", description: "Directory holding <dataset>/<file> copies (else WORKBENCH_DATA_DIR)", valueHint: "dir" },
    sandbox: { type: "string", choices: SANDBOX_MODES, description: `HumanEval execution sandbox: ${SANDBOX_MODES.join("|")} (default auto: bwrap when it works)`, valueHint: "mode" },
    workers: { type: "int", min: 1, max: 4096, description: "HumanEval sandbox workers: programs run side by side (default: one per CPU, at most 32)", valueHint: "n" },
    python: { type: "string", description: "Interpreter for HumanEval's samples, e.g. a venv's bin/python (else WORKBENCH_PYTHON, else /usr/bin/python3, else python3 on PATH)", valueHint: "path" },
    shard: { type: "string", description: "Run only shard I of N of every benchmark's items (deterministic by item id; join with `workbench merge`)", valueHint: "I/N" },
    ifevalInput: { type: "string", description: "IFEval prompts file to use instead of the current input_data.jsonl", valueHint: "file" },
    threads: { type: "int", min: 1, max: 1024, description: "With --model: CPU threads for the started engine (default: physical cores; embedded: one fewer)", valueHint: "n" },
  },
  async run({ args, stdout, stderr }) {
    if (args.baseUrl !== undefined && args.port !== undefined) throw new UsageError("eval: give --base-url or --port, not both");
    const autostarting = args.model !== undefined && !args.noAutostart;
    if (args.model === undefined && args.baseUrl === undefined && args.port === undefined) throw new UsageError("eval: give --model PATH, or --base-url URL / --port P of a running server");
    if (args.noAutostart && args.model !== undefined && args.baseUrl === undefined && args.port === undefined) throw new UsageError("eval: --no-autostart needs --base-url or --port of the running server");
    if (autostarting && args.baseUrl !== undefined) throw new UsageError("eval: --base-url is for a running server; with --model either drop it or add --no-autostart");
    const port = args.port;
    const baseUrls = args.baseUrl !== undefined ? splitBaseUrls(args.baseUrl) : [`http://127.0.0.1:${port}`];
    if (baseUrls.length === 0) throw new UsageError("eval: --base-url needs a value");
    if (baseUrls.length > 1 && args.model !== undefined) throw new UsageError("eval: several --base-url values are for running servers; drop --model (the endpoints name the model)");
    const baseUrl = baseUrls[0]!;
    const names = checkBenchmarkNames(args.benchmark ?? DEFAULT_BENCHMARKS);
    checkOutputDir("eval", "--out", args.out);
    checkDataDirOption("eval", args.dataDir);
    checkInputFile("eval", "--ifeval-input", args.ifevalInput);
    const progress = args.quiet ? undefined : progressStream("eval", process.stderr);
    const { limit, concurrency, samples } = args;
    const serverArgs = parseServerArgs(args.serverArgs);
    const shard = args.shard !== undefined ? parseShard(args.shard, "eval: --shard") : undefined;
    const timeoutS = args.timeout;
    const retries = args.retries;
    const overrides: GenerationOverrides = {
      max_tokens: args.maxTokens,
      temperature: args.temperature,
      top_p: args.topP,
      seed: args.seed,
      extra: parseJsonObjectFlag("gen-kwargs", args.genKwargs),
    };
    for (const u of autostarting ? [] : baseUrls) {
      try {
        new URL(u);
      } catch {
        throw new UsageError(`eval: --base-url: '${u}' is not a URL (expected e.g. http://127.0.0.1:8000/v1)`);
      }
    }

    const benchmarkOptions = { ifeval: { inputFile: args.ifevalInput || undefined }, humaneval: { sandbox: args.sandbox, workers: args.workers, python: args.python } };
    if (args.dryRun) {
      const { dryRunPlan, renderDryRun } = await import("../eval-dry-run.js");
      let dry;
      try {
        dry = await dryRunPlan({ names, backendKind: args.backend, modelPath: args.model, options: benchmarkOptions, limit, dataDir: args.dataDir, shard, overrides, systemPrompt: args.systemPrompt, samples });
      } catch (err) {
        if (err instanceof ModelPathError || err instanceof GgufError) throw new UsageError(`eval: --model: ${err.message}`);
        if (err instanceof AssetError) throw new UsageError(`eval: ${err.message}`);
        throw err;
      }
      stdout.write(args.json ? JSON.stringify(dry.plan, null, 2) + "\n" : renderDryRun(dry.plan, dry.modeWhy));
      return 0;
    }
    let target: EvalTarget;
    const apiKey = process.env.WORKBENCH_API_KEY ?? process.env.OPENAI_API_KEY;
    try {
      if (args.model !== undefined) {
        const { modelTarget } = await import("../../target/model-target.js");
        // A GGUF is sized before anything starts: every slot gets room for the run's longest prompt plus max_tokens.
        const plan = autostarting
          ? await (await import("../../runner/model-context.js")).planModelContext({ modelPath: args.model, benchmarks: names, options: benchmarkOptions, dataDir: args.dataDir, limit, systemPrompt: args.systemPrompt, maxTokens: args.maxTokens })
          : null;
        target = await modelTarget({
          ...(plan ? { contextSize: plan.per_slot } : {}),
          ...(args.threads !== undefined ? { threads: args.threads } : {}),
          modelPath: args.model,
          engine: args.engine as EngineChoice,
          autostart: autostarting,
          port,
          baseUrl: args.port === undefined ? args.baseUrl?.[0] : undefined,
          serverArgs,
          concurrency,
          modelName: args.modelName,
          logDir: args.out,
          backendKind: args.backend,
          apiKey,
        });
      } else if (baseUrls.length > 1) {
        target = await connectToEndpoints(args.backend, baseUrls, { modelName: args.modelName, concurrency, apiKey, allowMixed: args.allowMixedEndpoints });
      } else target = await connectToServer(args.backend, baseUrl, { modelName: args.modelName, concurrency, apiKey });
    } catch (err) {
      // Nothing was run: a server that cannot be reached or started, or a dataset that cannot be had, is unusable input.
      if (err instanceof ServerUnreachableError || err instanceof ServerStartError || err instanceof AssetError) {
        stderr.write(`workbench: eval: ${err.message}\n`);
        return 2;
      }
      if (err instanceof ModelPathError || err instanceof GgufError) throw new UsageError(`eval: --model: ${err.message}`);
      throw err;
    }
    const { backend, identity } = target;
    const ac = new AbortController();
    let interrupts = 0;
    let exitCode = 130;
    // Ctrl-C and SIGTERM (a job scheduler, `kill`) both stop the run cleanly: answers kept, server stopped.
    const onSignal = (sig: NodeJS.Signals): void => {
      exitCode = sig === "SIGTERM" ? 143 : 130;
      if (++interrupts > 1) process.exit(exitCode);
      stderr.write(`\nworkbench: ${sig === "SIGTERM" ? "terminated" : "interrupted"}; saving responses (${sig === "SIGTERM" ? "signal" : "Ctrl-C"} again to quit now)\n`);
      ac.abort();
    };
    process.on("SIGINT", onSignal);
    process.on("SIGTERM", onSignal);
    let store: ResponseStore | undefined;
    try {
      const benchmarks = await Promise.all(names.map((n) => loadBenchmark(n, { chat: backend.chat, options: benchmarkOptions })));
      if (autostarting && !backend.chat) stderr.write(`workbench: eval: ${backend.info.model ?? "the model"} has no chat template: prompting in completion mode (raw prompts, as on every engine)\n`);
      store = await ResponseStore.open(storeFileFor(identity, backend.info.model), { read: !args.noCache });
      if (store.skipped) stderr.write(`workbench: eval: skipped ${store.skipped} unreadable line(s) in ${store.file}\n`);
      const outcome = await evaluate({
        backend,
        ...(target.endpoints ? { endpoints: target.endpoints.map((e) => ({ backend: e.backend, concurrency: e.concurrency, ...(e.source !== "adaptive" ? { source: e.source } : {}) })) } : {}),
        concurrency: target.concurrency,
        identity,
        benchmarks,
        limit,
        dataDir: args.dataDir,
        overrides,
        systemPrompt: args.systemPrompt,
        samples,
        shard,
        timeoutMs: timeoutS * 1000,
        retry: { ...DEFAULT_RETRY, retries },
        store,
        useCache: !args.noCache,
        progress,
        signal: ac.signal,
      });
      if (outcome.cancelled) {
        await store.close();
        store = undefined;
        stderr.write(interruptedMessage(args.noCache === true) + "\n");
        return exitCode;
      }
      const settings = runSettings({
        backend: { kind: backend.kind, baseUrl: backend.baseUrl },
        modelName: backend.info.model,
        identity,
        concurrency: target.endpoints ? outcome.endpoints.reduce((a, e) => a + e.concurrency.peak, 0) : target.concurrency,
        limit,
        benchmarks: names,
        timeoutS,
        retries,
        samples,
        systemPrompt: args.systemPrompt,
        overrides: { ...overrides },
        cache: !args.noCache,
        storeFile: store.file,
        shard,
      });
      const server = { ...(target.provenance.server ?? {}), endpoints: outcome.endpoints };
      const doc = buildResultDocument({ ...target.provenance, server, settings }, outcome.benchmarks);
      const written = writeRunResults(args.out, doc, outcome.samplesLog);
      if (args.json) stdout.write(JSON.stringify({ ...written.document, result_file: written.resultFile }, null, 2) + "\n");
      else stdout.write(runSummary(outcome.benchmarks, written.resultFile));
      const sandbox = sandboxLine(outcome.benchmarks);
      if (sandbox) stderr.write(sandbox + "\n");
      for (const line of failureMessages(outcome.benchmarks, written.resultFile, args.noCache === true)) stderr.write(line + "\n");
      return outcome.itemErrors ? 1 : 0;
    } catch (err) {
      if (err instanceof AssetError) {
        stderr.write(`workbench: eval: ${err.message}\n`);
        return 2;
      }
      throw err;
    } finally {
      process.off("SIGINT", onSignal);
      process.off("SIGTERM", onSignal);
      await store?.close();
      await target.close();
    }
  },
});
