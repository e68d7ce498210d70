// Shards: `--shard I/N` runs a deterministic 1/N of each benchmark's items, so that a batch system
// (Slurm array, Kubernetes indexed Job) can split one evaluation and `workbench merge` can join it.
// Items are ranked by a hash of benchmark name and item id and dealt out round-robin: every shard
// gets within one item of its share, the split depends only on the item ids (stable across runs,
// machines and dataset file order), and all samples of an item stay with the item.
import { sha256Hex } from "../util/hash.js";
import { UsageError } from "../util/usage-error.js";

export interface Shard {
  /** 1-based. */
  index: number;
  count: number;
}

/** Parse `I/N` (1 <= I <= N); UsageError naming the flag otherwise. */
export function parseShard(text: string, flag = "--shard"): Shard {
  const m = /^\s*(\d+)\s*\/\s*(\d+)\s*$/.exec(text);
  const index = m ? Number(m[1]) : NaN;
  const count = m ? Number(m[2]) : NaN;
  if (!m || !(count >= 1) || !(index >= 1) || index > count || count > 100_000) {
    throw new UsageError(`${flag}: expected I/N with 1 <= I <= N (e.g. 2/8), got '${text}'`);
  }
  return { index, count };
}

export function shardLabel(s: Shard): string {
  return `${s.index}/${s.count}`;
}

/** The shard (1-based) each id belongs to, aligned with `ids`. */
export function shardAssignment(bench: string, ids: readonly string[], count: number): number[] {
  const ranked = ids.map((id, i) => ({ i, id, h: sha256Hex(`${bench}\n${id}`) }));
  ranked.sort((a, b) => (a.h < b.h ? -1 : a.h > b.h ? 1 : a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  const out = new Array<number>(ids.length);
  ranked.forEach((r, rank) => (out[r.i] = (rank % count) + 1));
  return out;
}

/** The items of `shard`, in their original order. */
export function selectShard<T>(bench: string, items: readonly T[], ids: readonly string[], shard: Shard): T[] {
  const owner = shardAssignment(bench, ids, shard.count);
  return items.filter((_, i) => owner[i] === shard.index);
}
