// detectable_format:* — number_bullet_lists, constrained_response, number_highlighted_sections,
// multiple_sections, json_format, title. The fixed patterns are scanned by hand with Python `re`
// semantics (`^`/`$` only at "\n", `.` excludes only "\n", Python's `\s` set).
import { Deferred, lateStr, threshold, use } from "../kwargs.js";
import { pyRegex } from "../regex-cache.js";
import { IfevalRecordError, type Checker } from "../types.js";
import { isPySpace, pyStrip } from "../../../pycompat/py/str.js";
import { pyJsonLoadsOk } from "../../../pycompat/json/accepts.js";

/**
 * Deepest `[`/`{` nesting that the reference's json_format check survives: it runs
 * `python3 -m instruction_following_eval.evaluation_main`, and `json.loads` is then
 * called with 11 Python frames on the stack. Measured with Python 3.11.2: depth 987
 * loads, 988 raises RecursionError.
 */
export const REFERENCE_JSON_MAX_DEPTH = 987;

function lineEnd(text: string, from: number): number {
  const e = text.indexOf("\n", from);
  return e < 0 ? text.length : e;
}

/**
 * Number of matches of re.findall(r"^\s*\*[^\*].*$", M) plus re.findall(r"^\s*-.*$", M).
 * `\s*` may run across lines and `[^\*]` may be the newline; matches do not overlap.
 */
export function countBullets(text: string): number {
  return countLineMatches(text, true) + countLineMatches(text, false);
}

function countLineMatches(text: string, star: boolean): number {
  let n = 0;
  let end = 0; // end of the previous match
  let p = 0; // candidate line start
  const len = text.length;
  while (p <= len) {
    if (p >= end) {
      let i = p;
      while (i < len && isPySpace(text.charCodeAt(i))) i++;
      let ok = false;
      if (star) {
        if (text.charCodeAt(i) === 0x2a && i + 1 < len && text.charCodeAt(i + 1) !== 0x2a) {
          const afterClass = i + 2;
          // `[^\*]` consumed one code point; `.*$` then runs to the end of that line.
          const cpLen = isHighSurrogateAt(text, i + 1) ? 2 : 1;
          end = lineEnd(text, afterClass + cpLen - 1);
          ok = true;
        }
      } else if (text.charCodeAt(i) === 0x2d) {
        end = lineEnd(text, i + 1);
        ok = true;
      }
      if (ok) n++;
    }
    const nl = text.indexOf("\n", p);
    if (nl < 0) break;
    p = nl + 1;
  }
  return n;
}

function isHighSurrogateAt(s: string, i: number): boolean {
  const c = s.charCodeAt(i);
  if (c < 0xd800 || c > 0xdbff) return false;
  const d = s.charCodeAt(i + 1);
  return d >= 0xdc00 && d <= 0xdfff;
}

const BULLETS = "detectable_format:number_bullet_lists";
export const numberBulletLists: Checker<number> = {
  id: BULLETS,
  kwargNames: ["num_bullets"],
  build: (kw) => threshold(kw, "num_bullets", BULLETS),
  check: (expected, text) => countBullets(text) === expected,
};

const CONSTRAINED = "detectable_format:constrained_response";
const OPTIONS = ["My answer is yes.", "My answer is no.", "My answer is maybe."];
export const constrainedResponse: Checker<null> = {
  id: CONSTRAINED,
  kwargNames: [],
  build: () => null,
  check: (_c, text) => OPTIONS.some((o) => text.includes(o)),
};

