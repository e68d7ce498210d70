// The body of the three offline score commands: same flags, same output shape, same exit codes
// (0 scored; 2 bad input or missing data; 3 scored, but some items carried a request error).
import { UsageError } from "../../util/usage-error.js";
import { AssetError } from "../../assets/resolve.js";
import { CsvError } from "./csv.js";
import { ResponsesFileError } from "./responses-file.js";
import { renderReport, scoreOffline, type OfflineSpec } from "./offline.js";

export const SCORE_ARGS = {
  responses: { type: "string", required: true, description: "JSONL of saved replies: {\"id\"|\"question\", \"response\", \"finish_reason\"?} per line", valueHint: "file" },
  json: { type: "boolean", description: "Print the full result (metrics, breakdown, per-item verdicts) as JSON" },
  dataDir: { type: "string", description: "Directory holding <dataset>/<file> copies (else WORKBENCH_DATA_DIR, then the cache)", valueHint: "dir" },
  limit: { type: "string", description: "Score only the first N dataset items", valueHint: "N" },
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
