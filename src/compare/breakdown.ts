// Per-category breakdown of a metric: MMLU subjects for item-level metrics, instruction categories
// (unit label prefix, e.g. IFEval "detectable_format") for cluster-level metrics.
import { mcnemarExact } from "./stats/mcnemar.js";
import type { CategoryRow } from "./types.js";

interface Acc {
  n: number;
  sx: number;
  sy: number;
  p2f: number;
  f2p: number;
  binary: boolean;
}

/** Rows sorted by delta, most degraded first. x/y are per-item (or per-unit) outcomes in [0, 1]. */
export function categoryBreakdown(cats: ArrayLike<string | undefined>, x: ArrayLike<number>, y: ArrayLike<number>): CategoryRow[] | undefined {
  const acc = new Map<string, Acc>();
  for (let i = 0; i < x.length; i++) {
    const c = cats[i];
    if (c === undefined) continue;
    let a = acc.get(c);
    if (!a) acc.set(c, (a = { n: 0, sx: 0, sy: 0, p2f: 0, f2p: 0, binary: true }));
    const xi = x[i]!;
    const yi = y[i]!;
    a.n++;
    a.sx += xi;
    a.sy += yi;
    if ((xi !== 0 && xi !== 1) || (yi !== 0 && yi !== 1)) a.binary = false;
    if (xi >= 0.5 && yi < 0.5) a.p2f++;
    else if (xi < 0.5 && yi >= 0.5) a.f2p++;
  }
  if (acc.size === 0) return undefined;
  const rows: CategoryRow[] = [...acc].map(([category, a]) => ({
    category,
    n: a.n,
    baseline: (100 * a.sx) / a.n,
    candidate: (100 * a.sy) / a.n,
    delta: (100 * (a.sy - a.sx)) / a.n,
    pass_to_fail: a.p2f,
    fail_to_pass: a.f2p,
    p_value: a.binary ? mcnemarExact(a.p2f, a.f2p) : null,
  }));
  return rows.sort((r, s) => r.delta - s.delta || r.category.localeCompare(s.category));
}
