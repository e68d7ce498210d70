// `workbench sweep`: evaluate every variant of a quantization ladder (one engine at a time), compare
// each with the baseline, and write the result files, a sweep-<date>.json and optionally the HTML report.
import { DEFAULT_BENCHMARKS, checkBenchmarkNames } from "../../benchmarks/registry.js";
import type { GenerationOverrides } from "../../runner/evaluate.js";
import { checkOutputDir, checkOutputFile } from "../../results/output-path.js";
import { checkDataDirOption } from "../../assets/resolve.js";
import { DEFAULT_OPTIONS } from "../../compare/compare-runs.js";
import { reportHtml } from "../../compare/report-html.js";
import { summaryBlock } from "../../compare/report-markdown.js";
import { matrixLines } from "../../compare/report-text.js";
import { sizeText } from "../../compare/report/summary.js";
import { renderTable } from "../../compare/table.js";
import { writeFileAtomic } from "../../util/atomic-write.js";
import type { EngineChoice } from "../../target/autostart.js";
import { readLadder, type Variant } from "../../sweep/variants.js";
import { runLadder, type LadderRun } from "../../sweep/run-sweep.js";
import { compareLadder, type LadderComparison } from "../../sweep/compare-ladder.js";
import { isWorkbenchReport, sweepJson, writeSweepJson } from "../../sweep/sweep-json.js";
import { handleInterrupts } from "../interrupt.js";
import { defineCommand, UsageError } from "../command.js";
import { parseJsonObjectFlag, parseServerArgs } from "../flag-values.js";
import evalCommand, { DEFAULT_CTX, parseTopK } from "./eval.js";
import { generationBenchmarks, type EvalPlan, type PerplexityPlan } from "../../runner/run-eval.js";
import { loadPerplexityText } from "../../runner/perplexity.js";
import type { ScorerChoice } from "../../target/token-scorers.js";

const E = evalCommand.args;

/** Context per slot of each auto-started GGUF, measured now so that a prompt that cannot fit stops the sweep before anything starts. */
async function planContexts(variants: Variant[], plan: EvalPlan): Promise<Map<string, number>> {
  const { planModelContext } = await import("../../runner/model-context.js");
  const out = new Map<string, number>();
  const generated = generationBenchmarks(plan);
  if (generated.length === 0) return out;
  for (const v of variants) {
    if (v.kind !== "file") continue;
    try {
      const p = await planModelContext({
        modelPath: v.model.path,
        benchmarks: generated,
        options: plan.benchmarkOptions,
        dataDir: plan.dataDir,
        limit: plan.limit,
        systemPrompt: plan.systemPrompt,
        maxTokens: plan.overrides.max_tokens,
      });
      if (p) out.set(v.name, p.per_slot);
    } catch (err) {
      if (err instanceof UsageError) throw err;
      throw new UsageError(`sweep: --model ${v.input}: cannot read its tokenizer (${(err as Error).message.split("\n")[0]})`);
    }
  }
  return out;
}

function variantTable(run: LadderRun): string[] {
  const rows = run.variants.map((r, i) => {
    const v = r.variant;
    const quant = v.kind === "file" ? v.model.quantization : "server";
    const size = v.kind === "file" ? sizeText(v.model.size_bytes) : "";
    const what = r.resultFile ?? `${r.error ?? ""}`;
    return [`${v.name}${i === 0 ? " (baseline)" : ""}`, quant, size, r.status, what];
  });
  return renderTable(["variant", "quant", "size", "status", "result"], rows, ["l", "l", "r", "l", "l"], "  ");
}

function terminalReport(run: LadderRun, cmp: LadderComparison, baselineReason: string): string {
  const out = [`Sweep: ${run.variants.length} variants; baseline ${run.variants[0]!.variant.name} (${baselineReason})`, "", ...variantTable(run)];
  if (cmp.report) {
    if (cmp.report.candidates.length > 1) out.push(...matrixLines(cmp.report));
    out.push(...summaryBlock(cmp.report));
  } else out.push("", `No comparison: ${cmp.error}`);
  return out.join("\n") + "\n";
}

/**
 * The perplexity part of the plan, shared by every variant (each scores with its own model file or
 * server; run-sweep.ts fills that in). The text is read, and refused, before anything starts.
 */
