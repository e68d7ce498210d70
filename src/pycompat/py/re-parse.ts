/**
 * Parser for Python 3.11 `re` str patterns. It follows `re._parser` step by
 * step so that the same patterns are rejected with the same message and
 * position; the output is the syntax tree of `re-ast.ts`.
 */
import { isPyIdentifier, pyRepr } from "./chars.js";
import {
  type Category,
  FLAG_ASCII,
  FLAG_DEBUG,
  FLAG_DOTALL,
  FLAG_IGNORECASE,
  FLAG_LOCALE,
  FLAG_MULTILINE,
  FLAG_TEMPLATE,
  FLAG_UNICODE,
  FLAG_VERBOSE,
  GLOBAL_FLAGS,
  MAXGROUPS,
  MAXREPEAT,
  type Node,
  type ParsedPattern,
  type Seq,
  type SetItem,
  TYPE_FLAGS,
  seqWidth,
} from "./re-ast.js";
import { PyRegexError } from "./re-error.js";

const SPECIAL_CHARS = ".\\[{()*+?^$|";
const REPEAT_CHARS = "*+?{";
const DIGITS = "0123456789";
const OCTDIGITS = "01234567";
const HEXDIGITS = "0123456789abcdefABCDEF";
const WHITESPACE = " \t\n\r\v\f";
const FLAGS: ReadonlyMap<string, number> = new Map([
  ["i", FLAG_IGNORECASE],
  ["L", FLAG_LOCALE],
  ["m", FLAG_MULTILINE],
  ["s", FLAG_DOTALL],
  ["x", FLAG_VERBOSE],
  ["a", FLAG_ASCII],
  ["t", FLAG_TEMPLATE],
  ["u", FLAG_UNICODE],
]);

const ESCAPES: Readonly<Record<string, number>> = {
  "\\a": 7,
  "\\b": 8,
  "\\f": 12,
  "\\n": 10,
  "\\r": 13,
  "\\t": 9,
  "\\v": 11,
  "\\\\": 92,
};

const CATEGORY_ESCAPES: Readonly<Record<string, Category>> = {
  "\\d": "d",
  "\\D": "D",
  "\\s": "s",
  "\\S": "S",
  "\\w": "w",
  "\\W": "W",
};

/** `c in charset` where c may be null or a two-character escape token. */
function inSet(c: string | null, chars: string): boolean {
  return c !== null && c.length === 1 && chars.includes(c);
}

function isAsciiLetter(c: string): boolean {
  return /^[A-Za-z]$/.test(c);
}

function cpLen(s: string): number {
  return Array.from(s).length;
}

class Tokenizer {
  private readonly chars: string[];
  index = 0;
  next: string | null = null;
  private nextLen = 0;

  constructor(readonly pattern: string) {
    this.chars = Array.from(pattern);
    this.advance();
  }

  private advance(): void {
    let i = this.index;
    const ch = this.chars[i];
    if (ch === undefined) {
      this.next = null;
      this.nextLen = 0;
      return;
    }
    let tok = ch;
    let len = 1;
    if (ch === "\\") {
      i++;
      const esc = this.chars[i];
      if (esc === undefined) throw new PyRegexError("bad escape (end of pattern)", this.pattern, this.chars.length - 1);
      tok += esc;
      len = 2;
    }
    this.index = i + 1;
    this.next = tok;
    this.nextLen = len;
  }

  match(c: string): boolean {
    if (c === this.next) {
      this.advance();
      return true;
    }
    return false;
  }

  get(): string | null {
    const t = this.next;
    this.advance();
    return t;
  }

  getwhile(n: number, charset: string): string {
    let result = "";
    for (let k = 0; k < n; k++) {
      const c = this.next;
      if (!inSet(c, charset)) break;
      result += c;
      this.advance();
    }
    return result;
  }

