// Finds and runs the reference llama-perplexity, and parses the figures it prints.
import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { findLlamaTool } from "../../src/target/llama-build.js";
import { DATA_DIR } from "../helpers/data-dir.js";

export { DATA_DIR };
export const MODELS_DIR = resolve(DATA_DIR, "../models");
export const model = (variant: string): string => join(MODELS_DIR, variant === "F32" ? "stories260K.gguf" : `stories260K-${variant}.gguf`);

/** Path of llama-perplexity (WORKBENCH_LLAMA_PERPLEXITY_BIN, else `workbench build-llama`'s build), or a sentence saying why there is none. */
export function findLlamaPerplexity(): { bin: string } | { why: string } {
  const env = process.env.WORKBENCH_LLAMA_PERPLEXITY_BIN;
  if (env) return existsSync(env) ? { bin: env } : { why: `WORKBENCH_LLAMA_PERPLEXITY_BIN=${env} does not exist` };
  const bin = findLlamaTool("llama-perplexity");
  return bin ? { bin } : { why: "llama-perplexity is not built (run `workbench build-llama`, or set WORKBENCH_LLAMA_PERPLEXITY_BIN)" };
}

/**
 * Run it; `complete` says whether the output is whole. llama.cpp logs from a worker thread, and under
 * load its last lines were seen missing from a finished run, so an incomplete output is rerun (3 tries).
 */
export function runLlamaPerplexity(bin: string, args: string[], complete: (out: string) => boolean = () => true): string {
  let out = "";
  for (let i = 0; i < 3; i++) {
    out = runOnce(bin, args);
    if (complete(out)) return out;
  }
  return out;
}

/**
 * llama.cpp v0.4.0 leaks its logger on purpose and never flushes it at exit (see common/log.cpp,
 * "logs may be lost if not flushed before the program exits"): on a loaded machine the summary at
 * the end of a run is lost. A tiny preloaded library holds the finished process for a moment at
 * exit so that the logger's thread can write it out. Built once per test process with the C
 * compiler the llama.cpp build needs; without one, runs are only retried.
 */
let holdAtExit: string | null | undefined;
function exitHold(): string | null {
  if (holdAtExit !== undefined) return holdAtExit;
  const dir = mkdtempSync(join(tmpdir(), "wb-exit-hold-"));
  writeFileSync(join(dir, "hold.c"), "#include <unistd.h>\n__attribute__((destructor)) static void hold(void) { usleep(500000); }\n");
  const cc = spawnSync("cc", ["-shared", "-fPIC", "-O2", "-o", join(dir, "hold.so"), join(dir, "hold.c")], { encoding: "utf8" });
  holdAtExit = cc.status === 0 ? join(dir, "hold.so") : null;
  return holdAtExit;
}

function runOnce(bin: string, args: string[]): string {
  // The log file gets every line too (written by the same logger): read it first.
  const logFile = join(mkdtempSync(join(tmpdir(), "wb-llama-ppl-")), "log.txt");
  const hold = exitHold();
  const env = hold ? { ...process.env, LD_PRELOAD: hold } : process.env;
  const r = spawnSync(bin, [...args, "--log-file", logFile], { encoding: "utf8", env, stdio: ["ignore", "pipe", "pipe"], maxBuffer: 64 << 20 });
  if (r.status !== 0) throw new Error(`llama-perplexity ${args.join(" ")} exited ${r.status}: ${(r.stderr ?? "").slice(-500)}`);
  const logged = existsSync(logFile) ? readFileSync(logFile, "utf8") : "";
  return `${logged}\n${r.stdout}${r.stderr}`;
}

function num(out: string, re: RegExp, what: string): number {
  const m = re.exec(out);
  if (!m) throw new Error(`llama-perplexity output has no ${what}`);
  return Number(m[1]);
}

/** "Final estimate: PPL = x +/- y" of a plain (or base-writing) run. */
export function parsePlain(out: string): { ppl: number; ppl_stderr: number } {
  const m = /Final estimate: PPL = ([\d.]+) \+\/- ([\d.]+)/.exec(out);
  if (!m) throw new Error("llama-perplexity output has no final PPL estimate");
  return { ppl: Number(m[1]), ppl_stderr: Number(m[2]) };
}

/** The summary block of a --kl-divergence run (percent figures as fractions). */
export function parseKl(out: string): Record<string, number> {
  const pm = (label: string): RegExp => new RegExp(`${label}\\s*:\\s*(-?[\\d.]+) ± +(-?[\\d.]+)`);
  const two = (label: string, what: string): [number, number] => {
    const m = pm(label).exec(out);
    if (!m) throw new Error(`llama-perplexity output has no ${what}: ${out.slice(-1500)}`);
    return [Number(m[1]), Number(m[2])];
  };
  const [pplQ, pplQU] = two("Mean PPL\\(Q\\)", "PPL(Q)");
  const [pplB, pplBU] = two("Mean PPL\\(base\\)", "PPL(base)");
  const [lnr, lnrU] = two("Mean ln\\(PPL\\(Q\\)/PPL\\(base\\)\\)", "ln ratio");
  const [kld, kldU] = two("Mean    KLD", "mean KLD");
  const [dp, dpU] = two("Mean    Δp", "mean dp");
  const [rms, rmsU] = two("RMS Δp    ", "RMS dp");
  const [same, sameU] = two("Same top p", "same top p");
  return {
    ppl_candidate: pplQ,
    ppl_candidate_stderr: pplQU,
    ppl_base: pplB,
    ppl_base_stderr: pplBU,
    ln_ppl_ratio: lnr,
    ln_ppl_ratio_stderr: lnrU,
    mean_kld: kld,
    kld_stderr: kldU,
    max_kld: num(out, /Maximum KLD:\s*([\d.]+)/, "max KLD"),
    p99_kld: num(out, /99\.0%\s+KLD:\s*([\d.]+)/, "p99 KLD"),
    p90_kld: num(out, /90\.0%\s+KLD:\s*([\d.]+)/, "p90 KLD"),
    median_kld: num(out, /Median\s+KLD:\s*([\d.]+)/, "median KLD"),
    mean_delta_p: dp / 100,
    delta_p_stderr: dpU / 100,
    rms_delta_p: rms / 100,
    rms_delta_p_stderr: rmsU / 100,
    same_top_p: same / 100,
    same_top_p_stderr: sameU / 100,
  };
}

/** The test corpus: the first n GSM8K test questions, one a line (built at test time, never committed). */
export function writeCorpus(path: string, n: number): void {
  const lines = readFileSync(join(DATA_DIR, "gsm8k", "test.jsonl"), "utf8").split("\n").filter(Boolean).slice(0, n);
  writeFileSync(path, lines.map((l) => (JSON.parse(l) as { question: string }).question).join("\n") + "\n");
}