async function perplexityPlan(
  names: string[],
  args: { perplexityText?: string; ctx?: number; topK?: string; scorer?: string; dataDir?: string; threads?: number; concurrency?: number },
): Promise<PerplexityPlan | null> {
  if (!names.includes("perplexity")) {
    const stray = (["perplexityText", "ctx", "topK", "scorer"] as const).find((k) => args[k] !== undefined);
    if (stray) throw new UsageError(`sweep: --${stray.replace(/[A-Z]/g, (c) => "-" + c.toLowerCase())} is a perplexity option; add --benchmark perplexity`);
    return null;
  }
  let topK: number | "all" | undefined;
  try {
    topK = parseTopK(args.topK);
  } catch (err) {
    throw err instanceof UsageError ? new UsageError(err.message.replace(/^eval: /, "sweep: ")) : err;
  }
  const text = await loadPerplexityText({ file: args.perplexityText, dataDir: args.dataDir });
  const apiKey = process.env.WORKBENCH_API_KEY ?? process.env.OPENAI_API_KEY;
  return {
    text,
    ctx: args.ctx ?? DEFAULT_CTX,
    scorer: (args.scorer ?? "auto") as ScorerChoice,
    ...(topK !== undefined ? { topK } : {}),
    ...(args.threads !== undefined ? { threads: args.threads } : {}),
    ...(args.concurrency !== undefined ? { concurrency: args.concurrency } : {}),
    ...(apiKey ? { apiKey } : {}),
  };
}

