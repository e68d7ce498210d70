/**
 * Python 3.11 `re` (str patterns) on top of JS RegExp: `compilePy` parses the
 * pattern like CPython (same errors), translates it to an equivalent `u`-flag
 * RegExp, and `PyPattern` reproduces `re.search`, `re.findall` and `re.split`
 * including Python's empty-match rules (3.7+: an empty match may follow a
 * non-empty one; after an empty match the next match must not be empty at
 * the same position, but may start there).
 */
import { FLAG_ASCII, FLAG_DOTALL, FLAG_IGNORECASE, FLAG_MULTILINE, FLAG_VERBOSE } from "./re-ast.js";
import { ANY_CHAR } from "./re-charset.js";
import { checkCompileErrors, emitPattern } from "./re-emit.js";
import { PyRegexError } from "./re-error.js";
import { parsePattern } from "./re-parse.js";

export { PyRegexError, type PyRegexErrorKind } from "./re-error.js";

/** `re` flags passed to `re.compile` (inline `(?imsxa)` flags in the pattern work too). */
export interface PyFlags {
  ignoreCase?: boolean;
  multiline?: boolean;
  dotAll?: boolean;
  verbose?: boolean;
  ascii?: boolean;
}

function flagBits(f: PyFlags | undefined): number {
  if (!f) return 0;
  return (
    (f.ignoreCase ? FLAG_IGNORECASE : 0) |
    (f.multiline ? FLAG_MULTILINE : 0) |
    (f.dotAll ? FLAG_DOTALL : 0) |
    (f.verbose ? FLAG_VERBOSE : 0) |
    (f.ascii ? FLAG_ASCII : 0)
  );
}

/** True when UTF-16 index `i` falls between the halves of a surrogate pair (no such position in Python). */
function midPair(s: string, i: number): boolean {
  if (i <= 0 || i >= s.length) return false;
  const hi = s.charCodeAt(i - 1);
  const lo = s.charCodeAt(i);
  return hi >= 0xd800 && hi <= 0xdbff && lo >= 0xdc00 && lo <= 0xdfff;
}

function nextIndex(s: string, i: number): number {
  const c = s.charCodeAt(i);
  if (c >= 0xd800 && c <= 0xdbff && i + 1 < s.length) {
    const d = s.charCodeAt(i + 1);
    if (d >= 0xdc00 && d <= 0xdfff) return i + 2;
  }
  return i + 1;
}

/** One match: UTF-16 offsets and Python groups (undefined = did not participate). */
export interface PyMatch {
  readonly start: number;
  readonly end: number;
  readonly text: string;
  /** groups[0] is group 1. */
  readonly groups: ReadonlyArray<string | undefined>;
}

export class PyPattern {
  /** Python `pattern.groups`. */
  readonly groups: number;
  /** Python `pattern.groupindex`. */
  readonly groupIndex: ReadonlyMap<string, number>;
  /** The translated JS source (for debugging). */
  readonly jsSource: string;
  private readonly re: RegExp;
  private readonly groupMap: readonly number[];
  private nonEmpty: { re: RegExp; groupMap: readonly number[] } | undefined;
  private readonly makeNonEmpty: () => { re: RegExp; groupMap: readonly number[] };

  constructor(
    readonly pattern: string,
    readonly flags: Readonly<PyFlags>,
  ) {
    const parsed = parsePattern(pattern, flagBits(flags));
    checkCompileErrors(parsed, pattern);
    const main = emitPattern(parsed, pattern, 0);
    this.groups = parsed.groups;
    this.groupIndex = parsed.groupNames;
    this.jsSource = main.source;
    this.groupMap = main.groupMap;
    this.re = jsRegExp(main.source, "gu", pattern);
    this.makeNonEmpty = () => {
      // Sticky match at a position that must not be empty there: group 1 captures the rest of
      // the input at the start, and the match may not end where that text still starts.
      const e = emitPattern(parsed, pattern, 1);
      return { re: jsRegExp(`(?=(${ANY_CHAR}*))(?:${e.source})(?!\\1)`, "yu", pattern), groupMap: e.groupMap };
    };
  }

  /** `re.search(p, s) is not None`. */
  search(s: string): boolean {
    let found = false;
    this.scan(s, 1, () => {
      found = true;
    });
    return found;
  }

  /** `len(re.findall(p, s))`. */
  findallCount(s: string): number {
    let n = 0;
    this.scan(s, 0, () => {
      n++;
    });
    return n;
  }

