// Offline score commands (`workbench score <benchmark>`): the shape a benchmark's folder declares its
// command in (flags, help text, body), which the CLI wraps; and the body of the three single-sample
// commands (gsm8k, mmlu, truthfulqa-mc1): same flags, same output shape, same exit codes
// (0 scored; 2 bad input or missing data; 3 scored, but some items carried a request error).
import { UsageError } from "../../util/usage-error.js";
import { AssetError } from "../../assets/resolve.js";
import { CsvError } from "./csv.js";
import { ResponsesFileError } from "./responses-file.js";
import { renderReport, scoreOffline, type OfflineSpec } from "./offline.js";

/** One flag of a score command, in the shape the CLI's argument definitions take. */
export interface ScoreFlag {
  type: "string" | "boolean";
  description: string;
  default?: string | boolean;
  required?: boolean;
  valueHint?: string;
}

export type ScoreFlags = Record<string, ScoreFlag>;

/** The parsed value of each flag: booleans, and strings (absent unless required or defaulted). */
export type ScoreFlagValues<F extends ScoreFlags> = {
  [K in keyof F]: F[K]["type"] extends "boolean"
    ? F[K]["default"] extends boolean
      ? boolean
      : boolean | undefined
    : F[K]["required"] extends true
      ? string
      : F[K]["default"] extends string
        ? string
        : string | undefined;
};

export interface ScoreIo {
  stdout: NodeJS.WritableStream;
  stderr: NodeJS.WritableStream;
}

export interface ScoreCommand<F extends ScoreFlags = ScoreFlags> {
  description: string;
  usage: string;
  examples: string[];
  flags: F;
  /** Exit code: 0 scored; 2 unusable arguments or files (or throw a UsageError); 3 some records not scored. */
  run(flags: ScoreFlagValues<F>, io: ScoreIo): Promise<number>;
}

export function defineScoreCommand<F extends ScoreFlags>(cmd: ScoreCommand<F>): ScoreCommand<F> {
  return cmd;
}

export const SCORE_ARGS = {
  responses: { type: "string", required: true, description: "JSONL of saved replies: {\"id\"|\"question\", \"response\", \"finish_reason\"?} per line", valueHint: "file" },
  json: { type: "boolean", description: "Print the full result (metrics, breakdown, per-item verdicts) as JSON" },
  dataDir: { type: "string", description: "Directory holding <dataset>/<file> copies (else WORKBENCH_DATA_DIR, then the cache)", valueHint: "dir" },
  limit: { type: "string", description: "Score only the items eval --limit N runs: the first N (MMLU: the first N of each subject)", valueHint: "N" },
} as const;

export function parseLimit(v: string | undefined): number | undefined {
  if (v === undefined) return undefined;
  if (!/^[1-9][0-9]*$/.test(v)) throw new UsageError(`--limit: expected a positive integer, got '${v}'`);
  return Number(v);
}

export async function runScoreCommand<Item>(
  spec: OfflineSpec<Item>,
  args: { responses: string; json?: boolean; dataDir?: string; limit?: string },
  stdout: NodeJS.WritableStream,
): Promise<number> {
  const limit = parseLimit(args.limit);
  let report;
  try {
    report = await scoreOffline(spec, { responses: args.responses, dataDir: args.dataDir, limit });
  } catch (err) {
    if (err instanceof ResponsesFileError || err instanceof AssetError || err instanceof CsvError) throw new UsageError(err.message);
    throw err;
  }
  stdout.write(args.json ? JSON.stringify(report, null, 2) + "\n" : renderReport(spec, report));
  return report.counts.errors > 0 ? 3 : 0;
}

/** The score command of a single-sample benchmark scored by matching saved replies to its items. */
export function offlineScoreCommand<Item>(spec: OfflineSpec<Item>, text: { description: string; usage: string; examples: string[] }): ScoreCommand<typeof SCORE_ARGS> {
  return { ...text, flags: SCORE_ARGS, run: (flags, io) => runScoreCommand(spec, flags, io.stdout) };
}