  getuntil(terminator: string, name: string): string {
    let result = "";
    for (;;) {
      const c = this.next;
      this.advance();
      if (c === null) {
        if (result === "") throw this.error("missing " + name);
        throw this.error(`missing ${terminator}, unterminated name`, cpLen(result));
      }
      if (c === terminator) {
        if (result === "") throw this.error("missing " + name, 1);
        break;
      }
      result += c;
    }
    return result;
  }

  tell(): number {
    return this.index - this.nextLen;
  }

  seek(index: number): void {
    this.index = index;
    this.advance();
  }

  error(msg: string, offset = 0): PyRegexError {
    return new PyRegexError(msg, this.pattern, this.tell() - offset);
  }

  unsupported(msg: string, offset = 0): PyRegexError {
    return new PyRegexError(msg, this.pattern, this.tell() - offset, "unsupported");
  }

  checkgroupname(name: string, offset: number): void {
    if (!isPyIdentifier(name)) throw this.error(`bad character in group name ${pyRepr(name)}`, cpLen(name) + offset);
  }
}

class State {
  flags = 0;
  readonly groupdict = new Map<string, number>();
  readonly groupwidths: Array<[number, number] | null> = [null];
  lookbehindgroups: number | null = null;
  readonly grouprefpos = new Map<number, number>();

  get groups(): number {
    return this.groupwidths.length;
  }

  opengroup(source: Tokenizer, name: string | null): number {
    const gid = this.groups;
    this.groupwidths.push(null);
    if (name !== null) {
      const ogid = this.groupdict.get(name);
      if (ogid !== undefined) {
        throw source.error(
          `redefinition of group name ${pyRepr(name)} as group ${gid}; was group ${ogid}`,
          cpLen(name) + 1,
        );
      }
      this.groupdict.set(name, gid);
    }
    return gid;
  }

  closegroup(gid: number, p: Seq): void {
    this.groupwidths[gid] = seqWidth(p, this.groupwidths);
  }

  checkgroup(gid: number): boolean {
    return gid < this.groups && this.groupwidths[gid] !== null;
  }

  checklookbehindgroup(gid: number, source: Tokenizer): void {
    if (this.lookbehindgroups !== null) {
      if (!this.checkgroup(gid)) throw source.error("cannot refer to an open group");
      if (gid >= this.lookbehindgroups) {
        throw source.error("cannot refer to group defined in the same lookbehind subpattern");
      }
    }
  }
}

type Code = { kind: "node"; node: Node } | { kind: "cat"; cat: Category };

function hexValue(s: string): number {
  return parseInt(s, 16);
}

/** `_class_escape`: an escape inside `[...]`; returns a literal code point or a category. */
function classEscape(source: Tokenizer, escape: string): { cp: number } | { cat: Category } {
  const lit = ESCAPES[escape];
  if (lit !== undefined) return { cp: lit };
  const cat = CATEGORY_ESCAPES[escape];
  if (cat !== undefined) return { cat };
  const c = escape.slice(1, 2);
  let esc = escape;
  if (c === "x") {
    esc += source.getwhile(2, HEXDIGITS);
    if (esc.length !== 4) throw source.error(`incomplete escape ${esc}`, esc.length);
    return { cp: hexValue(esc.slice(2)) };
  } else if (c === "u") {
    esc += source.getwhile(4, HEXDIGITS);
    if (esc.length !== 6) throw source.error(`incomplete escape ${esc}`, esc.length);
    return { cp: hexValue(esc.slice(2)) };
  } else if (c === "U") {
    esc += source.getwhile(8, HEXDIGITS);
    if (esc.length !== 10) throw source.error(`incomplete escape ${esc}`, esc.length);
    const v = hexValue(esc.slice(2));
    if (v > 0x10ffff) throw source.error(`bad escape ${esc}`, esc.length);
    return { cp: v };
  } else if (c === "N") {
    return { cp: namedEscape(source) };
  } else if (inSet(c, OCTDIGITS)) {
    esc += source.getwhile(2, OCTDIGITS);
    const v = parseInt(esc.slice(1), 8);
    if (v > 0o377) throw source.error(`octal escape value ${esc} outside of range 0-0o377`, esc.length);
    return { cp: v };
  } else if (inSet(c, DIGITS)) {
    throw source.error(`bad escape ${esc}`, esc.length);
  }
  if (esc.length === 2) {
    if (isAsciiLetter(c)) throw source.error(`bad escape ${esc}`, esc.length);
    return { cp: c.codePointAt(0) ?? 0 };
  }
  throw source.error(`bad escape ${esc}`, esc.length);
}

