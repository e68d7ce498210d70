// How many requests a run keeps in flight. Fixed when the user gave --concurrency or the server
// reported its slots; otherwise adaptive: grow while latency holds, back off when it climbs
// (requests waiting in the server's queue) or requests time out — additive increase,
// multiplicative decrease.
//
// The latency signal works in rounds (at least 8 answers, at least the limit): the lowest latency of
// a round (time to first byte when the caller knows it) against a baseline, the lowest round seen.
// With a queue in front of the server every request waits, so even a round's shortest answer is
// late; answers of different lengths barely move the minimum. A round more than `tolerance` ×
// baseline shrinks the limit in proportion (by a fifth to a half); otherwise it grows (doubling until the first sign of
// queueing, then one per round). After a change, one round is let go by (the requests sent under the
// old limit). If shrinking twice did not bring the latency down, the latency was the work, not a
// queue (longer answers, another benchmark): it becomes the baseline. The limit settles where the
// queue is short, at or a little above the server's slots.

export type ConcurrencyMode = "fixed" | "adaptive";
/** Who set the limit: the --concurrency flag, the server's slot count, or this controller. */
export type ConcurrencySource = "flag" | "server" | "adaptive";

export interface ConcurrencyOptions {
  /** A fixed limit (--concurrency, or the server's slot count); omitted: adaptive. */
  fixed?: number;
  /** Where a fixed limit came from (default "flag"). */
  source?: Exclude<ConcurrencySource, "adaptive">;
  /** Adaptive: the first limit (default 8). */
  initial?: number;
  /** Adaptive: bounds (default 1 and 64). */
  min?: number;
  max?: number;
  /** Adaptive: latency ratio over the baseline taken as queueing (default 1.5). */
  tolerance?: number;
}

export interface ConcurrencySnapshot {
  mode: ConcurrencyMode;
  source: ConcurrencySource;
  /** The current limit. */
  limit: number;
  min: number;
  max: number;
  /** Highest limit reached, and the lowest after the first decrease (= limit before any). */
  peak: number;
  low: number;
  inflight: number;
  increases: number;
  decreases: number;
  timeouts: number;
  /** Lowest latency of the last round and the baseline, ms (null before the first round). */
  latency_ms: number | null;
  baseline_ms: number | null;
}

/** Fewest answers in a round of measurement. */
const ROUND_MIN = 8;

export const DEFAULT_ADAPTIVE = { initial: 8, min: 1, max: 64, tolerance: 1.5 } as const;

export class ConcurrencyController {
  readonly mode: ConcurrencyMode;
  readonly source: ConcurrencySource;
  readonly min: number;
  readonly max: number;
  private readonly tolerance: number;
  /** Fractional limit; `limit` rounds it down. */
  private value: number;
  private active = 0;
  private slowStart = true;
  /** Answers still to come from before the last change (not measured), then answers in this round. */
  private drain = 0;
  private roundCount = 0;
  private roundMin = Infinity;
  private lastMin: number | undefined;
  private lastDecreased = false;
  /** Decreases in a row after which the latency did not come down. */
  private unhelped = 0;
  /** Answers since the last decrease; another decrease waits for a round (the requests sent under the old limit). */
  private sinceDecrease = Infinity;
  private base: number | undefined;
  private peakLimit: number;
  private lowLimit: number;
  private nIncreases = 0;
  private nDecreases = 0;
  private nTimeouts = 0;

  constructor(opts: ConcurrencyOptions = {}) {
    if (opts.fixed !== undefined) {
      const n = Math.max(1, Math.floor(opts.fixed));
      this.mode = "fixed";
      this.source = opts.source ?? "flag";
      this.min = this.max = this.value = n;
      this.tolerance = DEFAULT_ADAPTIVE.tolerance;
    } else {
      this.mode = "adaptive";
      this.source = "adaptive";
      this.min = Math.max(1, Math.floor(opts.min ?? DEFAULT_ADAPTIVE.min));
      this.max = Math.max(this.min, Math.floor(opts.max ?? DEFAULT_ADAPTIVE.max));
      this.value = Math.min(this.max, Math.max(this.min, opts.initial ?? DEFAULT_ADAPTIVE.initial));
      this.tolerance = Math.max(1.1, opts.tolerance ?? DEFAULT_ADAPTIVE.tolerance);
    }
    this.peakLimit = this.lowLimit = this.limit;
  }

