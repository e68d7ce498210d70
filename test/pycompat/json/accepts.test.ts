// Expected values were produced by CPython 3.11.2: json.loads(s) returns (true),
// raises ValueError (false) or raises RecursionError ("recursion"), called at module
// level of `python3 -c` (995 levels of nesting load there).
import { test } from "node:test";
import assert from "node:assert/strict";
import { pyJsonLoadsOk as loadsOkAt } from "../../../src/pycompat/json/accepts.js";

const MODULE_LEVEL_MAX_DEPTH = 995;
const pyJsonLoadsOk = (s: string, options = { maxDepth: MODULE_LEVEL_MAX_DEPTH }) => loadsOkAt(s, options);

const LOADS: string[] = [
  "1", "-0", "0.0e-0", "1e999", "-1.5E+3", "\"x\"", "true", "null", "NaN", "Infinity", "-Infinity", "[]", "{}",
  "[ ]", "{ }", " \t\n\r1\r\n ", "[1, 2 ,3]", "{\"a\" : 1 , \"a\":2}", "{\"a\":[{\"b\":null}]}", "\"\\ud800\"",
  "\"\\udc00\\ud800\"", "\"\\ud800\\udc00\"", "\"\\uD83D\\ude00\"", "\"\\u00e9\\/\\b\\f\\n\\r\\t\\\"\\\\\"",
  "\"\u007f\u0080\ud83d\ude00\"", "\"\ud800\"",
];

const REJECTED: string[] = [
  "\ufeff1", "\u000b1", "\f1", "\u00a01", "1\u00a0", "\"\u001f\"", "\"\t\"", "\"\n\"", "-NaN", "+1", "01", "-01", "1.",
  ".5", "1e", "1e+", "-", "--1", "0x10", "[1,]", "{\"a\":1,}", "{\"a\" 1}", "{a:1}", "'a'", "[]]", "", " ", "nul",
  "nulll", "true false", "[1 2]", "\"abc", "[", "{", "{\"a\"", "{\"a\":", "[1,", "\"\\x41\"", "\"\\a\"", "\"\\u12\"",
  "\"\\u12G4\"", "\"\\ud800\\uZZZZ\"", "[1]x", "Infinityx", "nan", "infinity", "\"a\"\u0000",
];

test("accepts what Python's json.loads accepts (NaN, any top-level value, duplicate keys, lone surrogates)", () => {
  for (const s of LOADS) assert.equal(pyJsonLoadsOk(s), true, JSON.stringify(s));
});

test("rejects what Python's json.loads rejects (BOM, control chars, trailing commas, +1, 01, non-JSON whitespace)", () => {
  for (const s of REJECTED) assert.equal(pyJsonLoadsOk(s), false, JSON.stringify(s));
});

test("integers longer than 4300 digits are a ValueError, floats are not", () => {
  assert.equal(pyJsonLoadsOk("1".repeat(4300)), true);
  assert.equal(pyJsonLoadsOk("-" + "1".repeat(4300)), true);
  assert.equal(pyJsonLoadsOk("1".repeat(4301) + ".0"), true);
  assert.equal(pyJsonLoadsOk("1".repeat(4301) + "e5"), true);
  assert.equal(pyJsonLoadsOk("1".repeat(4301)), false);
  assert.equal(pyJsonLoadsOk("-" + "1".repeat(4301)), false);
  assert.equal(pyJsonLoadsOk("[" + "1".repeat(4301) + "]"), false);
});

test("nesting deeper than the caller's limit is reported as a RecursionError, left to right", () => {
  const max = MODULE_LEVEL_MAX_DEPTH;
  assert.equal(pyJsonLoadsOk("[".repeat(max) + "]".repeat(max)), true);
  assert.equal(pyJsonLoadsOk("[".repeat(max + 1) + "]".repeat(max + 1)), "recursion");
  assert.equal(pyJsonLoadsOk('{"a":'.repeat(max + 1) + "1" + "}".repeat(max + 1)), "recursion");
  assert.equal(pyJsonLoadsOk("[".repeat(100000)), "recursion"); // raised before the missing brackets are seen
  assert.equal(pyJsonLoadsOk("[1,]" + "[".repeat(5000)), false); // the syntax error comes first
  assert.equal(pyJsonLoadsOk("[".repeat(max) + "x"), false);
  // a caller with 8 more frames on the stack (as the IFEval reference): 987 levels load, 988 raise.
  assert.equal(pyJsonLoadsOk("[".repeat(987) + "]".repeat(987), { maxDepth: 987 }), true);
  assert.equal(pyJsonLoadsOk("[".repeat(988) + "]".repeat(988), { maxDepth: 987 }), "recursion");
  assert.throws(() => pyJsonLoadsOk("1", { maxDepth: -1 }), /maxDepth/);
});