/** `\N{NAME}`: syntax is checked like Python; the Unicode name database is not available here. */
function namedEscape(source: Tokenizer): number {
  if (!source.match("{")) throw source.error("missing {");
  const name = source.getuntil("}", "character name");
  throw source.unsupported(`\\N{${name}} named character escapes`, cpLen(name) + 4);
}

/** `_escape`: an escape outside a character class. */
function escapeCode(source: Tokenizer, escape: string, state: State): Code {
  switch (escape) {
    case "\\A":
      return { kind: "node", node: { t: "at", at: "bos" } };
    case "\\Z":
      return { kind: "node", node: { t: "at", at: "eos" } };
    case "\\b":
      return { kind: "node", node: { t: "at", at: "boundary" } };
    case "\\B":
      return { kind: "node", node: { t: "at", at: "nonboundary" } };
  }
  const cat = CATEGORY_ESCAPES[escape];
  if (cat !== undefined) return { kind: "cat", cat };
  const lit = ESCAPES[escape];
  if (lit !== undefined) return { kind: "node", node: { t: "lit", cp: lit } };
  const c = escape.slice(1, 2);
  let esc = escape;
  const literal = (cp: number): Code => ({ kind: "node", node: { t: "lit", cp } });
  if (c === "x") {
    esc += source.getwhile(2, HEXDIGITS);
    if (esc.length !== 4) throw source.error(`incomplete escape ${esc}`, esc.length);
    return literal(hexValue(esc.slice(2)));
  } else if (c === "u") {
    esc += source.getwhile(4, HEXDIGITS);
    if (esc.length !== 6) throw source.error(`incomplete escape ${esc}`, esc.length);
    return literal(hexValue(esc.slice(2)));
  } else if (c === "U") {
    esc += source.getwhile(8, HEXDIGITS);
    if (esc.length !== 10) throw source.error(`incomplete escape ${esc}`, esc.length);
    const v = hexValue(esc.slice(2));
    if (v > 0x10ffff) throw source.error(`bad escape ${esc}`, esc.length);
    return literal(v);
  } else if (c === "N") {
    return literal(namedEscape(source));
  } else if (c === "0") {
    esc += source.getwhile(2, OCTDIGITS);
    return literal(parseInt(esc.slice(1), 8));
  } else if (inSet(c, DIGITS)) {
    if (inSet(source.next, DIGITS)) {
      esc += source.get() ?? "";
      if (inSet(esc[1] ?? null, OCTDIGITS) && inSet(esc[2] ?? null, OCTDIGITS) && inSet(source.next, OCTDIGITS)) {
        esc += source.get() ?? "";
        const v = parseInt(esc.slice(1), 8);
        if (v > 0o377) throw source.error(`octal escape value ${esc} outside of range 0-0o377`, esc.length);
        return literal(v);
      }
    }
    const group = parseInt(esc.slice(1), 10);
    if (group < state.groups) {
      if (!state.checkgroup(group)) throw source.error("cannot refer to an open group", esc.length);
      state.checklookbehindgroup(group, source);
      return { kind: "node", node: { t: "ref", id: group } };
    }
    throw source.error(`invalid group reference ${group}`, esc.length - 1);
  }
  if (esc.length === 2) {
    if (isAsciiLetter(c)) throw source.error(`bad escape ${esc}`, esc.length);
    return literal(c.codePointAt(0) ?? 0);
  }
  throw source.error(`bad escape ${esc}`, esc.length);
}

