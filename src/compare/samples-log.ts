// Read the prompts and answers of selected items from a result file's sibling samples log (JSONL,
// `samples_file` in the document), for the HTML flip lists. Tolerant: a missing or partly unreadable
// log degrades to ids only. Lines as the runner writes them (src/runner/evaluate.ts SamplesLogLine:
// {benchmark, id, sample, prompt, response, raw?, finish_reason, error?}); `item_id`, `sample_index`,
// `messages` and `text` are accepted as aliases.
import { createReadStream, existsSync } from "node:fs";
import { basename, dirname, isAbsolute, resolve } from "node:path";
import { createInterface } from "node:readline";
import type { ResultDocument } from "../results/schema.js";

export interface SampleText {
  prompt: string;
  answer: string;
  sample: number;
  finish_reason: string | null;
}

export interface SamplesLog {
  /** Keyed by sampleKey(benchmark, item id); the lowest sample index seen is kept. */
  texts: Map<string, SampleText>;
  /** "ok", or why nothing (or not everything) could be read. */
  /** "refused": `samples_file` is not a plain file name in the result's folder. */
  status: "ok" | "none" | "missing" | "unreadable" | "refused";
  path: string | null;
  badLines: number;
}

export function sampleKey(benchmark: string, id: string): string {
  return `${benchmark}\u0000${id}`;
}

type Rec = Record<string, unknown>;

function str(v: unknown): string | undefined {
  return typeof v === "string" ? v : typeof v === "number" ? String(v) : undefined;
}

function promptText(r: Rec): string {
  const msgs = Array.isArray(r.messages) ? r.messages : Array.isArray((r.spec as Rec | undefined)?.messages) ? ((r.spec as Rec).messages as unknown[]) : null;
  if (msgs) {
    const parts = msgs
      .filter((m): m is Rec => typeof m === "object" && m !== null)
      .map((m) => ({ role: str(m.role) ?? "user", content: str(m.content) ?? "" }));
    if (parts.length === 1 && parts[0]!.role === "user") return parts[0]!.content;
    return parts.map((m) => `[${m.role}]\n${m.content}`).join("\n\n");
  }
  return str(r.prompt) ?? "";
}

/** Stream the log once, keeping the first sample of each wanted (benchmark, item) pair. */
export async function readSamplesLog(resultFile: string, doc: ResultDocument, wanted: Set<string>): Promise<SamplesLog> {
  if (!doc.samples_file) return { texts: new Map(), status: "none", path: null, badLines: 0 };
  // Only a file beside the result: a name, never a path (no ../, no absolute path, no folder).
  const name = doc.samples_file;
  if (name !== basename(name) || name.includes("\\") || name === "." || name === ".." || isAbsolute(name)) {
    return { texts: new Map(), status: "refused", path: null, badLines: 0 };
  }
  const path = resolve(dirname(resultFile), name);
  if (!existsSync(path)) return { texts: new Map(), status: "missing", path, badLines: 0 };
  const texts = new Map<string, SampleText>();
  let badLines = 0;
  try {
    const rl = createInterface({ input: createReadStream(path, { encoding: "utf8" }), crlfDelay: Infinity });
    for await (const line of rl) {
      if (!line.trim()) continue;
      let r: Rec;
      try {
        r = JSON.parse(line) as Rec;
      } catch {
        badLines++;
        continue;
      }
      if (typeof r !== "object" || r === null) {
        badLines++;
        continue;
      }
      const bench = str(r.benchmark) ?? str(r.bench);
      const id = str(r.item_id) ?? str(r.id);
      if (bench === undefined || id === undefined) continue;
      const key = sampleKey(bench, id);
      if (!wanted.has(key)) continue;
      const sample = Number(r.sample_index ?? r.sample ?? 0) || 0;
      const prev = texts.get(key);
      if (prev && prev.sample <= sample) continue;
      const text = str(r.response) ?? str(r.text) ?? str(r.raw);
      const answer = r.error !== undefined && !text ? `(error: ${str(r.error) ?? "request failed"})` : (text ?? "");
      const fr = r.finish_reason;
      texts.set(key, { prompt: promptText(r), answer, sample, finish_reason: typeof fr === "string" ? fr : null });
    }
  } catch {
    return { texts, status: "unreadable", path, badLines };
  }
  return { texts, status: "ok", path, badLines };
}
