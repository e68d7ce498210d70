// A work queue drained by a pool of workers under a limit that may change while it runs (the
// concurrency controller): each worker takes the next unit as soon as its previous one finishes
// and the limit allows, so the server always has `limit` requests (no batch-and-wait).
// Failed units come back later (pushLater) without holding a worker; a server-wide pause
// (Retry-After on 429/503) holds every worker until it passes.

export class WorkQueue<T> {
  private items: T[] = [];
  private head = 0;
  private delayed = new Set<NodeJS.Timeout>();
  private waiters: Array<() => void> = [];
  private active = 0;
  private pausedUntil = 0;
  private cancelled = false;

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

  /**
   * Run workers until the queue is empty, no unit is being handled and none waits to come back.
   * `concurrency`: a fixed count, or the most workers and a function giving how many may be busy now.
   */
  async run(concurrency: number | { max: number; limit: () => number }, handle: (item: T) => Promise<void>): Promise<void> {
    const workers = typeof concurrency === "number" ? concurrency : concurrency.max;
    const limit = typeof concurrency === "number" ? (): number => workers : (): number => Math.max(1, concurrency.limit());
    const worker = async (): Promise<void> => {
      for (;;) {
        if (this.cancelled) return;
        if (this.active >= limit()) {
          await new Promise<void>((r) => this.waiters.push(r));
          continue;
        }
        const wait = this.pausedUntil - Date.now();
        if (wait > 0) {
          await new Promise((r) => setTimeout(r, wait));
          continue;
        }
        const item = this.shift();
        if (item === undefined) {
          if (this.active === 0 && this.delayed.size === 0) {
            this.wakeAll();
            return;
          }
          await new Promise<void>((r) => this.waiters.push(r));
          continue;
        }
        this.active++;
        try {
          await handle(item);
        } finally {
          this.active--;
          if (this.active === 0 && this.length === 0 && this.delayed.size === 0) this.wakeAll();
          // The limit may have grown: let as many waiting workers go as it now allows.
          else for (let free = limit() - this.active - 1; free > 0 && this.waiters.length; free--) this.wakeOne();
        }
      }
    };
    await Promise.all(Array.from({ length: Math.max(1, workers) }, worker));
  }
}