function codeToNode(code: Code): Node {
  return code.kind === "node" ? code.node : { t: "set", neg: false, items: [{ k: "cat", cat: code.cat }] };
}

/**
 * Python's recursive parser raises RecursionError somewhere near 490 nested
 * groups (the exact point depends on the caller's stack); deep nesting is
 * refused instead of guessed.
 */
const MAX_NESTED = 400;

function parseSub(source: Tokenizer, state: State, verboseIn: boolean, nested: number): Seq {
  if (nested > MAX_NESTED) throw source.unsupported("groups nested more than 200 deep (Python raises RecursionError near 490)");
  let verbose = verboseIn;
  const items: Seq[] = [];
  for (;;) {
    items.push(parseSeq(source, state, verbose, nested + 1, nested === 0 && items.length === 0));
    if (!source.match("|")) break;
    if (nested === 0) verbose = (state.flags & FLAG_VERBOSE) !== 0;
  }
  if (items.length === 1) return items[0] ?? [];
  return [{ t: "branch", alts: items }];
}

/** Python's `int(name)` for a conditional group name made of ASCII digits (else null). */
function conditionalGroupNumber(name: string): number | null {
  const m = /^[ \t\n\r\f\v]*([+-]?)([0-9]+(?:_[0-9]+)*)[ \t\n\r\f\v]*$/.exec(name);
  if (!m) return null;
  const v = parseInt((m[2] ?? "").replace(/_/g, ""), 10);
  return m[1] === "-" ? -v : v;
}

function parseClass(source: Tokenizer): Node {
  const here = source.tell() - 1;
  const set: SetItem[] = [];
  const negate = source.match("^");
  for (;;) {
    const thisTok = source.get();
    if (thisTok === null) throw source.error("unterminated character set", source.tell() - here);
    if (thisTok === "]" && set.length > 0) break;
    let code1: { cp: number } | { cat: Category };
    if (thisTok.startsWith("\\")) code1 = classEscape(source, thisTok);
    else code1 = { cp: thisTok.codePointAt(0) ?? 0 };
    if (source.match("-")) {
      const that = source.get();
      if (that === null) throw source.error("unterminated character set", source.tell() - here);
      if (that === "]") {
        set.push("cat" in code1 ? { k: "cat", cat: code1.cat } : { k: "lit", cp: code1.cp });
        set.push({ k: "lit", cp: 0x2d });
        break;
      }
      const code2 = that.startsWith("\\") ? classEscape(source, that) : { cp: that.codePointAt(0) ?? 0 };
      const rangeLen = cpLen(thisTok) + 1 + cpLen(that);
      if ("cat" in code1 || "cat" in code2) throw source.error(`bad character range ${thisTok}-${that}`, rangeLen);
      if (code2.cp < code1.cp) throw source.error(`bad character range ${thisTok}-${that}`, rangeLen);
      set.push({ k: "range", lo: code1.cp, hi: code2.cp });
    } else {
      set.push("cat" in code1 ? { k: "cat", cat: code1.cat } : { k: "lit", cp: code1.cp });
    }
  }
  const uniq = uniqItems(set);
  const first = uniq[0];
  if (uniq.length === 1 && first !== undefined && first.k === "lit") {
    return negate ? { t: "notlit", cp: first.cp } : { t: "lit", cp: first.cp };
  }
  return { t: "set", neg: negate, items: uniq };
}

function uniqItems(items: SetItem[]): SetItem[] {
  const seen = new Set<string>();
  const out: SetItem[] = [];
  for (const it of items) {
    const key = it.k === "lit" ? `l${it.cp}` : it.k === "range" ? `r${it.lo},${it.hi}` : `c${it.cat}`;
    if (seen.has(key)) continue;
    seen.add(key);
    out.push(it);
  }
  return out;
}