/** Python: highlights counted by r"\*[^\n\*]*\*" (non-blank inside) plus r"\*\*[^\n\*]*\*\*" (non-blank inside). */
export function countHighlights(text: string): number {
  let n = 0;
  const len = text.length;
  // single: "*" then a run without "\n"/"*", closed by "*"
  for (let p = text.indexOf("*"); p >= 0 && p < len; ) {
    let q = p + 1;
    while (q < len && text.charCodeAt(q) !== 0x2a && text.charCodeAt(q) !== 0x0a) q++;
    if (q < len && text.charCodeAt(q) === 0x2a) {
      if (pyStrip(text.slice(p + 1, q)) !== "") n++;
      p = text.indexOf("*", q + 1);
    } else {
      p = text.indexOf("*", p + 1);
    }
  }
  // double: "**" then a run without "\n"/"*", closed by "**"
  for (let p = text.indexOf("**"); p >= 0; ) {
    let q = p + 2;
    while (q < len && text.charCodeAt(q) !== 0x2a && text.charCodeAt(q) !== 0x0a) q++;
    if (q + 1 < len && text.charCodeAt(q) === 0x2a && text.charCodeAt(q + 1) === 0x2a) {
      if (pyStrip(text.slice(p + 2, q)) !== "") n++;
      p = text.indexOf("**", q + 2);
    } else {
      p = text.indexOf("**", p + 1);
    }
  }
  return n;
}

const HIGHLIGHTS = "detectable_format:number_highlighted_sections";
export const numberHighlightedSections: Checker<number> = {
  id: HIGHLIGHTS,
  kwargNames: ["num_highlights"],
  build: (kw) => threshold(kw, "num_highlights", HIGHLIGHTS),
  check: (expected, text) => countHighlights(text) >= expected,
};

const SECTIONS = "detectable_format:multiple_sections";
interface SectionsConfig {
  pattern: string | Deferred;
  num: number;
}
export const multipleSections: Checker<SectionsConfig> = {
  id: SECTIONS,
  kwargNames: ["section_spliter", "num_sections"],
  build(kw) {
    const spliter = lateStr(kw, "section_spliter", SECTIONS);
    const num = threshold(kw, "num_sections", SECTIONS);
    return { pattern: spliter instanceof Deferred ? spliter : "\\s?" + pyStrip(spliter) + "\\s?\\d+\\s?", num };
  },
  check: (c, text) => pyRegex(use(c.pattern), false, false, SECTIONS).split(text).length - 1 >= c.num,
};

const JSON_ID = "detectable_format:json_format";
function removePrefix(s: string, p: string): string {
  return s.startsWith(p) ? s.slice(p.length) : s;
}
export const jsonFormat: Checker<null> = {
  id: JSON_ID,
  kwargNames: [],
  build: () => null,
  check(_c, text) {
    let v = pyStrip(text);
    v = removePrefix(v, "```json");
    v = removePrefix(v, "```Json");
    v = removePrefix(v, "```JSON");
    v = removePrefix(v, "```");
    if (v.endsWith("```")) v = v.slice(0, -3);
    v = pyStrip(v);
    const ok = pyJsonLoadsOk(v, { maxDepth: REFERENCE_JSON_MAX_DEPTH });
    if (ok === "recursion") {
      throw new IfevalRecordError(`${JSON_ID}: JSON nested too deeply (Python's json.loads raises RecursionError, which the reference does not catch)`);
    }
    return ok;
  },
};

/** Some match of r"<<[^\n]+>>" (greedy, non-overlapping) is non-empty after lstrip("<").rstrip(">").strip(). */
export function hasTitle(text: string): boolean {
  let p = text.indexOf("<<");
  while (p >= 0) {
    const e = lineEnd(text, p);
    const k = text.lastIndexOf(">>", e - 2);
    if (k >= p + 3) {
      let a = p;
      while (text.charCodeAt(a) === 0x3c) a++;
      let b = k + 2;
      while (b > a && text.charCodeAt(b - 1) === 0x3e) b--;
      if (pyStrip(text.slice(a, b)) !== "") return true;
      p = text.indexOf("<<", k + 2);
    } else {
      p = text.indexOf("<<", p + 1);
    }
  }
  return false;
}

const TITLE = "detectable_format:title";
export const title: Checker<null> = {
  id: TITLE,
  kwargNames: [],
  build: () => null,
  check: (_c, text) => hasTitle(text),
};

export const formatCheckers = [numberBulletLists, constrainedResponse, numberHighlightedSections, multipleSections, jsonFormat, title] as const;
