// Resuming a sweep: a variant is finished when the output directory already holds a result file of
// the same model identity, made with the same settings and without failed items. Such a file is
// reused as it is (no engine started, no request sent); anything else is evaluated again, and the
// response store then answers what was already asked.
import { existsSync, readdirSync } from "node:fs";
import { dirname, join } from "node:path";
import { readResultFile, SAMPLES_SUFFIX } from "../results/result-files.js";
import type { ResultDocument } from "../results/schema.js";
import { generationBenchmarks, type EvalPlan, type PerplexityPlan } from "../runner/run-eval.js";

export interface ReuseKey {
  /** Exact model identity (a server the user runs), or the prefix an auto-started model's identity begins with. */
  identity: { exact: string } | { prefix: string };
  /** Auto-started: the engine that would be started, and the user's server arguments. */
  engine?: string;
  serverArgs?: string[];
}

/** JSON text with object keys sorted, so that two equal settings objects compare equal. */
function canonical(x: unknown): string {
  if (Array.isArray(x)) return `[${x.map(canonical).join(",")}]`;
  if (x && typeof x === "object") {
    const entries = Object.entries(x as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonical(v)}`).join(",")}}`;
  }
  return JSON.stringify(x);
}

/** Why a perplexity result is not one of the plan's text, --ctx, --top-k and scorer, or null. */
function perplexityMismatch(doc: ResultDocument, file: string, p: PerplexityPlan): string | null {
  const b = doc.benchmarks.perplexity;
  if (!b) return "a benchmark missing";
  if (!Object.values(b.dataset.sha256).includes((p.text ?? p.answers)!.sha256)) return "another perplexity text";
  if (b.generation.ctx !== p.ctx) return "another --ctx";
  if ((b.generation.top_k_requested ?? null) !== (p.topK ?? null)) return "another --top-k";
  if (p.scorer !== "auto" && b.generation.scorer !== p.scorer) return "another --scorer";
  if (!b.distributions || !existsSync(join(dirname(file), b.distributions.file))) return "its distributions file is missing";
  return null;
}

/** Why `doc` (read from `file`) is not a finished run of `plan` for `key`, or null when it is. */
export function mismatch(doc: ResultDocument, plan: EvalPlan, key: ReuseKey, file: string): string | null {
  const s = doc.settings as ResultDocument["settings"] & Record<string, unknown>;
  const id = s.model_identity;
  if ("exact" in key.identity ? id !== key.identity.exact : !id.startsWith(key.identity.prefix)) return "another model identity";
  // Perplexity alone starts no server (the scorer loads the file itself; its kind is checked below).
  const started = generationBenchmarks(plan).length > 0;
  if (started && key.engine !== undefined && doc.server?.engine !== key.engine) return "another engine";
  if (started && key.serverArgs !== undefined && canonical(doc.server?.server_args ?? []) !== canonical(key.serverArgs)) return "other server arguments";
  if (s.shard !== undefined) return "one shard of a run";
  if ((s.limit ?? null) !== (plan.limit ?? null)) return "another --limit";
  if (canonical([...s.benchmarks].sort()) !== canonical([...plan.benchmarks].sort())) return "other benchmarks";
  if (plan.benchmarks.some((b) => !doc.benchmarks[b])) return "a benchmark missing";
  if ((s.samples ?? null) !== (plan.samples ?? null)) return "another --samples";
  if ((s.system_prompt ?? null) !== (plan.systemPrompt ?? null)) return "another --system-prompt";
  if (canonical(s.overrides ?? {}) !== canonical(plan.overrides)) return "other sampling settings";
  if (plan.perplexity && plan.benchmarks.includes("perplexity")) {
    const why = perplexityMismatch(doc, file, plan.perplexity);
    if (why) return why;
  }
  if (Object.values(doc.benchmarks).some((b) => b.items.some((i) => i.error !== undefined))) return "failed items";
  return null;
}

/** The newest finished result of this variant in `outDir`, or null. Files that are not result files are passed over. */
export function findFinished(outDir: string, plan: EvalPlan, key: ReuseKey): { file: string; doc: ResultDocument } | null {
  let names: string[];
  try {
    names = readdirSync(outDir);
  } catch {
    return null;
  }
  let best: { file: string; doc: ResultDocument } | null = null;
  for (const n of names) {
    if (!n.endsWith(".json") || n.endsWith(SAMPLES_SUFFIX)) continue;
    const file = join(outDir, n);
    let doc: ResultDocument;
    try {
      doc = readResultFile(file);
    } catch {
      continue;
    }
    if (mismatch(doc, plan, key, file) !== null) continue;
    if (!best || doc.timestamp > best.doc.timestamp) best = { file, doc };
  }
  return best;
}
