/**
 * Translates a parsed Python pattern into JS `u`-flag RegExp source with the
 * same matches, or throws PyRegexError: "re.error" for what Python's compiler
 * rejects (look-behind width, template flag), "unsupported" for constructs
 * whose Python semantics a JS RegExp cannot reproduce.
 */
import { ASCII_WORD_CLASS_BODY, WORD_ALTERNATION } from "./chars.js";
import {
  FLAG_ASCII,
  FLAG_DOTALL,
  FLAG_IGNORECASE,
  FLAG_MULTILINE,
  FLAG_TEMPLATE,
  MAXREPEAT,
  type Node,
  type ParsedPattern,
  type Seq,
  combineFlags,
  seqWidth,
} from "./re-ast.js";
import {
  ANY_CHAR,
  classSource,
  ignoreCaseLiteral,
  ignoreCaseSet,
  isCasedLiteral,
  isWordCp,
  literal,
  plainSet,
} from "./re-charset.js";
import { PyRegexError } from "./re-error.js";

type Widths = ParsedPattern["groupWidths"];

/** Python compile-time errors, raised in the order `re._compiler._compile` meets them. */
export function checkCompileErrors(p: ParsedPattern, pattern: string): void {
  const visit = (seq: Seq, flags: number): void => {
    for (const n of seq) {
      switch (n.t) {
        case "repeat":
          if (flags & FLAG_TEMPLATE) {
            const op = n.mode === "greedy" ? "MAX_REPEAT" : n.mode === "lazy" ? "MIN_REPEAT" : "POSSESSIVE_REPEAT";
            throw new PyRegexError(`internal: unsupported template operator ${op}`, pattern, null);
          }
          visit(n.body, flags);
          break;
        case "group":
          visit(n.body, combineFlags(flags, n.add, n.del));
          break;
        case "atomic":
          visit(n.body, flags);
          break;
        case "assert":
          if (n.behind) {
            const [lo, hi] = seqWidth(n.body, p.groupWidths);
            if (lo !== hi) throw new PyRegexError("look-behind requires fixed-width pattern", pattern, null);
          }
          visit(n.body, flags);
          break;
        case "branch":
          for (const a of n.alts) visit(a, flags);
          break;
        case "cond":
          visit(n.yes, flags);
          if (n.no) visit(n.no, flags);
          break;
        default:
          break;
      }
    }
  };
  visit(p.body, p.flags);
}

/** Groups certainly set after `seq` matched. */
function mandatory(seq: Seq): Set<number> {
  const out = new Set<number>();
  for (const n of seq) for (const g of mandatoryNode(n)) out.add(g);
  return out;
}

function mandatoryNode(n: Node): Set<number> {
  switch (n.t) {
    case "group": {
      const s = mandatory(n.body);
      if (n.id !== null) s.add(n.id);
      return s;
    }
    case "atomic":
      return mandatory(n.body);
    case "repeat":
      return n.min >= 1 ? mandatory(n.body) : new Set();
    case "assert":
      return n.neg ? new Set() : mandatory(n.body);
    case "branch": {
      const sets = n.alts.map(mandatory);
      const first = sets[0] ?? new Set<number>();
      return new Set([...first].filter((g) => sets.every((s) => s.has(g))));
    }
    default:
      return new Set();
  }
}

/** All capture groups inside `seq`. */
function groupsIn(seq: Seq, out = new Set<number>()): Set<number> {
  for (const n of seq) {
    switch (n.t) {
      case "group":
        if (n.id !== null) out.add(n.id);
        groupsIn(n.body, out);
        break;
      case "atomic":
      case "repeat":
      case "assert":
        groupsIn(n.body, out);
        break;
      case "branch":
        for (const a of n.alts) groupsIn(a, out);
        break;
      case "cond":
        groupsIn(n.yes, out);
        if (n.no) groupsIn(n.no, out);
        break;
      default:
        break;
    }
  }
  return out;
}

/** Structural equality of two nodes (Python's branch prefix factoring compares items). */
function sameNode(a: Node, b: Node): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

/** A branch that `re._parser._parse_sub` turns into one character set. */
function branchIsSet(n: Extract<Node, { t: "branch" }>): boolean {
  const firsts = n.alts.map((a) => a[0]);
  const f0 = firsts[0];
  if (f0 !== undefined && firsts.every((f) => f !== undefined && sameNode(f, f0))) return false; // prefix factored out
  return n.alts.every((a) => a.length === 1 && a[0] !== undefined && (a[0].t === "lit" || (a[0].t === "set" && !a[0].neg)));
}

