// Generic metric extraction from paired items: a metric m is item-level when items carry scores[m]
// (boolean, or a rate in [0, 1]), cluster-level when they carry units[m] (booleans micro-averaged
// over all units; the item is the cluster).
import type { ItemResult } from "../results/schema.js";
import type { AlignedBenchmark } from "./types.js";

export interface ItemMetricData {
  kind: "item";
  metric: string;
  ids: string[];
  x: Float64Array;
  y: Float64Array;
  categories: (string | undefined)[];
  binary: boolean;
  missing: number;
}

export interface ClusterMetricData {
  kind: "cluster";
  metric: string;
  /** Per prompt: id, baseline passes, candidate passes, units. */
  ids: string[];
  xs: Float64Array;
  ys: Float64Array;
  sizes: Float64Array;
  /** Per unit, flattened in prompt order. */
  unitIds: string[];
  /** Per unit: index of its prompt in `ids`, and its label. */
  unitItem: Uint32Array;
  unitLabel: string[];
  unitCategory: string[];
  ux: Uint8Array;
  uy: Uint8Array;
  missing: number;
}

export type MetricData = ItemMetricData | ClusterMetricData;

function keysInOrder(items: ItemResult[], pick: (it: ItemResult) => Record<string, unknown> | undefined): string[] {
  const seen = new Set<string>();
  for (const it of items) for (const k of Object.keys(pick(it) ?? {})) seen.add(k);
  return [...seen];
}

function num(v: boolean | number): number {
  return typeof v === "boolean" ? (v ? 1 : 0) : v;
}

/** Category of an instruction-level unit: the label's prefix before ":" (IFEval "punctuation:no_comma" → "punctuation"). */
export function unitCategory(label: string): string {
  const i = label.indexOf(":");
  return i > 0 ? label.slice(0, i) : label;
}

function itemMetric(a: AlignedBenchmark, m: string): ItemMetricData {
  const ids: string[] = [];
  const xs: number[] = [];
  const ys: number[] = [];
  const categories: (string | undefined)[] = [];
  let missing = 0;
  let binary = true;
  for (let i = 0; i < a.ids.length; i++) {
    const vx = a.base[i]!.scores[m];
    const vy = a.cand[i]!.scores[m];
    if (vx === undefined || vy === undefined) {
      missing++;
      continue;
    }
    const x = num(vx);
    const y = num(vy);
    if ((x !== 0 && x !== 1) || (y !== 0 && y !== 1)) binary = false;
    ids.push(a.ids[i]!);
    xs.push(x);
    ys.push(y);
    categories.push(a.base[i]!.category);
  }
  return { kind: "item", metric: m, ids, x: Float64Array.from(xs), y: Float64Array.from(ys), categories, binary, missing };
}

function clusterMetric(a: AlignedBenchmark, m: string): ClusterMetricData {
  const ids: string[] = [];
  const xs: number[] = [];
  const ys: number[] = [];
  const sizes: number[] = [];
  const unitIds: string[] = [];
  const unitCat: string[] = [];
  const unitItem: number[] = [];
  const unitLabel: string[] = [];
  const ux: number[] = [];
  const uy: number[] = [];
  let missing = 0;
  for (let i = 0; i < a.ids.length; i++) {
    const bx = a.base[i]!.units?.[m];
    const by = a.cand[i]!.units?.[m];
    if (!bx || !by) {
      missing++;
      continue;
    }
    if (bx.length === 0) continue;
    const id = a.ids[i]!;
    const labels = a.base[i]!.unit_labels ?? a.cand[i]!.unit_labels;
    const used = new Map<string, number>();
    let sx = 0;
    let sy = 0;
    for (let u = 0; u < bx.length; u++) {
      const label = labels?.[u] ?? `#${u}`;
      const k = (used.get(label) ?? 0) + 1;
      used.set(label, k);
      const unit = k > 1 ? `${label}#${k}` : label;
      unitIds.push(`${id}/${unit}`);
      unitItem.push(ids.length);
      unitLabel.push(unit);
      unitCat.push(labels ? unitCategory(label) : "(unlabelled)");
      const x = bx[u] ? 1 : 0;
      const y = by[u] ? 1 : 0;
      ux.push(x);
      uy.push(y);
      sx += x;
      sy += y;
    }
    ids.push(id);
    xs.push(sx);
    ys.push(sy);
    sizes.push(bx.length);
  }
  return {
    kind: "cluster",
    metric: m,
    ids,
    xs: Float64Array.from(xs),
    ys: Float64Array.from(ys),
    sizes: Float64Array.from(sizes),
    unitIds,
    unitItem: Uint32Array.from(unitItem),
    unitLabel,
    unitCategory: unitCat,
    ux: Uint8Array.from(ux),
    uy: Uint8Array.from(uy),
    missing,
  };
}

/**
 * The metrics of an aligned benchmark, item-level first then cluster-level, in the order they appear.
 * Metrics found on only one side are returned in `skipped`.
 */
export function extractMetrics(a: AlignedBenchmark): { metrics: MetricData[]; skipped: string[] } {
  const out: MetricData[] = [];
  const skipped: string[] = [];
  const scoreB = keysInOrder(a.base, (it) => it.scores);
  const scoreC = new Set(keysInOrder(a.cand, (it) => it.scores));
  const unitB = keysInOrder(a.base, (it) => it.units);
  const unitC = new Set(keysInOrder(a.cand, (it) => it.units));
  for (const m of scoreB) (scoreC.has(m) ? out.push(itemMetric(a, m)) : skipped.push(m));
  for (const m of scoreC) if (!scoreB.includes(m)) skipped.push(m);
  for (const m of unitB) (unitC.has(m) ? out.push(clusterMetric(a, m)) : skipped.push(m));
  for (const m of unitC) if (!unitB.includes(m)) skipped.push(m);
  return { metrics: out, skipped };
}
