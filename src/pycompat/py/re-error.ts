/** Errors raised while translating a Python `re` pattern. */

export type PyRegexErrorKind =
  /** Python raises `re.error` for this pattern. */
  | "re.error"
  /** Python raises `OverflowError` (repeat count >= MAXREPEAT). */
  | "OverflowError"
  /** Python raises `ValueError` (`(?a)(?u)`: ASCII and UNICODE flags are incompatible). */
  | "ValueError"
  /** Python accepts the pattern, but this port cannot reproduce its semantics in a JS RegExp. */
  | "unsupported";

/**
 * A pattern Python would reject (`kind` "re.error"/"OverflowError", `pyText` is
 * Python's `str(err)`), or one this port refuses to translate rather than
 * silently match differently (`kind` "unsupported").
 */
export class PyRegexError extends Error {
  override readonly name = "PyRegexError";
  readonly kind: PyRegexErrorKind;
  /** Python's `err.msg` (without position). */
  readonly msg: string;
  /** Python's `str(err)`: msg plus " at position N" (and line/column for multi-line patterns). */
  readonly pyText: string;
  readonly pattern: string;
  /** Code-point position in the pattern, or null. */
  readonly pos: number | null;

  constructor(msg: string, pattern: string, pos: number | null, kind: PyRegexErrorKind = "re.error") {
    const pyText = formatPyText(msg, pattern, pos);
    const prefix = kind === "unsupported" ? "unsupported Python regex construct: " : `Python ${kind}: `;
    super(`${prefix}${pyText} (pattern ${JSON.stringify(pattern)})`);
    this.kind = kind;
    this.msg = msg;
    this.pyText = pyText;
    this.pattern = pattern;
    this.pos = pos;
  }

  /** True when Python itself rejects the pattern (as opposed to an unsupported construct). */
  get isPythonError(): boolean {
    return this.kind !== "unsupported";
  }
}

function formatPyText(msg: string, pattern: string, pos: number | null): string {
  if (pos === null) return msg;
  let text = `${msg} at position ${pos}`;
  const cps = Array.from(pattern);
  if (cps.includes("\n")) {
    const before = cps.slice(0, pos);
    const line = before.filter((c) => c === "\n").length + 1;
    const col = pos - before.lastIndexOf("\n");
    text += ` (line ${line}, column ${col})`;
  }
  return text;
}
