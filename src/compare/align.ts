// Pair two runs item by item. Refuses (AlignmentError, naming what differs) to compare runs of
// different datasets, dataset versions, --limit values or item sets; excludes and counts items
// that errored in either run.
import type { BenchmarkResult, ItemResult } from "../results/schema.js";
import type { AlignedBenchmark, LoadedRun } from "./types.js";

export class AlignmentError extends Error {
  override name = "AlignmentError";
}

const SHOW = 5;

function q(v: unknown): string {
  return v === null ? "none" : JSON.stringify(v);
}

function sample(ids: string[]): string {
  const shown = ids.slice(0, SHOW).map((s) => JSON.stringify(s)).join(", ");
  return ids.length > SHOW ? `${shown}, … (${ids.length - SHOW} more)` : shown;
}

/** Every difference that makes two runs of a benchmark incomparable (empty when comparable). */
export function datasetDifferences(name: string, a: BenchmarkResult, fa: string, b: BenchmarkResult, fb: string): string[] {
  const out: string[] = [];
  const da = a.dataset;
  const db = b.dataset;
  const diff = (what: string, va: unknown, vb: unknown) => {
    if (JSON.stringify(va) !== JSON.stringify(vb)) out.push(`${what} differs (${q(va)} in ${fa}, ${q(vb)} in ${fb})`);
  };
  diff("dataset name", da.name, db.name);
  diff("dataset version", da.version, db.version);
  for (const key of new Set([...Object.keys(da.sha256), ...Object.keys(db.sha256)])) {
    const ha = da.sha256[key];
    const hb = db.sha256[key];
    if (ha === undefined || hb === undefined) out.push(`dataset file ${JSON.stringify(key)} is recorded only in ${ha === undefined ? fb : fa}`);
    else if (ha !== hb) out.push(`dataset file ${JSON.stringify(key)} has a different sha256 (${ha.slice(0, 12)}… in ${fa}, ${hb.slice(0, 12)}… in ${fb})`);
  }
  diff("--limit", da.limit, db.limit);
  diff("--limit counted per", da.limit_per ?? "item", db.limit_per ?? "item");
  diff("protocol", a.protocol, b.protocol);
  const ida = new Set(a.items.map((i) => i.id));
  const idb = new Set(b.items.map((i) => i.id));
  const onlyA = [...ida].filter((id) => !idb.has(id));
  const onlyB = [...idb].filter((id) => !ida.has(id));
  if (onlyA.length || onlyB.length) {
    const parts: string[] = [];
    if (onlyA.length) parts.push(`${onlyA.length} only in ${fa}: ${sample(onlyA)}`);
    if (onlyB.length) parts.push(`${onlyB.length} only in ${fb}: ${sample(onlyB)}`);
    out.push(`item sets differ (${parts.join("; ")})`);
  } else if (da.items !== db.items) {
    diff("dataset item count", da.items, db.items);
  }
  return out.map((s) => `${name}: ${s}`);
}

function unitsMismatch(x: ItemResult, y: ItemResult): string | null {
  const lx = x.unit_labels;
  const ly = y.unit_labels;
  if (lx && ly && JSON.stringify(lx) !== JSON.stringify(ly)) return `unit_labels differ (${q(lx)} vs ${q(ly)})`;
  for (const m of Object.keys(x.units ?? {})) {
    const ux = x.units![m]!;
    const uy = y.units?.[m];
    if (uy && uy.length !== ux.length) return `units.${m} has ${ux.length} entries vs ${uy.length}`;
  }
  return null;
}

/** Pair the items of one benchmark present in both runs; throws AlignmentError when they are not comparable. */
export function alignBenchmark(name: string, a: LoadedRun, b: LoadedRun): AlignedBenchmark {
  const ra = a.doc.benchmarks[name]!;
  const rb = b.doc.benchmarks[name]!;
  const diffs = datasetDifferences(name, ra, a.file, rb, b.file);
  if (diffs.length) throw new AlignmentError(`cannot compare ${b.file} with ${a.file}: ${diffs.join("; ")}`);
  const byId = new Map(rb.items.map((it) => [it.id, it]));
  const ids: string[] = [];
  const base: ItemResult[] = [];
  const cand: ItemResult[] = [];
  const excludedIds: string[] = [];
  let eb = 0;
  let ec = 0;
  for (const x of ra.items) {
    const y = byId.get(x.id)!;
    if (x.error !== undefined) eb++;
    if (y.error !== undefined) ec++;
    if (x.error !== undefined || y.error !== undefined) {
      excludedIds.push(x.id);
      continue;
    }
    const bad = unitsMismatch(x, y);
    if (bad) throw new AlignmentError(`cannot compare ${b.file} with ${a.file}: ${name}: item ${JSON.stringify(x.id)}: ${bad}`);
    ids.push(x.id);
    base.push(x);
    cand.push(y);
  }
  return { benchmark: name, ids, base, cand, excluded: { errored_baseline: eb, errored_candidate: ec, errored_either: excludedIds.length, ids: excludedIds } };
}

/** Align every benchmark the two runs share; benchmarks in only one file are returned as skipped. */
export function alignRuns(a: LoadedRun, b: LoadedRun): { aligned: AlignedBenchmark[]; skipped: string[] } {
  const na = Object.keys(a.doc.benchmarks);
  const nb = Object.keys(b.doc.benchmarks);
  const common = na.filter((n) => n in b.doc.benchmarks);
  const skipped = [...na.filter((n) => !(n in b.doc.benchmarks)), ...nb.filter((n) => !(n in a.doc.benchmarks))];
  if (!common.length) {
    throw new AlignmentError(`cannot compare ${b.file} with ${a.file}: no benchmark in common (${q(na)} vs ${q(nb)})`);
  }
  // Distribution benchmarks (perplexity) have no items; compare/drift.ts checks their token ids instead.
  const itemized = common.filter((n) => !a.doc.benchmarks[n]!.distributions && !b.doc.benchmarks[n]!.distributions);
  const diffs = itemized.flatMap((n) => datasetDifferences(n, a.doc.benchmarks[n]!, a.file, b.doc.benchmarks[n]!, b.file));
  if (diffs.length) throw new AlignmentError(`cannot compare ${b.file} with ${a.file}: ${diffs.join("; ")}`);
  return { aligned: itemized.map((n) => alignBenchmark(n, a, b)), skipped };
}
