// A fixed set of reusable things (a context's sequences) handed out one at a time: `acquire` waits
// while all are in use, `release` gives one back to the longest waiter.
export interface Pool<T> {
  acquire(): Promise<T>;
  release(item: T): void;
}

export function fixedPool<T>(items: T[]): Pool<T> {
  const free = [...items];
  const waiters: Array<(item: T) => void> = [];
  return {
    acquire: () => {
      const item = free.pop();
      return item !== undefined ? Promise.resolve(item) : new Promise<T>((r) => waiters.push(r));
    },
    release: (item) => {
      const w = waiters.shift();
      if (w) w(item);
      else free.push(item);
    },
  };
}