  /** Requests that may be in flight now. */
  get limit(): number {
    return Math.max(this.min, Math.min(this.max, Math.floor(this.value)));
  }

  get inflight(): number {
    return this.active;
  }

  /** Whether another request may start now. */
  get canStart(): boolean {
    return this.active < this.limit;
  }

  /** A request was sent. */
  onStart(): void {
    this.active++;
  }

  /** A request was answered after `latencyMs` (first byte after `ttfbMs`, when known). */
  onSuccess(latencyMs: number, ttfbMs?: number): void {
    this.finish();
    if (this.mode === "fixed") return;
    if (this.drain > 0) {
      this.drain--;
      return;
    }
    this.roundMin = Math.min(this.roundMin, Math.max(0.001, ttfbMs ?? latencyMs));
    if (++this.roundCount < Math.max(ROUND_MIN, this.limit)) return;
    const m = this.roundMin;
    this.roundCount = 0;
    this.roundMin = Infinity;
    if (this.base === undefined) this.base = m;
    // Shrinking twice did not help: the latency is the work itself; learn it and ramp up again.
    if (this.lastDecreased && this.lastMin !== undefined) this.unhelped = m > 0.9 * this.lastMin ? this.unhelped + 1 : 0;
    if (this.unhelped >= 2) {
      this.base = m;
      this.unhelped = 0;
      this.slowStart = true;
    }
    this.base = Math.min(m, this.base);
    this.lastMin = m;
    const ratio = m / this.base;
    if (ratio > this.tolerance) {
      this.lastDecreased = true;
      this.decrease(Math.min(0.8, Math.max(0.5, this.tolerance / ratio)));
      return;
    }
    this.lastDecreased = false;
    this.increase(this.slowStart ? this.value : 1);
  }

  /** A request ended with an error that says nothing about load (it is counted out of the flight). */
  onFailure(): void {
    this.finish();
  }

  /** A request timed out: the server is overloaded (or stalled); halve. */
  onTimeout(): void {
    this.finish();
    this.nTimeouts++;
    if (this.mode === "fixed") return;
    this.decrease(0.5);
  }

  /** The server said it is busy (429/503) or reported a full queue. */
  onQueueing(): void {
    this.finish();
    if (this.mode === "fixed") return;
    this.decrease(0.75);
  }

  snapshot(): ConcurrencySnapshot {
    return {
      mode: this.mode,
      source: this.source,
      limit: this.limit,
      min: this.min,
      max: this.max,
      peak: this.peakLimit,
      low: this.lowLimit,
      inflight: this.active,
      increases: this.nIncreases,
      decreases: this.nDecreases,
      timeouts: this.nTimeouts,
      latency_ms: this.lastMin === undefined ? null : Math.round(this.lastMin),
      baseline_ms: this.base === undefined ? null : Math.round(this.base),
    };
  }

  private finish(): void {
    if (this.active > 0) this.active--;
    this.sinceDecrease++;
  }

  private increase(by: number): void {
    const before = this.limit;
    this.value = Math.min(this.max, this.value + by);
    this.drain = this.active;
    if (this.limit > before) {
      this.nIncreases++;
      this.peakLimit = Math.max(this.peakLimit, this.limit);
    }
  }

  private decrease(factor: number): void {
    this.slowStart = false;
    if (this.sinceDecrease < this.value) return;
    this.sinceDecrease = 0;
    const before = this.limit;
    this.value = Math.max(this.min, this.value * factor);
    this.drain = this.active;
    this.roundCount = 0;
    this.roundMin = Infinity;
    if (this.limit < before) {
      this.nDecreases++;
      this.lowLimit = this.nDecreases === 1 ? this.limit : Math.min(this.lowLimit, this.limit);
    }
  }
}