function parseSeq(source: Tokenizer, state: State, verboseIn: boolean, nested: number, first: boolean): Seq {
  let verbose = verboseIn;
  const sub: Node[] = [];
  for (;;) {
    const thisTok = source.next;
    if (thisTok === null) break;
    if (thisTok === "|" || thisTok === ")") break;
    source.get();

    if (verbose) {
      if (inSet(thisTok, WHITESPACE)) continue;
      if (thisTok === "#") {
        for (;;) {
          const t = source.get();
          if (t === null || t === "\n") break;
        }
        continue;
      }
    }

    if (thisTok.startsWith("\\")) {
      sub.push(codeToNode(escapeCode(source, thisTok, state)));
    } else if (!SPECIAL_CHARS.includes(thisTok)) {
      sub.push({ t: "lit", cp: thisTok.codePointAt(0) ?? 0 });
    } else if (thisTok === "[") {
      sub.push(parseClass(source));
    } else if (REPEAT_CHARS.includes(thisTok)) {
      if (!parseRepeat(source, sub, thisTok)) continue;
    } else if (thisTok === ".") {
      sub.push({ t: "any" });
    } else if (thisTok === "(") {
      const r = parseGroup(source, state, verbose, nested, first, sub);
      if (r === "global-flags") verbose = (state.flags & FLAG_VERBOSE) !== 0;
      else if (r !== null) sub.push(r);
    } else if (thisTok === "^") {
      sub.push({ t: "at", at: "bol" });
    } else if (thisTok === "$") {
      sub.push({ t: "at", at: "eol" });
    }
  }
  // Python unpacks flag-less non-capturing groups here; the tree keeps them (same semantics).
  return sub;
}

/** Handles a repeat character; returns false when `{` turned out to be a literal. */
function parseRepeat(source: Tokenizer, sub: Node[], thisTok: string): boolean {
  const here = source.tell();
  let min = 0;
  let max = MAXREPEAT;
  if (thisTok === "?") {
    max = 1;
  } else if (thisTok === "+") {
    min = 1;
  } else if (thisTok === "{") {
    if (source.next === "}") {
      sub.push({ t: "lit", cp: 0x7b });
      return false;
    }
    let lo = "";
    let hi = "";
    while (inSet(source.next, DIGITS)) lo += source.get() ?? "";
    if (source.match(",")) {
      while (inSet(source.next, DIGITS)) hi += source.get() ?? "";
    } else {
      hi = lo;
    }
    if (!source.match("}")) {
      sub.push({ t: "lit", cp: 0x7b });
      source.seek(here);
      return false;
    }
    if (lo !== "") {
      min = Number(lo);
      if (min >= MAXREPEAT) throw new PyRegexError("the repetition number is too large", source.pattern, null, "OverflowError");
    }
    if (hi !== "") {
      max = Number(hi);
      if (max >= MAXREPEAT) throw new PyRegexError("the repetition number is too large", source.pattern, null, "OverflowError");
      if (max < min) throw source.error("min repeat greater than max repeat", source.tell() - here);
    }
  }
  const last = sub[sub.length - 1];
  if (last === undefined || last.t === "at") throw source.error("nothing to repeat", source.tell() - here + thisTok.length);
  if (last.t === "repeat") throw source.error("multiple repeat", source.tell() - here + thisTok.length);
  const body: Seq = last.t === "group" && last.id === null && last.add === 0 && last.del === 0 ? last.body : [last];
  let mode: "greedy" | "lazy" | "possessive" = "greedy";
  if (source.match("?")) mode = "lazy";
  else if (source.match("+")) mode = "possessive";
  sub[sub.length - 1] = { t: "repeat", mode, min, max, body };
  return true;
}

