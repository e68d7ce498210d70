// The comparison of a sweep: every variant with a result against the baseline, through the same
// path as `workbench compare` (so whatever compare reports for a benchmark, such as the drift of a
// perplexity run, appears here too), labelled with the variants' names.
import { AlignmentError } from "../compare/align.js";
import { compareRuns, DEFAULT_OPTIONS } from "../compare/compare-runs.js";
import { loadRuns } from "../compare/load.js";
import type { ComparisonReport, CompareOptions } from "../compare/types.js";
import { ResultFileError } from "../results/schema.js";
import type { VariantOutcome } from "./run-sweep.js";

export type LadderComparison = { report: ComparisonReport; error?: undefined } | { report: null; error: string };

/** Compare the variants that have a result with the first (the baseline); `error` says why there is no comparison. */
export function compareLadder(results: VariantOutcome[], opts: Partial<CompareOptions> = {}): LadderComparison {
  const [base, ...rest] = results;
  if (!base?.resultFile) return { report: null, error: `the baseline ${base?.variant.name ?? ""} has no result (${base?.error ?? "not run"}), so nothing can be compared` };
  const cands = rest.filter((r) => r.resultFile);
  if (!cands.length) return { report: null, error: "no other variant has a result to compare with the baseline" };
  const withFiles = [base, ...cands];
  try {
    const runs = loadRuns(withFiles.map((r) => r.resultFile!)).map((run, i) => ({ ...run, label: withFiles[i]!.variant.name }));
    const report = compareRuns(runs[0]!, runs.slice(1), { ...DEFAULT_OPTIONS, ...opts, margin_explicit: opts.margin !== undefined });
    return { report };
  } catch (err) {
    if (err instanceof ResultFileError || err instanceof AlignmentError) return { report: null, error: err.message };
    throw err;
  }
}
