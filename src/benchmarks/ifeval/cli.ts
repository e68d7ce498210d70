// `workbench score ifeval`: read inputs + responses, score both modes, write the two result files
// atomically, print the metrics. Exit 0: all scored; 3: some records failed; 2: unusable input.
import { existsSync } from "node:fs";
import { join } from "node:path";
import { AssetError } from "../../assets/resolve.js";
import { writeFileAtomic } from "../../util/atomic-write.js";
import { ensureDir } from "../../util/ensure-dir.js";
import { outputDirProblem } from "../../results/output-path.js";
import { IfevalFileError, loadIfevalInputs, loadIfevalResponses } from "./io.js";
import { renderErrors, renderText, reportJson } from "./report.js";
import { assetNeeds, createIfevalScorer } from "./scorer.js";
import type { IfevalRow } from "./types.js";

export interface ScoreIfevalArgs {
  input: string;
  responses: string;
  out?: string;
  json?: boolean;
  dataDir?: string;
  /** Replace existing eval_results_*.jsonl in --out (otherwise they are never overwritten). */
  force?: boolean;
}

export const OUTPUT_FILES = { strict: "eval_results_strict.jsonl", loose: "eval_results_loose.jsonl" } as const;

function rowsJsonl(rows: IfevalRow[]): string {
  return rows.map((r) => JSON.stringify(r)).join("\n") + (rows.length ? "\n" : "");
}

interface Io {
  stdout: NodeJS.WritableStream;
  stderr: NodeJS.WritableStream;
}

export async function runScoreIfeval(args: ScoreIfevalArgs, io: Io = { stdout: process.stdout, stderr: process.stderr }): Promise<number> {
  const fail = (msg: string): number => {
    io.stderr.write(`workbench score ifeval: ${msg}\n`);
    return 2;
  };
  let inputs, responses;
  try {
    inputs = loadIfevalInputs(args.input);
    responses = loadIfevalResponses(args.responses);
  } catch (err) {
    if (err instanceof IfevalFileError) return fail(err.message);
    throw err;
  }
  if (inputs.length === 0) return fail(`${args.input}: no input records`);

  let targets: { strict: string; loose: string } | undefined;
  if (args.out !== undefined) {
    const why = outputDirProblem(args.out);
    if (why) return fail(`--out ${args.out}: ${why}`);
    targets = { strict: join(args.out, OUTPUT_FILES.strict), loose: join(args.out, OUTPUT_FILES.loose) };
    const existing = Object.values(targets).filter((f) => existsSync(f));
    if (existing.length && !args.force) return fail(`${existing.join(" and ")} already exist(s); pass --force to replace, or choose another --out`);
  }

  let scorer;
  try {
    scorer = await createIfevalScorer({ dataDir: args.dataDir, needs: assetNeeds(inputs) });
  } catch (err) {
    if (err instanceof AssetError) return fail(err.message);
    throw err;
  }
  const report = scorer.scoreAll(inputs, responses);

  if (targets) {
    try {
      ensureDir(args.out!);
      writeFileAtomic(targets.strict, rowsJsonl(report.strict));
      writeFileAtomic(targets.loose, rowsJsonl(report.loose));
    } catch (err) {
      return fail(`cannot write results to ${args.out}: ${(err as Error).message}`);
    }
  }

  if (args.json) io.stdout.write(JSON.stringify(reportJson(report), null, 2) + "\n");
  else {
    io.stdout.write(renderText(report));
    if (targets) io.stdout.write(`\nwrote ${targets.strict}\nwrote ${targets.loose}\n`);
  }
  const errs = renderErrors(report);
  if (errs) io.stderr.write(`${report.errors} record(s) not scored:\n${errs}`);
  return report.errors > 0 ? 3 : 0;
}
