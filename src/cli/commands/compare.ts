import { defineCommand, UsageError } from "../command.js";
import { ResultFileError } from "../../results/schema.js";
import { AlignmentError } from "../../compare/align.js";
import { compareRuns, DEFAULT_OPTIONS, gateFailures } from "../../compare/compare-runs.js";
import { loadRuns } from "../../compare/load.js";
import { reportHtml } from "../../compare/report-html.js";
import { reportJson } from "../../compare/report-json.js";
import { reportText } from "../../compare/report-text.js";
import { writeFileAtomic, writeFileAtomicNew } from "../../util/atomic-write.js";
import { checkOutputFile } from "../../results/output-path.js";
import { printable } from "../../util/printable.js";

export default defineCommand({
  meta: {
    name: "compare",
    description:
      "Compare result files with paired statistics: per benchmark and metric the delta in points, its paired bootstrap 95% CI, " +
      "the exact McNemar p-value, the items that flipped, and a verdict (better / worse / non-inferior / inconclusive).",
    usage: "workbench compare BASELINE.json CANDIDATE.json [CANDIDATE2.json ...] [options]",
    examples: [
      "workbench compare evals/fp16.json evals/q4_k_m.json",
      "workbench compare evals/fp16.json evals/fp8.json evals/q8_0.json evals/q4_k_m.json --html report.html",
      "workbench compare evals/fp16.json evals/q4.json --baseline-rerun evals/fp16-rerun.json --margin 1 --fail-on-regression",
    ],
  },
  args: {
    baselineRerun: { type: "string", description: "A second run of the baseline model: its flips give the noise floor", valueHint: "file" },
    margin: {
      type: "number",
      min: 0,
      description: `Non-inferiority margin in points (default ${DEFAULT_OPTIONS.margin}); given explicitly, --fail-on-regression also fails when not non-inferior`,
      valueHint: "points",
    },
    alpha: {
      type: "number",
      min: 0,
      max: 1,
      minExclusive: true,
      maxExclusive: true,
      description: "Significance level (the verdict uses the 1 - alpha interval)",
      valueHint: "p",
      default: DEFAULT_OPTIONS.alpha,
    },
    json: { type: "boolean", description: "Print machine-readable JSON instead of tables" },
    html: { type: "string", description: "Write a self-contained HTML report (refuses to overwrite without --force)", valueHint: "file" },
    force: { type: "boolean", description: "Let --html replace an existing file" },
    failOnRegression: { type: "boolean", description: "Exit 1 when a candidate is worse (with an explicit --margin: not non-inferior)" },
    seed: { type: "int", min: 0, description: "Seed of the bootstrap and permutation resampling", valueHint: "n", default: DEFAULT_OPTIONS.seed },
    allowIncomplete: { type: "boolean", description: "Compare runs with failed items (complete: false), over the items answered in both" },
    resamples: { type: "int", min: 100, max: 1_000_000, description: "Bootstrap resamples", valueHint: "n", default: DEFAULT_OPTIONS.resamples },
  },
  positionals: { name: "files", min: 2, max: Infinity },
  async run({ args, stdout, stderr }) {
    const marginExplicit = args.margin !== undefined;
    const margin = args.margin ?? DEFAULT_OPTIONS.margin;
    const { alpha, seed, resamples } = args;
    if (args.html) checkOutputFile("compare", "--html", args.html, { force: args.force });
    const [baselineFile, ...candidateFiles] = args._;
    let report;
    try {
      const files = [baselineFile!, ...(args.baselineRerun ? [args.baselineRerun] : []), ...candidateFiles];
      const runs = loadRuns(files);
      for (const r of runs) {
        if (r.doc.complete !== false) continue;
        const failed = Object.entries(r.doc.benchmarks)
          .filter(([, b]) => b.complete === false)
          .map(([name, b]) => `${name} ${b.counts?.failed ?? "some"} of ${b.counts?.items ?? b.questions} failed`)
          .join(", ");
        if (!args.allowIncomplete) throw new UsageError(`compare: ${printable(r.file, { oneLine: true })} is an incomplete run (${printable(failed, { oneLine: true })}); rerun it to fill the gaps, or pass --allow-incomplete to compare only the items answered in both`);
        stderr.write(`workbench compare: ${printable(r.file, { oneLine: true })} is incomplete (${printable(failed, { oneLine: true })}): comparing only the items answered in both runs\n`);
      }
      const baseline = runs[0]!;
      const rerun = args.baselineRerun ? runs[1]! : null;
      const candidates = runs.slice(args.baselineRerun ? 2 : 1);
      report = compareRuns(baseline, candidates, { alpha, margin, seed, resamples, margin_explicit: marginExplicit, rerun });
    } catch (err) {
      if (err instanceof ResultFileError || err instanceof AlignmentError) {
        stderr.write(`workbench compare: ${printable(err.message, { oneLine: true })}\n`);
        return 2;
      }
      throw err;
    }
    const failOnRegression = args.failOnRegression ?? false;
    if (args.json) stdout.write(JSON.stringify(reportJson(report, { failOnRegression }), null, 2) + "\n");
    else stdout.write(printable(reportText(report, { failOnRegression })));
    if (args.html) {
      const html = await reportHtml(report);
      try {
        if (args.force) writeFileAtomic(args.html, html);
        else writeFileAtomicNew(args.html, html);
      } catch (err) {
        if ((err as NodeJS.ErrnoException).code === "EEXIST") throw new UsageError(`compare: ${args.html} already exists; pass --force to replace it`);
        throw err;
      }
      (args.json ? stderr : stdout).write(`wrote ${args.html}\n`);
    }
    return failOnRegression && gateFailures(report).length > 0 ? 1 : 0;
  },
});
