// Offline scoring shared by `workbench score gsm8k|mmlu|truthfulqa-mc1`: read saved responses,
// match each to a dataset item (by id or exact question text), score with the benchmark's own scorer.
import type { Benchmark, DatasetRef, ResponseRecord, ScoreOutput } from "../types.js";
import { readResponsesFile, ResponsesFileError, type ResponseLine } from "./responses-file.js";
import { applyLimit, limitFields } from "./limit.js";

export interface OfflineSpec<Item> {
  benchmark: Benchmark<Item>;
  questionOf(item: Item): string;
  subjectOf?(item: Item): string;
  /** Extra human-readable lines for the text report. */
  summarize(out: ScoreOutput): string[];
}

export interface OfflineOptions {
  responses: string;
  dataDir?: string;
  /** Only the items --limit N selects (the first N, or N per category); responses to others are ignored. */
  limit?: number;
}

export interface OfflineReport extends ScoreOutput {
  benchmark: string;
  protocol: string;
  responses_file: string;
  dataset: DatasetRef & { limit: number | null; items: number };
  /** Response lines read, matched to an item outside --limit (ignored), and selected items without a response. */
  counts: { lines: number; scored: number; ignored: number; missing: number; errors: number; unclosed_think: number };
}

function describeIds(ids: string[]): string {
  return ids.length <= 2 ? ids.join(", ") : `${ids[0]} … ${ids[ids.length - 1]}`;
}

function normQ(s: string): string {
  return s.trim();
}

/** Map every response line to an item id; throws ResponsesFileError naming file, line and field. */
export function matchResponses<Item>(spec: OfflineSpec<Item>, items: Item[], lines: ResponseLine[], file: string): Map<string, ResponseLine> {
  const ids = items.map((it) => spec.benchmark.itemId(it));
  const idSet = new Set(ids);
  let byQuestion: Map<string, number[]> | undefined;
  const out = new Map<string, ResponseLine>();
  for (const l of lines) {
    const where = `${file}:${l.line}`;
    let id: string;
    if (l.id !== undefined) {
      if (!idSet.has(l.id)) throw new ResponsesFileError(`${where}: field id: no ${spec.benchmark.name} item '${l.id}' (ids are ${describeIds(ids)})`);
      id = l.id;
    } else {
      if (!byQuestion) {
        byQuestion = new Map();
        items.forEach((it, i) => {
          const k = normQ(spec.questionOf(it));
          byQuestion!.set(k, [...(byQuestion!.get(k) ?? []), i]);
        });
      }
      let hits = byQuestion.get(normQ(l.question!)) ?? [];
      if (l.subject !== undefined && spec.subjectOf) hits = hits.filter((i) => spec.subjectOf!(items[i]!) === l.subject);
      if (hits.length === 0) throw new ResponsesFileError(`${where}: field question: no ${spec.benchmark.name} item has this question text${l.subject !== undefined ? ` in subject '${l.subject}'` : ""}`);
      if (hits.length > 1) {
        const many = hits.map((i) => ids[i]!);
        throw new ResponsesFileError(`${where}: field question: matches ${hits.length} items (${describeIds(many)}); give "id" instead`);
      }
      id = ids[hits[0]!]!;
    }
    const prev = out.get(id);
    if (prev) throw new ResponsesFileError(`${where}: field ${l.id !== undefined ? "id" : "question"}: item ${id} already answered on line ${prev.line}`);
    out.set(id, l);
  }
  return out;
}

export async function scoreOffline<Item>(spec: OfflineSpec<Item>, opts: OfflineOptions): Promise<OfflineReport> {
  const lines = readResponsesFile(opts.responses);
  if (lines.length === 0) throw new ResponsesFileError(`${opts.responses}: no responses (expected JSONL lines like {"id": ..., "response": ...})`);
  const { items: all, dataset } = await spec.benchmark.load({ dataDir: opts.dataDir });
  const matched = matchResponses(spec, all, lines, opts.responses);
  const selected = applyLimit(all, opts.limit, spec.benchmark.limitPer);
  const selectedIds = new Set(selected.map((it) => spec.benchmark.itemId(it)));
  const ignored = [...matched.keys()].filter((id) => !selectedIds.has(id)).length;
  const answered = selected.filter((it) => matched.has(spec.benchmark.itemId(it)));
  if (answered.length === 0) throw new ResponsesFileError(`${opts.responses}: none of the ${matched.size} responses is for the ${opts.limit} ${spec.benchmark.name} items${spec.benchmark.limitPer ? ` per ${spec.benchmark.limitPer.name}` : ""} that --limit selects`);
  const responses = new Map<string, ResponseRecord[]>();
  let unclosed = 0;
  for (const it of answered) {
    const l = matched.get(spec.benchmark.itemId(it))!;
    responses.set(spec.benchmark.itemId(it), [l.record]);
    if (l.unclosedThink) unclosed++;
  }
  const out = await spec.benchmark.score(answered, responses, { dataDir: opts.dataDir });
  const errors = out.items.filter((i) => i.error !== undefined).length;
  return {
    benchmark: spec.benchmark.name,
    protocol: spec.benchmark.protocol,
    responses_file: opts.responses,
    dataset: { ...dataset, limit: opts.limit ?? null, ...limitFields(opts.limit, spec.benchmark.limitPer), items: selected.length },
    counts: { lines: lines.length, scored: answered.length - errors, ignored, missing: selected.length - answered.length, errors, unclosed_think: unclosed },
    metrics: out.metrics,
    overall_score: out.overall_score,
    ...(out["pass@k"] ? { "pass@k": out["pass@k"] } : {}),
    breakdown: out.breakdown,
    items: out.items,
  };
}

function fmt(v: number | null | undefined): string {
  return v === null || v === undefined ? "n/a" : v.toFixed(4);
}

export function renderReport<Item>(spec: OfflineSpec<Item>, r: OfflineReport): string {
  const c = r.counts;
  const lines = [
    `${r.benchmark} (${r.protocol}): ${c.scored} item(s) scored from ${r.responses_file}`,
    `  responses ${c.lines}, errors ${c.errors}, selected items without a response ${c.missing}, ignored (outside --limit) ${c.ignored}, unclosed <think> ${c.unclosed_think}`,
    `  overall_score  ${fmt(r.overall_score)}`,
    ...Object.entries(r.metrics).map(([k, v]) => `  ${k.padEnd(24)} ${fmt(v)}`),
    ...spec.summarize(r).map((s) => `  ${s}`),
  ];
  return lines.join("\n") + "\n";
}
