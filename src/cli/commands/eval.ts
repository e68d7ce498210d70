// `workbench eval`: run benchmarks against a running OpenAI-compatible (or llama.cpp) server and
// write evals/<date>_<model>_<benchmarks>.json plus its .samples.jsonl.
import { basename, dirname, join } from "node:path";
import { HTTP_PROTOCOLS } from "../../backends/index.js";
import { ServerUnreachableError } from "../../backends/discovery.js";
import { DEFAULT_BENCHMARKS, checkBenchmarkNames } from "../../benchmarks/registry.js";
import { loadPerplexityText, type LoadedText, type PerplexityRunOutcome } from "../../runner/perplexity.js";
import { loadAnswers } from "../../runner/perplexity-answers.js";
import { SCORER_CHOICES, type ScorerChoice } from "../../target/token-scorers.js";
import type { GenerationOverrides } from "../../runner/evaluate.js";
import { DEFAULT_RETRY } from "../../runner/retry.js";
import { parseShard } from "../../runner/shard.js";
import { outcomeSummary, runEval, startModelTarget, type EvalPlan } from "../../runner/run-eval.js";
import { connectToServer, type EvalTarget } from "../../target/connect.js";
import { connectToEndpoints, splitBaseUrls } from "../../target/endpoints.js";
import { checkOutputDir } from "../../results/output-path.js";
import { AssetError, checkDataDirOption } from "../../assets/resolve.js";
import { checkInputFile } from "../../util/input-file.js";
import { defineCommand, UsageError } from "../command.js";
import { handleInterrupts } from "../interrupt.js";
import { printable } from "../../util/printable.js";
import { ENGINE_CHOICES, type EngineChoice } from "../../target/autostart.js";
import { ServerStartError } from "../../target/managed-process.js";
import { ModelPathError } from "../../model/resolve-path.js";
import { GgufError } from "../../model/gguf.js";
import { parseJsonObjectFlag, parseServerArgs } from "../flag-values.js";
import { failureMessages, interruptedMessage, sandboxLine } from "../eval-messages.js";
import { progressStream } from "../progress-stream.js";
import { runSummary } from "../eval-summary.js";

const DEFAULT_TIMEOUT_S = 600;
/** Seconds the server may stay unreachable before a run stops. */
const DEFAULT_MAX_OUTAGE_S = 300;
const SANDBOX_MODES = ["auto", "bwrap", "basic"] as const;

export const DEFAULT_CTX = 512;
/** --perplexity-from without --ctx: prompt + answer up to this (or the model's trained context if less). */
const ANSWERS_MAX_CTX = 4096;

export function parseTopK(v: string | undefined): number | "all" | undefined {
  if (v === undefined) return undefined;
  if (v === "all") return "all";
  if (!/^[1-9][0-9]*$/.test(v)) throw new UsageError(`eval: --top-k: expected a positive integer or "all", got '${v}'`);
  return Number(v);
}

