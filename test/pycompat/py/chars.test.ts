// Python 3.11's isupper/islower (Unicode 14) against the running Node's own Unicode tables.
import { execFileSync } from "node:child_process";
import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";
import { resolve } from "node:path";
import { test } from "node:test";
import assert from "node:assert/strict";
import { isLowercaseCp, isUppercaseCp } from "../../../src/pycompat/py/chars.js";
import { pyIsLower, pyIsUpper } from "../../../src/pycompat/py/str.js";

const sha256 = (s: string): string => createHash("sha256").update(s).digest("hex");

/** Code points where Node 20's `\p{Uppercase}`/`\p{Lowercase}` disagree with Python, and Python's answers. */
interface CaseDiffs {
  python: string;
  isupper: Record<string, boolean>;
  islower: Record<string, boolean>;
}
const DIFFS = JSON.parse(readFileSync(resolve("test/pycompat/py/python311-case-vs-node.json"), "utf8")) as CaseDiffs;

function allCodePoints(pred: (cp: number) => boolean): string[] {
  const out: string[] = [];
  for (let cp = 0; cp < 0x110000; cp++) if (pred(cp)) out.push(cp.toString(16));
  return out;
}

test("isUppercaseCp / isLowercaseCp equal Python 3.11 on every code point", () => {
  // Python: sha256("\n".join("%x" % cp for cp in range(0x110000) if chr(cp).isupper()))  (resp. islower)
  const upper = allCodePoints(isUppercaseCp);
  assert.equal(upper.length, 1951);
  assert.equal(sha256(upper.join("\n")), "00dc695fc8bed74e7c74972e561f1c36a846b74e97646594183fd4135ec0a5ea");
  const lower = allCodePoints(isLowercaseCp);
  assert.equal(lower.length, 2471);
  assert.equal(sha256(lower.join("\n")), "e1882700162159be92a08c274c6cf94b3ecf088ab935cad9f0d848b478a6a84c");
  assert.equal(isUppercaseCp(0x1c5), false, "titlecase Dž is not upper");
  assert.equal(isLowercaseCp(0x1c5), false, "titlecase Dž is not lower");
});

test("where Node's \\p{Uppercase}/\\p{Lowercase} differ from Python 3.11, Python's answer wins", () => {
  assert.equal(DIFFS.python.slice(0, 5), "3.11.");
  const upper = Object.entries(DIFFS.isupper);
  const lower = Object.entries(DIFFS.islower);
  assert.equal(upper.length, 55);
  assert.equal(lower.length, 126);
  for (const [hex, expected] of upper) {
    const cp = parseInt(hex, 16);
    assert.equal(isUppercaseCp(cp), expected, `U+${hex} isupper`);
    assert.equal(pyIsUpper(String.fromCodePoint(cp)), expected, `U+${hex} str.isupper`);
  }
  for (const [hex, expected] of lower) {
    const cp = parseInt(hex, 16);
    assert.equal(isLowercaseCp(cp), expected, `U+${hex} islower`);
    assert.equal(pyIsLower(String.fromCodePoint(cp)), expected, `U+${hex} str.islower`);
  }
  // named examples: letters added after Unicode 14 are uncased in Python 3.11; U+0295 became non-lowercase later
  assert.equal(isUppercaseCp(0x1c89), false);
  assert.equal(isUppercaseCp(0xa7cb), false);
  assert.equal(isLowercaseCp(0x295), true);
});

/** The interpreter named by WORKBENCH_PYTHON when it is a Python 3.11, else undefined. */
function python311(): string | undefined {
  const exe = process.env.WORKBENCH_PYTHON;
  if (!exe) return undefined;
  try {
    const v = execFileSync(exe, ["-c", "import sys; print('%d.%d' % sys.version_info[:2])"], { encoding: "utf8" }).trim();
    return v === "3.11" ? exe : undefined;
  } catch {
    return undefined;
  }
}
const PY311 = python311();

test("on every code point, including those where this Node disagrees, we give Python 3.11's live answer", { skip: PY311 ? false : "WORKBENCH_PYTHON is not a Python 3.11" }, () => {
  const script = "print(' '.join('%x' % c for c in range(0x110000) if chr(c).isupper()))\n" +
    "print(' '.join('%x' % c for c in range(0x110000) if chr(c).islower()))";
  const [upperLine, lowerLine] = execFileSync(PY311!, ["-c", script], { encoding: "utf8" }).split("\n");
  const pyUpper = new Set(upperLine!.split(" ").map((h) => parseInt(h, 16)));
  const pyLower = new Set(lowerLine!.split(" ").map((h) => parseInt(h, 16)));
  let nodeDisagrees = 0;
  for (let cp = 0; cp < 0x110000; cp++) {
    const s = String.fromCodePoint(cp);
    const at = `U+${cp.toString(16).toUpperCase()}`;
    if (/\p{Uppercase}/u.test(s) !== pyUpper.has(cp) || /\p{Lowercase}/u.test(s) !== pyLower.has(cp)) nodeDisagrees++;
    assert.equal(isUppercaseCp(cp), pyUpper.has(cp), `${at} isupper`);
    assert.equal(isLowercaseCp(cp), pyLower.has(cp), `${at} islower`);
  }
  assert.ok(nodeDisagrees > 0, "this Node's tables are newer than Unicode 14, so the comparison covers real differences");
});
