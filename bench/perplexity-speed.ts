// Scoring throughput of our embedded perplexity run vs llama-perplexity, side by side in one run:
// same model, text (GSM8K test questions, built here), ctx and threads. Prints tokens/s of each and the
// ratio (target >= 0.8x), the sidecar bytes per 1,000 scored tokens for each storage, and the top-K
// estimator's bias against the exact KLD on one quantized pair.
// Run: WORKBENCH_DATA_DIR=../shared/datasets node --import tsx bench/perplexity-speed.ts
//      [--model F32|Q8_0|...] [--ctx 256] [--threads 1] [--questions 60]
import { mkdtempSync, readFileSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createEmbeddedTokenScorer } from "../src/target/embedded-token-scorer.js";
import { scorePerplexity } from "../src/benchmarks/perplexity/score.js";
import { textFromFile } from "../src/benchmarks/perplexity/protocol.js";
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
  for (let round = 0; round < 2; round++) {
    {
      const a = await ours();
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
