// Suggest the known name closest to a mistyped one (Levenshtein distance), for "did you mean" hints.

export function editDistance(a: string, b: string): number {
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const cur = [i];
    for (let j = 1; j <= b.length; j++) cur[j] = Math.min(prev[j]! + 1, cur[j - 1]! + 1, prev[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1));
    prev = cur;
  }
  return prev[b.length]!;
}

/** The closest candidate within a third of the typed name's length (at least 2 edits), else undefined. */
export function closest(typed: string, candidates: readonly string[]): string | undefined {
  const limit = Math.max(2, Math.floor(typed.length / 3));
  let best: string | undefined;
  let bestD = Infinity;
  for (const c of candidates) {
    const d = editDistance(typed, c);
    if (d < bestD || (d === bestD && best !== undefined && c.startsWith(typed) && !best.startsWith(typed))) {
      best = c;
      bestD = d;
    }
  }
  return bestD <= limit ? best : undefined;
}
