// Scoring throughput of our embedded perplexity run vs llama-perplexity, side by side in one run:
// same model, text (GSM8K test questions, built here), ctx and threads. Prints tokens/s of each and the
// ratio (target >= 0.8x), the sidecar bytes per 1,000 scored tokens for each storage, and the top-K
// estimator's bias against the exact KLD on one quantized pair. Where the time goes: the engine's
// decode alone (the same chunks evaluated without asking for distributions), and every other build of
// llama-perplexity of the same commit found beside the reference (e.g. a -zen4 build with AVX-512),
// since the CPU kernels the build uses decide most of the speed (node-llama-cpp loads its AVX-512
// variant on a CPU that has it).
// Run: WORKBENCH_DATA_DIR=../shared/datasets node --import tsx bench/perplexity-speed.ts
//      [--model F32|Q8_0|...] [--ctx 256] [--threads 1] [--questions 60]
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { basename, dirname, join } from "node:path";
import { createEmbeddedTokenScorer } from "../src/target/embedded-token-scorer.js";
import { scorePerplexity } from "../src/benchmarks/perplexity/score.js";
import { chunkInput, planChunks, textFromFile } from "../src/benchmarks/perplexity/protocol.js";
import { computeDrift } from "../src/compare/drift.js";
import { findLlamaPerplexity, model, parsePlain, runLlamaPerplexity, writeCorpus } from "../test/perplexity/llama-reference.js";

const arg = (name: string, dflt: string): string => {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1]! : dflt;
};
const variant = arg("model", "F32");
const ctx = Number(arg("ctx", "256"));
const threads = Number(arg("threads", "1"));
const questions = Number(arg("questions", "60"));

