/**
 * CPython's `random.Random` (MT19937) for integer seeds: the same streams as
 * `random.Random(seed).random()`, `.getrandbits(k)`, `.choice(seq)` and `.gauss(mu, sigma)`.
 */
import { crCos, crLog, crSin } from "./cr-math.js";

const N = 624;
const M = 397;
const TWOPI = 2.0 * Math.PI;

/** Freshly seeded states of a few seeds (langdetect reseeds for every text). */
const seededStates = new Map<number, Uint32Array>();

export class PyRandom {
  private readonly mt = new Uint32Array(N);
  private index = N;
  private gaussNext: number | null = null;

  constructor(seed: number) {
    this.seed(seed);
  }

  /** Like `Random.seed(n)` for an int n: init_by_array over the 32-bit words of |n|. */
  seed(seed: number): void {
    if (!Number.isSafeInteger(seed)) {
      throw new RangeError(`PyRandom seed: expected a safe integer, got ${seed}`);
    }
    const cached = seededStates.get(seed);
    if (cached !== undefined) {
      this.mt.set(cached);
    } else {
      let n = Math.abs(seed);
      const key: number[] = [];
      do {
        key.push(n % 0x100000000);
        n = Math.floor(n / 0x100000000);
      } while (n > 0);
      this.initByArray(key);
      if (seededStates.size < 16) seededStates.set(seed, this.mt.slice());
    }
    this.index = N;
    this.gaussNext = null;
  }

  private initGenrand(s: number): void {
    const mt = this.mt;
    mt[0] = s >>> 0;
    for (let i = 1; i < N; i++) {
      const prev = mt[i - 1]!;
      mt[i] = (Math.imul(1812433253, prev ^ (prev >>> 30)) + i) >>> 0;
    }
    this.index = N;
  }

  private initByArray(key: readonly number[]): void {
    const mt = this.mt;
    this.initGenrand(19650218);
    let i = 1;
    let j = 0;
    for (let k = Math.max(N, key.length); k > 0; k--) {
      const prev = mt[i - 1]!;
      mt[i] = ((mt[i]! ^ Math.imul(prev ^ (prev >>> 30), 1664525)) + key[j]! + j) >>> 0;
      i++;
      j++;
      if (i >= N) {
        mt[0] = mt[N - 1]!;
        i = 1;
      }
      if (j >= key.length) j = 0;
    }
    for (let k = N - 1; k > 0; k--) {
      const prev = mt[i - 1]!;
      mt[i] = ((mt[i]! ^ Math.imul(prev ^ (prev >>> 30), 1566083941)) - i) >>> 0;
      i++;
      if (i >= N) {
        mt[0] = mt[N - 1]!;
        i = 1;
      }
    }
    mt[0] = 0x80000000;
  }

  private twist(): void {
    const mt = this.mt;
    let kk = 0;
    for (; kk < N - M; kk++) {
      const y = (mt[kk]! & 0x80000000) | (mt[kk + 1]! & 0x7fffffff);
      mt[kk] = mt[kk + M]! ^ (y >>> 1) ^ (y & 1 ? 0x9908b0df : 0);
    }
    for (; kk < N - 1; kk++) {
      const y = (mt[kk]! & 0x80000000) | (mt[kk + 1]! & 0x7fffffff);
      mt[kk] = mt[kk + (M - N)]! ^ (y >>> 1) ^ (y & 1 ? 0x9908b0df : 0);
    }
    const y = (mt[N - 1]! & 0x80000000) | (mt[0]! & 0x7fffffff);
    mt[N - 1] = mt[M - 1]! ^ (y >>> 1) ^ (y & 1 ? 0x9908b0df : 0);
    this.index = 0;
  }

  /** One tempered 32-bit output (genrand_uint32). */
  nextUint32(): number {
    if (this.index >= N) this.twist();
    let y = this.mt[this.index++]!;
    y ^= y >>> 11;
    y ^= (y << 7) & 0x9d2c5680;
    y ^= (y << 15) & 0xefc60000;
    y ^= y >>> 18;
    return y >>> 0;
  }

  /** Float in [0, 1) with 53 random bits, as `random.random()`. */
  random(): number {
    const a = this.nextUint32() >>> 5;
    const b = this.nextUint32() >>> 6;
    return (a * 67108864.0 + b) * (1.0 / 9007199254740992.0);
  }

  /** `random.getrandbits(k)` for 0 <= k <= 32. */
  getrandbits(k: number): number {
    if (!Number.isInteger(k) || k < 0 || k > 32) {
      throw new RangeError(`PyRandom.getrandbits: expected an integer k in [0, 32], got ${k}`);
    }
    if (k === 0) return 0;
    return this.nextUint32() >>> (32 - k);
  }

  /** `Random._randbelow(n)` via getrandbits rejection sampling, n in [1, 2^32). */
  randbelow(n: number): number {
    const k = 32 - Math.clz32(n); // n.bit_length()
    let r = this.getrandbits(k);
    while (r >= n) r = this.getrandbits(k);
    return r;
  }

  /** `random.choice(seq)`. */
  choice<T>(seq: readonly T[]): T {
    if (seq.length === 0) throw new RangeError("PyRandom.choice: cannot choose from an empty sequence");
    return seq[this.randbelow(seq.length)]!;
  }

  /**
   * `random.gauss(mu, sigma)`: Box-Muller pair, the second value cached until the next
   * call or seed. CPython takes log/cos/sin from the C library; these are correctly
   * rounded instead (glibc is not always: about 0.3% of values differ in the last bit).
   */
  gauss(mu: number, sigma: number): number {
    let z = this.gaussNext;
    this.gaussNext = null;
    if (z === null) {
      const x2pi = this.random() * TWOPI;
      const g2rad = Math.sqrt(-2.0 * crLog(1.0 - this.random()));
      z = crCos(x2pi) * g2rad;
      this.gaussNext = crSin(x2pi) * g2rad;
    }
    return mu + z * sigma;
  }
}