/** Parses after `(`; returns the node to append, null for a comment, or "global-flags". */
function parseGroup(
  source: Tokenizer,
  state: State,
  verbose: boolean,
  nested: number,
  first: boolean,
  sub: Node[],
): Node | null | "global-flags" {
  const start = source.tell() - 1;
  let capture = true;
  let atomic = false;
  let name: string | null = null;
  let addFlags = 0;
  let delFlags = 0;
  if (source.match("?")) {
    const char = source.get();
    if (char === null) throw source.error("unexpected end of pattern");
    if (char === "P") {
      if (source.match("<")) {
        name = source.getuntil(">", "group name");
        source.checkgroupname(name, 1);
      } else if (source.match("=")) {
        const ref = source.getuntil(")", "group name");
        source.checkgroupname(ref, 1);
        const gid = state.groupdict.get(ref);
        if (gid === undefined) throw source.error(`unknown group name ${pyRepr(ref)}`, cpLen(ref) + 1);
        if (!state.checkgroup(gid)) throw source.error("cannot refer to an open group", cpLen(ref) + 1);
        state.checklookbehindgroup(gid, source);
        return { t: "ref", id: gid };
      } else {
        const c2 = source.get();
        if (c2 === null) throw source.error("unexpected end of pattern");
        throw source.error("unknown extension ?P" + c2, cpLen(c2) + 2);
      }
    } else if (char === ":") {
      capture = false;
    } else if (char === "#") {
      for (;;) {
        if (source.next === null) throw source.error("missing ), unterminated comment", source.tell() - start);
        if (source.get() === ")") break;
      }
      return null;
    } else if (char === "=" || char === "!" || char === "<") {
      let kind = char;
      let behind = false;
      let savedLookbehind: number | null = null;
      if (char === "<") {
        const c2 = source.get();
        if (c2 === null) throw source.error("unexpected end of pattern");
        if (c2 !== "=" && c2 !== "!") throw source.error("unknown extension ?<" + c2, cpLen(c2) + 2);
        kind = c2;
        behind = true;
        savedLookbehind = state.lookbehindgroups;
        if (savedLookbehind === null) state.lookbehindgroups = state.groups;
      }
      const p = parseSub(source, state, verbose, nested + 1);
      if (behind && savedLookbehind === null) state.lookbehindgroups = null;
      if (!source.match(")")) throw source.error("missing ), unterminated subpattern", source.tell() - start);
      return { t: "assert", neg: kind === "!", behind, body: p };
    } else if (char === "(") {
      return parseConditional(source, state, verbose, nested, start);
    } else if (char === ">") {
      capture = false;
      atomic = true;
    } else if (FLAGS.has(char) || char === "-") {
      const flags = parseFlags(source, state, char);
      if (flags === null) {
        if (!first || sub.length > 0) {
          throw source.error("global flags not at the start of the expression", source.tell() - start);
        }
        return "global-flags";
      }
      [addFlags, delFlags] = flags;
      capture = false;
    } else {
      throw source.error("unknown extension ?" + char, cpLen(char) + 1);
    }
  }
  const group = capture ? state.opengroup(source, name) : null;
  const subVerbose = (verbose || (addFlags & FLAG_VERBOSE) !== 0) && (delFlags & FLAG_VERBOSE) === 0;
  const p = parseSub(source, state, subVerbose, nested + 1);
  if (!source.match(")")) throw source.error("missing ), unterminated subpattern", source.tell() - start);
  if (group !== null) state.closegroup(group, p);
  if (atomic) return { t: "atomic", body: p };
  return { t: "group", id: group, add: addFlags, del: delFlags, body: p };
}

function parseConditional(source: Tokenizer, state: State, verbose: boolean, nested: number, start: number): Node {
  const condname = source.getuntil(")", "group name");
  let condgroup: number;
  if (isPyIdentifier(condname)) {
    source.checkgroupname(condname, 1);
    const g = state.groupdict.get(condname);
    if (g === undefined) throw source.error(`unknown group name ${pyRepr(condname)}`, cpLen(condname) + 1);
    condgroup = g;
  } else {
    const v = conditionalGroupNumber(condname);
    if (v === null && /^\s*[+-]?[\p{Nd}_]+\s*$/u.test(condname)) {
      throw source.unsupported(`conditional group name ${pyRepr(condname)}`, cpLen(condname) + 1);
    }
    if (v === null || v < 0) throw source.error(`bad character in group name ${pyRepr(condname)}`, cpLen(condname) + 1);
    if (v === 0) throw source.error("bad group number", cpLen(condname) + 1);
    if (v >= MAXGROUPS) throw source.error(`invalid group reference ${v}`, cpLen(condname) + 1);
    condgroup = v;
    if (!state.grouprefpos.has(v)) state.grouprefpos.set(v, source.tell() - cpLen(condname) - 1);
  }
  state.checklookbehindgroup(condgroup, source);
  const yes = parseSeq(source, state, verbose, nested + 1, false);
  let no: Seq | null = null;
  if (source.match("|")) {
    no = parseSeq(source, state, verbose, nested + 1, false);
    if (source.next === "|") throw source.error("conditional backref with more than two branches");
  }
  if (!source.match(")")) throw source.error("missing ), unterminated subpattern", source.tell() - start);
  return { t: "cond", id: condgroup, yes, no };
}