function perplexityLine(p: PerplexityRunOutcome): string {
  const m = p.metrics;
  const k = m.top_k === "all" ? "full distributions (exact)" : `top-${m.top_k} log-probs`;
  const g = p.result.generation;
  return (
    `${"perplexity".padEnd(10)} PPL ${m.ppl.toFixed(4)} ± ${m.ppl_stderr.toFixed(4)}  (${p.result.protocol === "answers" ? `${m.n_chunks} answers, the longest ${m.ctx} tokens` : `ctx ${m.ctx}, ${m.n_chunks} chunks`}, ${m.tokens_scored} tokens scored)\n` +
    `${"".padEnd(10)} scorer ${String(g.scorer)}, ${k}, ${(m.n_chunks * m.ctx / p.wall_s).toFixed(0)} tokens/s, ${p.wall_s.toFixed(1)} s\n`
  );
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
    maxOutage: { type: "number", min: 0, description: "Stop when the server stays unreachable this long (answers are kept; rerun to resume)", default: DEFAULT_MAX_OUTAGE_S, valueHint: "s" },
    retries: { type: "int", min: 0, max: 100, description: "Retries per request on connection errors, timeouts, 429 and 5xx", default: DEFAULT_RETRY.retries, valueHint: "n" },
    noCache: { type: "boolean", description: "Ignore stored responses (still record new ones)" },
    dataDir: { type: "string", description: "Directory holding <dataset>/<file> copies (else WORKBENCH_DATA_DIR)", valueHint: "dir" },
    sandbox: { type: "string", choices: SANDBOX_MODES, description: `HumanEval execution sandbox: ${SANDBOX_MODES.join("|")} (default auto: bwrap when it works)`, valueHint: "mode" },
    workers: { type: "int", min: 1, max: 4096, description: "HumanEval sandbox workers: programs run side by side (default: one per CPU, at most 32)", valueHint: "n" },
    python: { type: "string", description: "Interpreter for HumanEval's samples, e.g. a venv's bin/python (else WORKBENCH_PYTHON, else /usr/bin/python3, else python3 on PATH)", valueHint: "path" },
    shard: { type: "string", description: "Run only shard I of N of every benchmark's items (deterministic by item id; join with `workbench merge`)", valueHint: "I/N" },
    ifevalInput: { type: "string", description: "IFEval prompts file to use instead of the current input_data.jsonl", valueHint: "file" },
    threads: { type: "int", min: 1, max: 1024, description: "With --model: CPU threads for the started engine (default: physical cores; embedded: one fewer)", valueHint: "n" },
    perplexityText: { type: "string", description: "perplexity: the text to score (default: the wikitext-2-raw test split through the data dir / cache / download)", valueHint: "file" },
    perplexityFrom: { type: "string", description: "perplexity: score a previous run's own answers instead of a text (its result file; completion-mode runs): each after its prompt, only the answer tokens", valueHint: "result.json" },
    ctx: { type: "int", min: 4, max: 1_048_576, description: `perplexity: tokens per chunk (default ${DEFAULT_CTX}); the second half of each chunk is scored`, valueHint: "n" },
    topK: { type: "string", description: "perplexity: log-probs kept per position: K or all (default: all for vocabularies up to 2,048 on the embedded scorer, else 32; servers 20)", valueHint: "k|all" },
    scorer: { type: "string", choices: SCORER_CHOICES, description: "perplexity: auto (embedded for a GGUF --model, else the running server's API) | embedded | llama-server | vllm | sglang", valueHint: "kind" },
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
    const names = checkBenchmarkNames(args.benchmark ?? (args.perplexityFrom !== undefined ? ["perplexity"] : DEFAULT_BENCHMARKS));
    const wantPpl = names.includes("perplexity");
    checkOutputDir("eval", "--out", args.out);
    checkDataDirOption("eval", args.dataDir);
    if (!wantPpl) {
      const stray = (["perplexityText", "perplexityFrom", "ctx", "topK", "scorer"] as const).find((k) => args[k] !== undefined);
      if (stray) throw new UsageError(`eval: --${stray.replace(/[A-Z]/g, (c) => "-" + c.toLowerCase())} is a perplexity option; add --benchmark perplexity`);
    }
    const topK = parseTopK(args.topK);
    const ctx = args.ctx ?? DEFAULT_CTX;
    // The text is read (and refused) before any model is loaded or server started.
    if (args.perplexityFrom !== undefined && args.perplexityText !== undefined) throw new UsageError("eval: give --perplexity-text or --perplexity-from, not both");
    const answers = wantPpl && args.perplexityFrom !== undefined ? loadAnswers(args.perplexityFrom) : null;
    const pplText: LoadedText | null = wantPpl && !answers ? await loadPerplexityText({ file: args.perplexityText, dataDir: args.dataDir }) : null;
    checkInputFile("eval", "--ifeval-input", args.ifevalInput);
    const progress = args.quiet ? undefined : progressStream("eval", process.stderr);
    const { limit, concurrency, samples } = args;
    const serverArgs = parseServerArgs("eval", args.serverArgs);
    const shard = args.shard !== undefined ? parseShard(args.shard, "eval: --shard") : undefined;
    const timeoutS = args.timeout;
    const retries = args.retries;
    const overrides: GenerationOverrides = {
      max_tokens: args.maxTokens,
      temperature: args.temperature,
      top_p: args.topP,
      seed: args.seed,
      extra: parseJsonObjectFlag("eval", "gen-kwargs", args.genKwargs),
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
    const apiKey = process.env.WORKBENCH_API_KEY ?? process.env.OPENAI_API_KEY;
    const plan: EvalPlan = {
      benchmarks: names,
      benchmarkOptions,
      limit,
      dataDir: args.dataDir,
      overrides,
      systemPrompt: args.systemPrompt,
      samples,
      shard,
      timeoutS,
      retries,
      noCache: args.noCache ?? false,
      out: args.out,
      maxOutageS: args.maxOutage,
      ...(pplText || answers
        ? {
            perplexity: {
              ...(answers ? { answers, ctxGiven: args.ctx !== undefined } : { text: pplText! }),
              ctx: answers && args.ctx === undefined ? ANSWERS_MAX_CTX : ctx,
              scorer: (args.scorer ?? "auto") as ScorerChoice,
              ...(topK !== undefined ? { topK } : {}),
              ...(args.model !== undefined ? { modelPath: args.model } : {}),
              ...(autostarting ? {} : { baseUrl }),
              ...(args.threads !== undefined ? { threads: args.threads } : {}),
              ...(concurrency !== undefined ? { concurrency } : {}),
              ...(apiKey ? { apiKey } : {}),
            },
          }
        : {}),
    };
    let target: EvalTarget;
    try {
      if (args.model !== undefined) {
        target = await startModelTarget(
          {
            ...(args.threads !== undefined ? { threads: args.threads } : {}),
            modelPath: args.model,
            engine: args.engine as EngineChoice,
            autostart: autostarting,
            port,
            baseUrl: args.port === undefined ? args.baseUrl?.[0] : undefined,
            serverArgs,
            concurrency,
            modelName: args.modelName,
            backendKind: args.backend,
            apiKey,
          },
          plan,
        );
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
    const interrupts = handleInterrupts(stderr);
    // A server started for the run that dies mid-run ends the run at once: retries cannot bring it back.
    let lostReason: string | null = null;
    void target.lost?.then((why) => {
      lostReason = why;
      interrupts.abort();
    });
    try {
      const run = await runEval(target, plan, { progress, signal: interrupts.signal, autostarted: autostarting, warn: (line) => stderr.write(`workbench: eval: ${line}\n`) });
      if (run.cancelled && run.stopped) {
        stderr.write(`workbench: eval: ${printable(run.stopped.reason, { oneLine: true })}\n`);
        return run.stopped.exitCode;
      }
      if (run.cancelled && lostReason) {
        stderr.write(`workbench: eval: ${lostReason}; the answers so far are kept in the response store; rerun the same command to resume\n`);
        return 1;
      }
      if (run.cancelled) {
        stderr.write(interruptedMessage(args.noCache === true) + "\n");
        return interrupts.exitCode();
      }
      const { outcome } = run;
      if (args.json) stdout.write(JSON.stringify({ ...run.document, result_file: run.resultFile }, null, 2) + "\n");
      else stdout.write((run.perplexity ? perplexityLine(run.perplexity) : "") + runSummary(outcome.benchmarks, run.resultFile));
      const sandbox = sandboxLine(outcome.benchmarks);
      if (sandbox) stderr.write(sandbox + "\n");
      for (const line of failureMessages(outcome.benchmarks, run.resultFile, args.noCache === true)) stderr.write(line + "\n");
      return outcome.itemErrors ? 1 : 0;
    } catch (err) {
      if (err instanceof AssetError) {
        stderr.write(`workbench: eval: ${err.message}\n`);
        return 2;
      }
      throw err;
    } finally {
      interrupts.dispose();
      await target.close();
    }
  },
});