export default defineCommand({
  meta: {
    name: "sweep",
    description:
      "Evaluate each variant of a model (model files, auto-started one at a time, or name=URL servers you run), then compare every variant with the baseline " +
      "(default: the highest precision by recorded quantization). A rerun reuses the finished variants in --out and the response store.",
    usage: "workbench sweep --model A.gguf B.gguf [C.gguf ...] [--baseline A.gguf] [--benchmark ifeval humaneval] [--html report.html] [--out evals] [options]",
    examples: [
      "workbench sweep --model ~/models/Qwen3-8B-BF16.gguf ~/models/Qwen3-8B-Q8_0.gguf ~/models/Qwen3-8B-Q4_K_M.gguf --html ladder.html",
      "workbench sweep --model m-F16.gguf m-Q4_0.gguf --engine embedded --benchmark ifeval --limit 50 --max-tokens 512 --out evals/ladder",
      "workbench sweep --model bf16=http://gpu1:8000/v1 fp8=http://gpu2:8000/v1 --baseline bf16 --json",
    ],
  },
  args: {
    model: { type: "string", multiple: true, required: true, description: "The variants: model files or directories, or name=URL of a running server (one per variant)", valueHint: "path|name=url" },
    baseline: { type: "string", description: "The variant the others are compared with (name, path or URL; a path not in --model is added); default: the highest precision", valueHint: "variant" },
    benchmark: { type: "string", multiple: true, description: `Benchmarks to run (default: ${DEFAULT_BENCHMARKS.join(" ")})`, valueHint: "name" },
    html: { type: "string", description: "Write the HTML report (the one of compare --html); a report written earlier is replaced, another file only with --force", valueHint: "file" },
    force: { type: "boolean", description: "Let --html replace a file that is not a workbench report" },
    out: { type: "string", description: "Output directory of the result files and sweep-<date>.json", default: "evals", valueHint: "dir" },
    json: { type: "boolean", description: "Print the sweep JSON (variants, baseline, comparison) on stdout" },
    engine: E.engine,
    serverArgs: E.serverArgs,
    threads: E.threads,
    concurrency: E.concurrency,
    backend: { ...E.backend, description: `API of the name=URL servers: ${E.backend.choices!.join("|")}` },
    limit: E.limit,
    maxTokens: E.maxTokens,
    temperature: E.temperature,
    topP: E.topP,
    seed: E.seed,
    systemPrompt: E.systemPrompt,
    genKwargs: E.genKwargs,
    samples: E.samples,
    timeout: E.timeout,
    maxOutage: E.maxOutage,
    retries: E.retries,
    noCache: { type: "boolean", description: "Evaluate every variant again, ignoring finished results and stored responses (new ones are still recorded)" },
    dataDir: E.dataDir,
    sandbox: E.sandbox,
    workers: E.workers,
    perplexityText: E.perplexityText,
    ctx: E.ctx,
    topK: E.topK,
    scorer: E.scorer,
    margin: { type: "number", min: 0, description: `Non-inferiority margin in points (default ${DEFAULT_OPTIONS.margin})`, valueHint: "points" },
    alpha: { type: "number", min: 0, max: 1, minExclusive: true, maxExclusive: true, description: "Significance level of the comparison", default: DEFAULT_OPTIONS.alpha, valueHint: "p" },
  },
  async run({ args, stdout, stderr }) {
    const names = checkBenchmarkNames(args.benchmark ?? DEFAULT_BENCHMARKS);
    checkOutputDir("sweep", "--out", args.out);
    checkDataDirOption("sweep", args.dataDir);
    if (args.html) checkOutputFile("sweep", "--html", args.html, { force: args.force || isWorkbenchReport(args.html) });
    const serverArgs = parseServerArgs("sweep", args.serverArgs);
    const perplexity = await perplexityPlan(names, args);
    const overrides: GenerationOverrides = {
      max_tokens: args.maxTokens,
      temperature: args.temperature,
      top_p: args.topP,
      seed: args.seed,
      extra: parseJsonObjectFlag("sweep", "gen-kwargs", args.genKwargs),
    };
    const plan: EvalPlan = {
      benchmarks: names,
      benchmarkOptions: { humaneval: { sandbox: args.sandbox, workers: args.workers } },
      limit: args.limit,
      dataDir: args.dataDir,
      overrides,
      systemPrompt: args.systemPrompt,
      samples: args.samples,
      timeoutS: args.timeout,
      retries: args.retries,
      noCache: args.noCache ?? false,
      out: args.out,
      maxOutageS: args.maxOutage,
      ...(perplexity ? { perplexity } : {}),
    };
    const ladder = readLadder(args.model, args.baseline);
    const contextSize = await planContexts(ladder.variants, plan);
    stderr.write(`workbench: sweep: baseline ${ladder.variants[0]!.name}: ${ladder.baselineReason}\n`);

    // Ctrl-C / SIGTERM: the current variant stops cleanly (answers kept, engine stopped), the rest are not run.
    const interrupts = handleInterrupts(stderr);
    let run: LadderRun;
    try {
      run = await runLadder(ladder.variants, {
        plan,
        engine: args.engine as EngineChoice,
        serverArgs,
        backendKind: args.backend,
        contextSize,
        ...(args.threads !== undefined ? { threads: args.threads } : {}),
        ...(args.concurrency !== undefined ? { concurrency: args.concurrency } : {}),
        ...(process.env.WORKBENCH_API_KEY ?? process.env.OPENAI_API_KEY ? { apiKey: process.env.WORKBENCH_API_KEY ?? process.env.OPENAI_API_KEY } : {}),
        progress: process.stderr,
        signal: interrupts.signal,
        log: (line) => stderr.write(`workbench: sweep: ${line}\n`),
      });
    } finally {
      interrupts.dispose();
    }

    const cmp = compareLadder(run.variants, { alpha: args.alpha, ...(args.margin !== undefined ? { margin: args.margin } : {}) });
    const doc = sweepJson(run, cmp, { baselineReason: ladder.baselineReason, plan, engine: args.engine });
    const sweepFile = writeSweepJson(args.out, doc);
    const notes = args.json ? stderr : stdout;
    if (args.json) stdout.write(JSON.stringify(doc, null, 2) + "\n");
    else stdout.write(terminalReport(run, cmp, ladder.baselineReason));
    notes.write(`${args.json ? "" : "\n"}wrote ${sweepFile}\n`);
    if (cmp.report && args.html) {
      writeFileAtomic(args.html, await reportHtml(cmp.report));
      notes.write(`wrote ${args.html}\n`);
    }
    const failed = run.variants.filter((r) => r.status === "failed");
    const withErrors = run.variants.filter((r) => r.itemErrors > 0);
    for (const r of failed) stderr.write(`workbench: sweep: ${r.variant.name} failed: ${r.error}\n`);
    for (const r of withErrors) stderr.write(`workbench: sweep: ${r.variant.name}: ${r.itemErrors} item(s) failed (see "error" in ${r.resultFile}); rerun to retry them\n`);
    if (!cmp.report) stderr.write(`workbench: sweep: no comparison: ${cmp.error}\n`);
    if (run.cancelled) return interrupts.exitCode();
    return failed.length || withErrors.length || !cmp.report ? 1 : 0;
  },
});