function isAlpha(s: string): boolean {
  return /^\p{L}+$/u.test(s);
}

/** `_parse_flags`: null for global flags `(?i)`, else [add, del] for `(?i-m:...)`. */
function parseFlags(source: Tokenizer, state: State, first: string): [number, number] | null {
  let char: string | null = first;
  let add = 0;
  let del = 0;
  if (char !== "-") {
    for (;;) {
      const flag = FLAGS.get(char) ?? 0;
      if (char === "L") throw source.error("bad inline flags: cannot use 'L' flag with a str pattern");
      add |= flag;
      if (flag & TYPE_FLAGS && (add & TYPE_FLAGS) !== flag) {
        throw source.error("bad inline flags: flags 'a', 'u' and 'L' are incompatible");
      }
      char = source.get();
      if (char === null) throw source.error("missing -, : or )");
      if (char === ")" || char === "-" || char === ":") break;
      if (!FLAGS.has(char)) throw source.error(isAlpha(char) ? "unknown flag" : "missing -, : or )", cpLen(char));
    }
  }
  if (char === ")") {
    state.flags |= add;
    return null;
  }
  if (add & GLOBAL_FLAGS) throw source.error("bad inline flags: cannot turn on global flag", 1);
  if (char === "-") {
    char = source.get();
    if (char === null) throw source.error("missing flag");
    if (!FLAGS.has(char)) throw source.error(isAlpha(char) ? "unknown flag" : "missing flag", cpLen(char));
    for (;;) {
      const flag = FLAGS.get(char) ?? 0;
      if (flag & TYPE_FLAGS) throw source.error("bad inline flags: cannot turn off flags 'a', 'u' and 'L'");
      del |= flag;
      char = source.get();
      if (char === null) throw source.error("missing :");
      if (char === ":") break;
      if (!FLAGS.has(char)) throw source.error(isAlpha(char) ? "unknown flag" : "missing :", cpLen(char));
    }
  }
  if (del & GLOBAL_FLAGS) throw source.error("bad inline flags: cannot turn off global flag", 1);
  if (add & del) throw source.error("bad inline flags: flag turned on and off", 1);
  return [add, del];
}

/** `re._parser.parse(pattern, flags)` for a str pattern. */
export function parsePattern(pattern: string, flags: number): ParsedPattern {
  const source = new Tokenizer(pattern);
  const state = new State();
  state.flags = flags;
  const body = parseSub(source, state, (flags & FLAG_VERBOSE) !== 0, 0);
  let f = state.flags;
  if (!(f & FLAG_ASCII)) f |= FLAG_UNICODE;
  else if (f & FLAG_UNICODE) throw new PyRegexError("ASCII and UNICODE flags are incompatible", pattern, null, "ValueError");
  if (source.next !== null) throw source.error("unbalanced parenthesis");
  for (const [g, pos] of state.grouprefpos) {
    if (g >= state.groups) throw new PyRegexError(`invalid group reference ${g}`, pattern, pos);
  }
  return {
    body,
    flags: f & ~FLAG_DEBUG,
    groups: state.groups - 1,
    groupNames: state.groupdict,
    groupWidths: state.groupwidths,
  };
}
