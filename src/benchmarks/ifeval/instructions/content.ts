// detectable_content:* — number_placeholders, postscript.
import { Deferred, lateStr, threshold, use } from "../kwargs.js";
import { pyRegex } from "../regex-cache.js";
import type { Checker } from "../types.js";
import { pyLower, pyStrip } from "../../../pycompat/py/str.js";

/** len(re.findall(r"\[.*?\]", text)): "[" then the nearest "]" on the same line ("." excludes only "\n"). */
export function countPlaceholders(text: string): number {
  let n = 0;
  let p = text.indexOf("[");
  while (p >= 0) {
    const close = text.indexOf("]", p + 1);
    if (close < 0) break;
    const nl = text.indexOf("\n", p + 1);
    if (nl >= 0 && nl < close) {
      p = text.indexOf("[", nl + 1);
    } else {
      n++;
      p = text.indexOf("[", close + 1);
    }
  }
  return n;
}

const PLACEHOLDERS = "detectable_content:number_placeholders";
export const numberPlaceholders: Checker<number> = {
  id: PLACEHOLDERS,
  kwargNames: ["num_placeholders"],
  build: (kw) => threshold(kw, "num_placeholders", PLACEHOLDERS),
  check: (expected, text) => countPlaceholders(text) >= expected,
};

const POSTSCRIPT = "detectable_content:postscript";
export const postscript: Checker<string | Deferred> = {
  id: POSTSCRIPT,
  kwargNames: ["postscript_marker"],
  build(kw) {
    const raw = lateStr(kw, "postscript_marker", POSTSCRIPT);
    if (raw instanceof Deferred) return raw;
    const marker = pyStrip(raw);
    if (marker === "P.P.S") return "\\s*p\\.\\s?p\\.\\s?s.*$";
    if (marker === "P.S.") return "\\s*p\\.\\s?s\\..*$";
    return "\\s*" + pyLower(marker) + ".*$";
  },
  check: (pattern, text) => pyRegex(use(pattern), false, true, POSTSCRIPT).search(pyLower(text)),
};

export const contentCheckers = [numberPlaceholders, postscript] as const;