  /** The whole-match text of each match `re.findall` iterates over (`[m.group(0) for m in re.finditer(p, s)]`). */
  findallMatches(s: string): string[] {
    const out: string[] = [];
    this.scan(s, 0, (m) => {
      out.push(m[0]);
    });
    return out;
  }

  /**
   * `re.findall(p, s)` for patterns with at most one group: whole matches, or
   * group 1 ("" where it did not participate). Use `findallGroups` for more groups.
   */
  findall(s: string): string[] {
    if (this.groups > 1) {
      throw new Error(`PyPattern.findall: pattern ${JSON.stringify(this.pattern)} has ${this.groups} groups (Python returns tuples); use findallGroups`);
    }
    const out: string[] = [];
    this.scan(s, 0, (m, map) => {
      out.push(this.groups === 0 ? m[0] : (m[map[1] ?? 0] ?? ""));
    });
    return out;
  }

  /** `re.findall` for any number of groups: one array of group texts per match ("" for unset groups). */
  findallGroups(s: string): string[][] {
    const out: string[][] = [];
    this.scan(s, 0, (m, map) => {
      const row: string[] = [];
      for (let g = 1; g <= this.groups; g++) row.push(m[map[g] ?? 0] ?? "");
      out.push(row);
    });
    return out;
  }

  /** `list(re.finditer(p, s))` as offsets, text and groups. */
  finditer(s: string): PyMatch[] {
    const out: PyMatch[] = [];
    this.scan(s, 0, (m, map) => {
      const groups: Array<string | undefined> = [];
      for (let g = 1; g <= this.groups; g++) groups.push(m[map[g] ?? 0]);
      out.push({ start: m.index, end: m.index + m[0].length, text: m[0], groups });
    });
    return out;
  }

  /** `re.split(p, s, maxsplit)`: pieces with the groups of each separator in between (None -> undefined). */
  split(s: string, maxsplit = 0): Array<string | undefined> {
    const out: Array<string | undefined> = [];
    let last = 0;
    this.scan(s, maxsplit, (m, map) => {
      out.push(s.slice(last, m.index));
      for (let g = 1; g <= this.groups; g++) out.push(m[map[g] ?? 0]);
      last = m.index + m[0].length;
    });
    out.push(s.slice(last));
    return out;
  }

  /** Python's `finditer` loop (`pattern_findall`/`pattern_split` in _sre.c). */
  private scan(s: string, limit: number, onMatch: (m: RegExpExecArray, groupMap: readonly number[]) => void): void {
    let pos = 0;
    let mustAdvance = false;
    let count = 0;
    while (pos <= s.length && (limit <= 0 || count < limit)) {
      if (mustAdvance) {
        this.nonEmpty ??= this.makeNonEmpty();
        const q = this.nonEmpty.re;
        q.lastIndex = pos;
        const m = q.exec(s);
        mustAdvance = false;
        if (m && m.index === pos && m[0].length > 0) {
          onMatch(m, this.nonEmpty.groupMap);
          count++;
          pos = m.index + m[0].length;
          continue;
        }
        if (pos >= s.length) break;
        pos = nextIndex(s, pos);
      }
      this.re.lastIndex = pos;
      const m = this.re.exec(s);
      if (!m) break;
      if (midPair(s, m.index)) {
        // V8 (u flag) can report an empty look-around match inside a surrogate pair; skip it.
        pos = m.index + 1;
        continue;
      }
      onMatch(m, this.groupMap);
      count++;
      const end = m.index + m[0].length;
      mustAdvance = end === m.index;
      pos = end;
    }
  }
}

function jsRegExp(source: string, flags: string, pattern: string): RegExp {
  try {
    return new RegExp(source, flags);
  } catch (e) {
    const why = e instanceof Error ? e.message : String(e);
    throw new PyRegexError(`JS RegExp rejected the translation (${why})`, pattern, null, "unsupported");
  }
}

const CACHE_LIMIT = 5000;
const cache = new Map<string, PyPattern | PyRegexError>();

/** `re.compile(pattern, flags)`, cached. Throws PyRegexError where Python raises, or for untranslatable constructs. */
export function compilePy(pattern: string, flags?: PyFlags): PyPattern {
  const bits = flagBits(flags);
  const key = `${bits}:${pattern}`;
  let hit = cache.get(key);
  if (hit === undefined) {
    try {
      hit = new PyPattern(pattern, { ...flags });
    } catch (e) {
      if (!(e instanceof PyRegexError)) throw e;
      hit = e;
    }
    if (cache.size >= CACHE_LIMIT) cache.clear();
    cache.set(key, hit);
  }
  if (hit instanceof PyRegexError) throw hit;
  return hit;
}