/** `re._compiler._simple`: a repeat body of exactly one character (compiled to *_REPEAT_ONE). */
function isSimpleBody(seq: Seq): boolean {
  if (seq.length !== 1) return false;
  const n = seq[0] as Node;
  switch (n.t) {
    case "lit":
    case "notlit":
    case "set":
    case "any":
      return true;
    case "group":
      return n.id === null && isSimpleBody(n.body);
    case "branch":
      return branchIsSet(n);
    default:
      return false;
  }
}

/**
 * Bodies made of single characters, anchors, back-references and groups of
 * those. CPython 3.11.2's POSSESSIVE_REPEAT (possessive repeat of a body that is
 * not one character) gives wrong results when its body backtracks or contains
 * look-arounds or repeats (gh-100061, gh-106052; fixed in 3.11.5).
 */
function possessiveSafe(seq: Seq): boolean {
  return seq.every((n) => {
    switch (n.t) {
      case "lit":
      case "notlit":
      case "set":
      case "any":
      case "at":
      case "ref":
        return true;
      case "group":
        return possessiveSafe(n.body);
      case "branch":
        return branchIsSet(n);
      default:
        return false;
    }
  });
}

interface Ctx {
  readonly flags: number;
  /** Inside a look-behind (JS matches it right to left). */
  readonly behind: boolean;
  /** Groups certainly set at this point of the match. */
  readonly set: Set<number>;
}

export interface Emitted {
  readonly source: string;
  /** JS group number of each Python group (index = Python group id; 0 unused). */
  readonly groupMap: readonly number[];
}

