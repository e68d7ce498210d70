// One distribution row as the distributions file stores it: llama-perplexity's 16-bit encoding of a
// log-softmax row, and the K most probable tokens of a row. Shared by the scorer that writes the
// file and the comparison that reads it.
const f32 = Math.fround;

/** The 16-bit form of one distribution: log p_i = scale * codes[i] + minLogprob. */
export interface QuantizedLogprobs {
  scale: number;
  minLogprob: number;
  codes: Uint16Array;
}

/** Round to nearest, ties to even (what llama.cpp's nearest_int does). */
function nearestInt(x: number): number {
  const r = Math.round(x);
  return r - x === 0.5 && r % 2 !== 0 ? r - 1 : r;
}

/**
 * llama-perplexity's 16-bit base encoding of a log-softmax row: codes over [max(min, top - 16), top]
 * in 65535 steps, everything at or below the floor coded 0.
 */
export function quantizeLogprobs(lp: ArrayLike<number>, out?: Uint16Array): QuantizedLogprobs {
  const n = lp.length;
  let max = lp[0]!;
  let min = lp[0]!;
  for (let i = 1; i < n; i++) {
    const v = lp[i]!;
    if (v > max) max = v;
    if (v < min) min = v;
  }
  min = Math.max(min, max - 16);
  const scale = f32((max - min) / 65535);
  const codes = out ?? new Uint16Array(n);
  if (scale) {
    const inv = f32(1 / scale);
    for (let i = 0; i < n; i++) {
      const v = lp[i]!;
      codes[i] = v > min ? nearestInt(f32(inv * f32(v - min))) : 0;
    }
  } else {
    codes.fill(0);
  }
  return { scale, minLogprob: f32(min), codes };
}

/** Decoded log-probability of token i. */
export function decodeLogprob(q: QuantizedLogprobs, i: number): number {
  return f32(f32(q.scale * q.codes[i]!) + q.minLogprob);
}

/** Indices of the k largest values of row, largest first (ties: lower id first). */
export function topKIndices(row: ArrayLike<number>, k: number): Int32Array {
  const n = row.length;
  const kk = Math.min(k, n);
  const heap = new Int32Array(kk); // min-heap by value of the current best kk
  let size = 0;
  const less = (a: number, b: number): boolean => row[a]! < row[b]! || (row[a] === row[b] && a > b);
  const down = (i: number): void => {
    for (;;) {
      const l = 2 * i + 1;
      const r = l + 1;
      let m = i;
      if (l < size && less(heap[l]!, heap[m]!)) m = l;
      if (r < size && less(heap[r]!, heap[m]!)) m = r;
      if (m === i) return;
      const t = heap[i]!;
      heap[i] = heap[m]!;
      heap[m] = t;
      i = m;
    }
  };
  for (let i = 0; i < n; i++) {
    if (size < kk) {
      let j = size++;
      heap[j] = i;
      while (j > 0) {
        const p = (j - 1) >> 1;
        if (!less(heap[j]!, heap[p]!)) break;
        const t = heap[j]!;
        heap[j] = heap[p]!;
        heap[p] = t;
        j = p;
      }
    } else if (less(heap[0]!, i)) {
      heap[0] = i;
      down(0);
    }
  }
  return Int32Array.from(Array.from(heap).sort((a, b) => row[b]! - row[a]! || a - b));
}

