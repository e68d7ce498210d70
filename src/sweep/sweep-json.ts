// The machine-readable record of a sweep (`<out>/sweep-<date>.json`, and `sweep --json`): which
// baseline was chosen and why, what happened to each variant and where its result is, and the
// comparison in the format of `compare --json`.
import { closeSync, existsSync, openSync, readSync } from "node:fs";
import { join } from "node:path";
import { reportJson } from "../compare/report-json.js";
import { localDate } from "../results/result-files.js";
import { writeFileAtomicNew } from "../util/atomic-write.js";
import type { EvalPlan } from "../runner/run-eval.js";
import type { LadderComparison } from "./compare-ladder.js";
import { PRECISION_ORDER } from "./precision.js";
import type { LadderRun } from "./run-sweep.js";

export const SWEEP_FORMAT_VERSION = 1;

export function sweepJson(run: LadderRun, cmp: LadderComparison, o: { baselineReason: string; plan: EvalPlan; engine: string; now?: Date }) {
  const base = run.variants[0]!.variant;
  return {
    format: "workbench-sweep",
    format_version: SWEEP_FORMAT_VERSION,
    timestamp: (o.now ?? new Date()).toISOString(),
    baseline: { variant: base.name, input: base.input, quantization: base.kind === "file" ? base.model.quantization : null, reason: o.baselineReason },
    precision_order: PRECISION_ORDER.map((tier) => tier.join(" = ")),
    settings: {
      benchmarks: o.plan.benchmarks,
      limit: o.plan.limit ?? null,
      samples: o.plan.samples ?? null,
      overrides: Object.fromEntries(Object.entries(o.plan.overrides).filter(([, v]) => v !== undefined)),
      engine: o.engine,
      out: o.plan.out,
      cache: !o.plan.noCache,
      ...(o.plan.perplexity
        ? { perplexity: { text: o.plan.perplexity.text?.name ?? null, text_sha256: o.plan.perplexity.text?.sha256 ?? null, ctx: o.plan.perplexity.ctx, top_k: o.plan.perplexity.topK ?? null, scorer: o.plan.perplexity.scorer } }
        : {}),
    },
    variants: run.variants.map((r) => ({
      name: r.variant.name,
      input: r.variant.input,
      kind: r.variant.kind,
      ...(r.variant.kind === "file"
        ? { path: r.variant.model.path, quantization: r.variant.model.quantization, size_bytes: r.variant.model.size_bytes, fingerprint: r.variant.model.fingerprint }
        : { url: r.variant.url }),
      status: r.status,
      result_file: r.resultFile ?? null,
      ...(r.error !== undefined ? { error: r.error } : {}),
      requests: r.requests,
      cached: r.cached,
      item_errors: r.itemErrors,
    })),
    interrupted: run.cancelled,
    comparison: cmp.report ? reportJson(cmp.report, { failOnRegression: false }) : null,
    ...(cmp.error !== undefined ? { comparison_error: cmp.error } : {}),
  };
}

/** Write `<out>/sweep-<date>.json` (then `_2`, `_3`... : never over an earlier one); returns the path. */
export function writeSweepJson(outDir: string, doc: unknown, now = new Date()): string {
  const text = JSON.stringify(doc, null, 2) + "\n";
  for (let i = 1; i < 10_000; i++) {
    const file = join(outDir, `sweep-${localDate(now)}${i === 1 ? "" : `_${i}`}.json`);
    if (existsSync(file)) continue;
    try {
      writeFileAtomicNew(file, text);
      return file;
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== "EEXIST") throw err;
    }
  }
  throw new Error(`${outDir}: no free name for sweep-${localDate(now)}.json`);
}

/** An HTML report this tool wrote earlier (a rerun of the sweep replaces it). */
export function isWorkbenchReport(file: string): boolean {
  let fd: number;
  try {
    fd = openSync(file, "r");
  } catch {
    return false;
  }
  try {
    const buf = Buffer.alloc(4096);
    const n = readSync(fd, buf, 0, buf.length, 0);
    return buf.subarray(0, n).toString("utf8").includes("<title>workbench compare:");
  } catch {
    return false;
  } finally {
    closeSync(fd);
  }
}
