/** Syntax tree of a parsed Python `re` pattern, flags, and width computation (`SubPattern.getwidth`). */

export const FLAG_TEMPLATE = 1;
export const FLAG_IGNORECASE = 2;
export const FLAG_LOCALE = 4;
export const FLAG_MULTILINE = 8;
export const FLAG_DOTALL = 16;
export const FLAG_UNICODE = 32;
export const FLAG_VERBOSE = 64;
export const FLAG_DEBUG = 128;
export const FLAG_ASCII = 256;
export const TYPE_FLAGS = FLAG_ASCII | FLAG_LOCALE | FLAG_UNICODE;
export const GLOBAL_FLAGS = FLAG_DEBUG | FLAG_TEMPLATE;

/** `_sre.MAXREPEAT` (an unbounded repeat has max = MAXREPEAT). */
export const MAXREPEAT = 4294967295;
/** `_sre.MAXGROUPS` on 64-bit builds. */
export const MAXGROUPS = 1073741823;

export type Category = "d" | "D" | "s" | "S" | "w" | "W";

export type SetItem =
  | { readonly k: "lit"; readonly cp: number }
  | { readonly k: "range"; readonly lo: number; readonly hi: number }
  | { readonly k: "cat"; readonly cat: Category };

export type AtKind = "bol" | "eol" | "bos" | "eos" | "boundary" | "nonboundary";

export type Node =
  | { readonly t: "lit"; readonly cp: number }
  | { readonly t: "notlit"; readonly cp: number }
  | { readonly t: "set"; readonly neg: boolean; readonly items: readonly SetItem[] }
  | { readonly t: "any" }
  | { readonly t: "at"; readonly at: AtKind }
  | { readonly t: "group"; readonly id: number | null; readonly add: number; readonly del: number; readonly body: Seq }
  | { readonly t: "atomic"; readonly body: Seq }
  | {
      readonly t: "repeat";
      readonly mode: "greedy" | "lazy" | "possessive";
      readonly min: number;
      readonly max: number;
      readonly body: Seq;
    }
  | { readonly t: "branch"; readonly alts: readonly Seq[] }
  | { readonly t: "assert"; readonly neg: boolean; readonly behind: boolean; readonly body: Seq }
  | { readonly t: "ref"; readonly id: number }
  | { readonly t: "cond"; readonly id: number; readonly yes: Seq; readonly no: Seq | null };

export type Seq = readonly Node[];

export interface ParsedPattern {
  readonly body: Seq;
  /** Global flags after inline `(?x)` flags (UNICODE added unless ASCII). */
  readonly flags: number;
  /** Number of capture groups (Python `groups`). */
  readonly groups: number;
  readonly groupNames: ReadonlyMap<string, number>;
  /** Width (min, max) of each closed group, index = group id. */
  readonly groupWidths: ReadonlyArray<readonly [number, number] | null>;
}

/** `SubPattern.getwidth()` for a sequence. */
export function seqWidth(seq: Seq, groupWidths: ReadonlyArray<readonly [number, number] | null>): [number, number] {
  let lo = 0;
  let hi = 0;
  for (const n of seq) {
    const [l, h] = nodeWidth(n, groupWidths);
    lo += l;
    hi += h;
  }
  return [Math.min(lo, MAXREPEAT - 1), Math.min(hi, MAXREPEAT)];
}

function nodeWidth(n: Node, gw: ReadonlyArray<readonly [number, number] | null>): [number, number] {
  switch (n.t) {
    case "branch": {
      let i = MAXREPEAT - 1;
      let j = 0;
      for (const a of n.alts) {
        const [l, h] = seqWidth(a, gw);
        i = Math.min(i, l);
        j = Math.max(j, h);
      }
      return [i, j];
    }
    case "atomic":
    case "group":
      return seqWidth(n.body, gw);
    case "repeat": {
      const [i, j] = seqWidth(n.body, gw);
      return [i * n.min, j * n.max];
    }
    case "lit":
    case "notlit":
    case "set":
    case "any":
      return [1, 1];
    case "ref": {
      const w = gw[n.id];
      return w ? [w[0], w[1]] : [0, 0];
    }
    case "cond": {
      let [i, j] = seqWidth(n.yes, gw);
      if (n.no !== null) {
        const [l, h] = seqWidth(n.no, gw);
        i = Math.min(i, l);
        j = Math.max(j, h);
      } else {
        i = 0;
      }
      return [i, j];
    }
    case "at":
    case "assert":
      return [0, 0];
  }
}

/** `_combine_flags`: flags inside a scoped `(?a-b:...)` group. */
export function combineFlags(flags: number, add: number, del: number): number {
  let f = flags;
  if (add & TYPE_FLAGS) f &= ~TYPE_FLAGS;
  return (f | add) & ~del;
}
