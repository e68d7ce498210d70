/**
 * Open-addressing hash map from non-negative int32 keys to non-negative int32 values;
 * several times faster than a JS Map for the n-gram lookups of the detector.
 * Slots hold key + 1, so a zeroed (fresh) array is an empty table.
 */
export class IntMap {
  private keys: Int32Array;
  private values: Int32Array;
  private mask: number;
  private shift: number;
  private count = 0;

  constructor(expected = 16) {
    let bits = 4;
    while (1 << bits < expected * 2) bits++;
    this.keys = new Int32Array(1 << bits);
    this.values = new Int32Array(1 << bits);
    this.mask = (1 << bits) - 1;
    this.shift = 32 - bits;
  }

  get size(): number {
    return this.count;
  }

  /** The table as-is (for a binary cache). */
  dump(): { keys: Int32Array; values: Int32Array; count: number } {
    return { keys: this.keys, values: this.values, count: this.count };
  }

  /** Rebuild from `dump()` output without re-hashing. */
  static restore(keys: Int32Array, values: Int32Array, count: number): IntMap {
    const m = new IntMap(1);
    const bits = Math.log2(keys.length);
    if (!Number.isInteger(bits) || values.length !== keys.length) throw new Error("IntMap.restore: bad table size");
    m.keys = keys;
    m.values = values;
    m.mask = keys.length - 1;
    m.shift = 32 - bits;
    m.count = count;
    return m;
  }

  /** Value for key, or -1. */
  get(key: number): number {
    const keys = this.keys;
    const stored = key + 1;
    let i = Math.imul(key, 0x9e3779b1) >>> this.shift;
    for (;;) {
      const k = keys[i]!;
      if (k === stored) return this.values[i]!;
      if (k === 0) return -1;
      i = (i + 1) & this.mask;
    }
  }

  /** Value for key; when absent, stores `value` for it and returns -1. */
  getOrSet(key: number, value: number): number {
    const keys = this.keys;
    const stored = key + 1;
    let i = Math.imul(key, 0x9e3779b1) >>> this.shift;
    for (;;) {
      const k = keys[i]!;
      if (k === stored) return this.values[i]!;
      if (k === 0) break;
      i = (i + 1) & this.mask;
    }
    this.set(key, value);
    return -1;
  }

  set(key: number, value: number): void {
    if (!(key >= 0 && key < 0x7fffffff && Number.isInteger(key))) {
      throw new RangeError(`IntMap key: expected an integer in [0, 2^31 - 1), got ${key}`);
    }
    if ((this.count + 1) * 2 > this.keys.length) this.grow();
    const keys = this.keys;
    const stored = key + 1;
    let i = Math.imul(key, 0x9e3779b1) >>> this.shift;
    for (;;) {
      const k = keys[i]!;
      if (k === stored) {
        this.values[i] = value;
        return;
      }
      if (k === 0) {
        keys[i] = stored;
        this.values[i] = value;
        this.count++;
        return;
      }
      i = (i + 1) & this.mask;
    }
  }

  private grow(): void {
    const oldKeys = this.keys;
    const oldValues = this.values;
    const bits = 33 - this.shift;
    this.keys = new Int32Array(1 << bits);
    this.values = new Int32Array(1 << bits);
    this.mask = (1 << bits) - 1;
    this.shift = 32 - bits;
    this.count = 0;
    for (let i = 0; i < oldKeys.length; i++) {
      if (oldKeys[i] !== 0) this.set(oldKeys[i]! - 1, oldValues[i]!);
    }
  }
}
