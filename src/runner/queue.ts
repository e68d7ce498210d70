// A work queue drained by a fixed pool of workers: each worker takes the next unit as soon as its
// previous one finishes, so the server always has `concurrency` requests (no batch-and-wait).
// Failed units come back later (pushLater) without holding a worker; a server-wide pause
// (Retry-After on 429/503) holds every worker until it passes. Workers may come in groups (one per
// endpoint), each behind a gate (its endpoint's free slots, its pause while it is down): whichever
// group has a free worker takes the next unit, so a slow endpoint never holds a unit another could take.

/** Before each unit a group's worker asks its gate: undefined to go on, a promise to wait for, "stop" to quit. */
export type WorkerGate = () => Promise<void> | "stop" | undefined;

export interface WorkerGroup {
  workers: number;
  gate?: WorkerGate;
}

export class WorkQueue<T> {
  private items: T[] = [];
  private head = 0;
  private delayed = new Set<NodeJS.Timeout>();
  private waiters: Array<() => void> = [];
  /** Workers waiting at a gate for a unit to finish (an adaptive limit was reached). */
  private slotWaiters: Array<() => void> = [];
  private active = 0;
  private pausedUntil = 0;
  private cancelled = false;
  private finished = false;
  /** Resolved when the run is over (wakes workers waiting at a gate). */
  private over: Promise<void> = Promise.resolve();
  private endOver: () => void = () => {};

  constructor(initial: Iterable<T> = []) {
    for (const t of initial) this.items.push(t);
  }

  get length(): number {
    return this.items.length - this.head;
  }

  push(item: T): void {
    if (this.cancelled) return;
    this.items.push(item);
    this.wakeOne();
  }

  /** Put a unit in front (a retry, or the rest of a split unit). */
  pushFront(item: T): void {
    if (this.cancelled) return;
    if (this.head > 0) this.items[--this.head] = item;
    else this.items.unshift(item);
    this.wakeOne();
  }

  /** Put a unit back after `ms` (retry backoff); the run does not end while it waits. */
  pushLater(item: T, ms: number): void {
    if (this.cancelled) return;
    const timer = setTimeout(() => {
      this.delayed.delete(timer);
      this.pushFront(item);
    }, ms);
    this.delayed.add(timer);
  }

  /** Hold every worker until `untilMs` (epoch ms). */
  pauseUntil(untilMs: number): void {
    if (untilMs > this.pausedUntil) this.pausedUntil = untilMs;
  }

  /** Drop everything queued or waiting; workers stop after their current unit. */
  cancel(): void {
    this.cancelled = true;
    for (const t of this.delayed) clearTimeout(t);
    this.delayed.clear();
    this.items = [];
    this.head = 0;
    // Workers sleeping through a pause or at a gate wake up too, instead of after Retry-After/backoff.
    this.endOver();
    for (const w of this.slotWaiters.splice(0)) w();
    this.wakeAll();
  }

  get isCancelled(): boolean {
    return this.cancelled;
  }

  private shift(): T | undefined {
    if (this.head >= this.items.length) return undefined;
    const item = this.items[this.head]!;
    this.items[this.head++] = undefined as T;
    if (this.head > 1024 && this.head * 2 > this.items.length) {
      this.items = this.items.slice(this.head);
      this.head = 0;
    }
    return item;
  }

  private wakeOne(): void {
    this.waiters.shift()?.();
  }

  private wakeAll(): void {
    const w = this.waiters;
    this.waiters = [];
    for (const f of w) f();
  }

  private finish(): void {
    this.finished = true;
    this.endOver();
    this.wakeAll();
  }

  /**
   * Run workers until the queue is empty, no unit is being handled and none waits to come back.
   * `concurrency`: a fixed count, or the most workers and a function giving how many may be busy now
   * (an adaptive limit): a worker over the limit waits at its gate until a unit finishes.
   */
  async run(concurrency: number | { max: number; limit: () => number }, handle: (item: T) => Promise<void>): Promise<void> {
    if (typeof concurrency === "number") return this.runGroups([{ workers: concurrency }], (item) => handle(item));
    const limit = (): number => Math.max(1, concurrency.limit());
    const gate: WorkerGate = () => (this.active >= limit() ? new Promise<void>((r) => this.slotWaiters.push(r)) : undefined);
    return this.runGroups([{ workers: concurrency.max, gate }], (item) => handle(item));
  }

  /** Run every group's workers (`group` = its index) until the queue is empty, no unit is being handled and none waits to come back. */
  async runGroups(groups: readonly WorkerGroup[], handle: (item: T, group: number) => Promise<void>): Promise<void> {
    this.finished = false;
    this.over = new Promise<void>((r) => (this.endOver = r));
    const worker = async (group: number): Promise<void> => {
      const gate = groups[group]!.gate;
      for (;;) {
        if (this.cancelled || this.finished) return;
        const wait = this.pausedUntil - Date.now();
        if (wait > 0) {
          await Promise.race([new Promise((r) => setTimeout(r, wait)), this.over]);
          continue;
        }
        if (this.length > 0 && gate) {
          const g = gate();
          if (g === "stop") return;
          if (g) {
            // Let a worker of another group take the unit meanwhile.
            this.wakeOne();
            await Promise.race([g, this.over]);
            continue;
          }
        }
        const item = this.shift();
        if (item === undefined) {
          if (this.active === 0 && this.delayed.size === 0) {
            this.finish();
            return;
          }
          await new Promise<void>((r) => this.waiters.push(r));
          continue;
        }
        this.active++;
        try {
          await handle(item, group);
        } finally {
          this.active--;
          if (this.active === 0 && this.length === 0 && this.delayed.size === 0) this.finish();
          else for (const w of this.slotWaiters.splice(0)) w();
        }
      }
    };
    const all: Array<Promise<void>> = [];
    groups.forEach((g, i) => {
      for (let w = 0; w < Math.max(1, g.workers); w++) all.push(worker(i));
    });
    await Promise.all(all);
  }
}