const dir = mkdtempSync(join(tmpdir(), "wb-ppl-bench-"));
try {
  const corpus = join(dir, "corpus.txt");
  writeCorpus(corpus, questions);
  const text = textFromFile(readFileSync(corpus, "utf8"));
  const found = findLlamaPerplexity();

  const ours = async (sidecar?: string, topK: number | "all" = "all", fullStorage: "f32" | "u16" = "f32", m = variant) => {
    const scorer = await createEmbeddedTokenScorer({ modelPath: model(m), ctx, threads });
    try {
      const t0 = performance.now();
      const r = await scorePerplexity(scorer, { text, ctx, topK, fullStorage, ...(sidecar ? { sidecarPath: sidecar } : {}) });
      const s = (performance.now() - t0) / 1000;
      return { s, tokens: r.metrics.n_chunks * ctx, ppl: r.metrics.ppl, scored: r.metrics.tokens_scored };
    } finally {
      await scorer.close();
    }
  };
  const ref = (): { s: number; ppl: number } => {
    if ("why" in found) throw new Error(found.why);
    const t0 = performance.now();
    const out = runLlamaPerplexity(found.bin, ["-m", model(variant), "-f", corpus, "-c", String(ctx), "-t", String(threads)], (o) => o.includes("Final estimate"));
    return { s: (performance.now() - t0) / 1000, ppl: parsePlain(out).ppl };
  };

  console.log(`model ${variant}, ctx ${ctx}, threads ${threads}, ${questions} GSM8K questions`);
  let oursS = 0;
  for (let round = 0; round < 2; round++) {
    {
      const a = await ours();
      oursS = a.s;
      const b = "why" in found ? null : ref();
      const oursTps = a.tokens / a.s;
      const line = `ours: ${a.tokens} tokens in ${a.s.toFixed(2)} s = ${oursTps.toFixed(0)} tok/s, PPL ${a.ppl.toFixed(4)}`;
      if (!b) console.log(`${line}; llama-perplexity: ${(found as { why: string }).why}`);
      else {
        const refTps = a.tokens / b.s;
        console.log(`${line} | llama-perplexity: ${b.s.toFixed(2)} s = ${refTps.toFixed(0)} tok/s (process wall time, load included), PPL ${b.ppl.toFixed(4)} | ratio ${(oursTps / refTps).toFixed(2)}x`);
      }
    }
  }

  // The decode alone: node-llama-cpp evaluating the same chunks without returning any distribution.
  {
    const { getLlama, LlamaLogLevel } = await import("node-llama-cpp");
    const llama = await getLlama({ gpu: false, build: "never", logLevel: LlamaLogLevel.error, progressLogs: false });
    const m = await llama.loadModel({ modelPath: model(variant) });
    const c = await m.createContext({ contextSize: ctx, batchSize: ctx, sequences: 1, threads: { ideal: threads, min: threads } });
    const seq = c.getSequence();
    const toks = Array.from(m.tokenize(text, false) as unknown as Iterable<number>);
    const plan = planChunks(m.tokens.bos != null ? [m.tokens.bos, ...toks] : toks, ctx, m.tokens.bos ?? null);
    const t0 = performance.now();
    for (let i = 0; i < plan.nChunks; i++) {
      await seq.clearHistory();
      await seq.evaluateWithoutGeneratingNewTokens(chunkInput(plan, i) as never);
    }
    const s = (performance.now() - t0) / 1000;
    console.log(`decode only (node-llama-cpp, no distributions): ${plan.nChunks * ctx} tokens in ${s.toFixed(2)} s = ${((plan.nChunks * ctx) / s).toFixed(0)} tok/s; CPU backend: ${/CPU : ([^\n]*)/.exec(llama.systemInfo)?.[1]?.trim() ?? "?"}`);
    await c.dispose();
    await m.dispose();
  }
  // Other builds of the reference at the same commit (siblings named <commit>-<variant>).
  if (!("why" in found)) {
    const buildRoot = dirname(dirname(dirname(dirname(found.bin))));
    const commit = basename(dirname(dirname(dirname(found.bin))));
    for (const d of readdirSync(buildRoot).filter((n) => n.startsWith(`${commit}-`))) {
      const bin = join(buildRoot, d, "build", "bin", "llama-perplexity");
      if (!existsSync(bin)) continue;
      const t0 = performance.now();
      const out = runLlamaPerplexity(bin, ["-m", model(variant), "-f", corpus, "-c", String(ctx), "-t", String(threads)], (o) => o.includes("Final estimate"));
      const s = (performance.now() - t0) / 1000;
      const features = /system_info: [^|]*\| CPU : ([^\n]*)/.exec(out)?.[1]?.trim() ?? "?";
      console.log(`llama-perplexity build ${d}: ${s.toFixed(2)} s, PPL ${parsePlain(out).ppl.toFixed(4)} | ours/this build ${(s / oursS).toFixed(2)}x; CPU: ${features}`);
    }
  }

  // Sidecar size per 1,000 scored tokens, and the top-K estimator's bias against the exact KLD (F32 vs Q4_0).
  const sizes: string[] = [];
  for (const [name, topK, st] of [["full f32", "all", "f32"], ["full u16", "all", "u16"], ["top-20", 20, "f32"], ["top-5", 5, "f32"]] as const) {
    const f = join(dir, `F32.${name.replace(/\W/g, "")}`);
    const r = await ours(f, topK, st, "F32");
    sizes.push(`${name}: ${((statSync(f).size / r.scored) * 1000 / 1e6).toFixed(3)} MB per 1,000 scored tokens (${statSync(f).size} bytes for ${r.scored})`);
    const c = join(dir, `Q4_0.${name.replace(/\W/g, "")}`);
    await ours(c, topK, st, "Q4_0");
  }
  console.log(sizes.join("\n"));
  const exact = computeDrift(join(dir, "F32.fullf32"), join(dir, "Q4_0.fullf32"));
  for (const name of ["fullu16", "top20", "top5"]) {
    const d = computeDrift(join(dir, `F32.${name}`), join(dir, `Q4_0.${name}`));
    console.log(`Q4_0 vs F32, ${name}: mean KLD ${d.mean_kld.toFixed(6)} vs exact ${exact.mean_kld.toFixed(6)} (${(100 * (d.mean_kld / exact.mean_kld - 1)).toFixed(1)} %), same top ${(100 * d.same_top_p).toFixed(2)} vs ${(100 * exact.same_top_p).toFixed(2)} %`);
  }
} finally {
  rmSync(dir, { recursive: true, force: true });
}