/** JS source for the pattern; JS group numbers start after `groupOffset` groups emitted before it. */
export function emitPattern(p: ParsedPattern, pattern: string, groupOffset: number): Emitted {
  let jsGroups = groupOffset;
  const groupMap: number[] = new Array<number>(p.groups + 1).fill(0);
  const widths: Widths = p.groupWidths;
  const unsupported = (what: string): PyRegexError => new PyRegexError(what, pattern, null, "unsupported");

  // \b needs the word class up to 4 times: the alternation form builds faster in V8.
  const wordAlt = (flags: number): string => (flags & FLAG_ASCII ? `[${ASCII_WORD_CLASS_BODY}]` : WORD_ALTERNATION);

  /** Whether the literal `n` certainly consumes a word character (true), a non-word one (false), or either (null). */
  const literalWordness = (n: Node | undefined, flags: number): boolean | null => {
    if (n === undefined || n.t !== "lit") return null;
    const unicode = (flags & FLAG_ASCII) === 0;
    const cps =
      flags & FLAG_IGNORECASE && isCasedLiteral(n.cp, unicode)
        ? ignoreCaseLiteral(n.cp, unicode).flatMap(([lo, hi]) => Array.from({ length: hi - lo + 1 }, (_, k) => lo + k))
        : [n.cp];
    const words = cps.map((cp) => isWordCp(cp, unicode));
    if (words.every((w) => w)) return true;
    if (words.every((w) => !w)) return false;
    return null;
  };

  /** \b or \B next to a literal: one side is known, so a single look-around does (same matches, cheaper). */
  const boundaryNextToLiteral = (n: Node, next: Node | undefined, prev: Node | undefined, flags: number): string | null => {
    if (n.t !== "at" || (n.at !== "boundary" && n.at !== "nonboundary")) return null;
    const w = wordAlt(flags);
    const boundary = n.at === "boundary";
    const nextWord = literalWordness(next, flags);
    if (nextWord !== null) return nextWord === boundary ? `(?<!${w})` : `(?<=${w})`;
    const prevWord = literalWordness(prev, flags);
    if (prevWord !== null) return prevWord === boundary ? `(?!${w})` : `(?=${w})`;
    return null;
  };

  const emitSeq = (seq: Seq, ctx: Ctx): string => {
    let out = "";
    seq.forEach((n, i) => {
      out += boundaryNextToLiteral(n, seq[i + 1], seq[i - 1], ctx.flags) ?? emitNode(n, ctx);
      for (const g of mandatoryNode(n)) ctx.set.add(g);
    });
    return out;
  };

  const child = (ctx: Ctx, flags = ctx.flags, behind = ctx.behind): Ctx => ({ flags, behind, set: new Set(ctx.set) });

  const emitNode = (n: Node, ctx: Ctx): string => {
    const unicode = (ctx.flags & FLAG_ASCII) === 0;
    const ignoreCase = (ctx.flags & FLAG_IGNORECASE) !== 0;
    switch (n.t) {
      case "lit":
        if (ignoreCase && isCasedLiteral(n.cp, unicode)) return classSource(ignoreCaseLiteral(n.cp, unicode), [], false, unicode);
        return literal(n.cp);
      case "notlit":
        if (ignoreCase && isCasedLiteral(n.cp, unicode)) return classSource(ignoreCaseLiteral(n.cp, unicode), [], true, unicode);
        return `[^${literal(n.cp)}]`;
      case "set": {
        const { ranges, cats } = ignoreCase ? ignoreCaseSet(n.items, unicode) : plainSet(n.items);
        return classSource(ranges, cats, n.neg, unicode);
      }
      case "any":
        return ctx.flags & FLAG_DOTALL ? ANY_CHAR : "[^\\n]";
      case "at":
        switch (n.at) {
          case "bol":
            return ctx.flags & FLAG_MULTILINE ? "(?<![^\\n])" : "^";
          case "eol":
            return ctx.flags & FLAG_MULTILINE ? "(?![^\\n])" : "(?=\\n?$)";
          case "bos":
            return "^";
          case "eos":
            return "$";
          case "boundary": {
            const w = wordAlt(ctx.flags);
            return `(?:(?<=${w})(?!${w})|(?<!${w})(?=${w}))`;
          }
          case "nonboundary": {
            // Python: \B never matches in an empty string.
            const w = wordAlt(ctx.flags);
            return `(?:(?<=${ANY_CHAR})|(?=${ANY_CHAR}))(?:(?<=${w})(?=${w})|(?<!${w})(?!${w}))`;
          }
        }
        break;
      case "group": {
        const inner = child(ctx, combineFlags(ctx.flags, n.add, n.del));
        if (n.id === null) return `(?:${emitSeq(n.body, inner)})`;
        groupMap[n.id] = ++jsGroups;
        return `(${emitSeq(n.body, inner)})`;
      }
      case "atomic": {
        if (ctx.behind) return `(?:${emitSeq(n.body, child(ctx))})`;
        const g = ++jsGroups;
        return `(?=(${emitSeq(n.body, child(ctx))}))(?:\\${g})`;
      }
      case "repeat":
        return emitRepeat(n, ctx);
      case "branch":
        return `(?:${n.alts.map((a) => emitSeq(a, child(ctx))).join("|")})`;
      case "assert": {
        const inner = child(ctx, ctx.flags, n.behind);
        const body = emitSeq(n.body, inner);
        return `(?${n.behind ? "<" : ""}${n.neg ? "!" : "="}${body})`;
      }
      case "ref": {
        if (ignoreCase) throw unsupported("backreference under IGNORECASE (Python compares lowercased characters)");
        if (!ctx.set.has(n.id)) {
          throw unsupported(`backreference to group ${n.id}, which may not have participated (Python fails, JS matches empty)`);
        }
        return `(?:\\${groupMap[n.id]})`;
      }
      case "cond":
        throw unsupported("conditional group (?(id)yes|no)");
    }
    return "";
  };

  const emitRepeat = (n: Extract<Node, { t: "repeat" }>, ctx: Ctx): string => {
    if (n.max > n.min && seqWidth(n.body, widths)[0] === 0) {
      throw unsupported("repeat of a subpattern that can match the empty string");
    }
    if (n.max > 1) {
      const inside = groupsIn(n.body);
      if (inside.size > 0) {
        if (ctx.behind) throw unsupported("capture group inside a repeat inside a look-behind");
        const mand = mandatory(n.body);
        for (const g of inside) {
          if (!mand.has(g)) throw unsupported(`capture group ${g} inside a repeat that does not always set it`);
        }
      }
    }
    if (n.mode === "possessive" && !isSimpleBody(n.body) && !possessiveSafe(n.body)) {
      throw unsupported("possessive repeat of a subpattern with alternatives, repeats or look-arounds (CPython 3.11.2 bugs gh-100061/gh-106052)");
    }
    let q: string;
    if (n.min === 0 && n.max === MAXREPEAT) q = "*";
    else if (n.min === 1 && n.max === MAXREPEAT) q = "+";
    else if (n.min === 0 && n.max === 1) q = "?";
    else if (n.min === n.max) q = `{${n.min}}`;
    else if (n.max === MAXREPEAT) q = `{${n.min},}`;
    else q = `{${n.min},${n.max}}`;
    if (n.mode === "possessive" && !ctx.behind) {
      const g = ++jsGroups;
      return `(?=((?:${emitSeq(n.body, child(ctx))})${q}))(?:\\${g})`;
    }
    const lazy = n.mode === "lazy" ? "?" : "";
    return `(?:${emitSeq(n.body, child(ctx))})${q}${lazy}`;
  };

  const source = emitSeq(p.body, { flags: p.flags, behind: false, set: new Set() });
  return { source, groupMap };
}
