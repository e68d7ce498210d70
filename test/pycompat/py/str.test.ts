// Expected values were produced by CPython 3.11.2 (the IFEval reference runtime).
import { test } from "node:test";
import assert from "node:assert/strict";
import {
  codePoints,
  countChar,
  isPySpace,
  pyEndsWith,
  pyIsLower,
  pyIsSpace,
  pyIsUpper,
  pyLen,
  pyLower,
  pyLstrip,
  pyRemovePrefix,
  pyRemoveSuffix,
  pyRstrip,
  pySplit,
  pySplitSep,
  pyStartsWith,
  pyStrip,
  pyUpper,
} from "../../../src/pycompat/py/str.js";

interface StrRow {
  s: string;
  lower: string;
  upper: string;
  isupper: boolean;
  islower: boolean;
  isspace: boolean;
  strip: string;
  lstrip: string;
  rstrip: string;
  split: string[];
  len: number;
}

const STR_ROWS: StrRow[] = [
  { s: "", lower: "", upper: "", isupper: false, islower: false, isspace: false, strip: "", lstrip: "", rstrip: "", split: [], len: 0 },
  { s: " \t\n", lower: " \t\n", upper: " \t\n", isupper: false, islower: false, isspace: true, strip: "", lstrip: "", rstrip: "", split: [], len: 3 },
  { s: "\u001c\u001d\u001e\u001fa\u0085", lower: "\u001c\u001d\u001e\u001fa\u0085", upper: "\u001c\u001d\u001e\u001fA\u0085", isupper: false, islower: true, isspace: false, strip: "a", lstrip: "a\u0085", rstrip: "\u001c\u001d\u001e\u001fa", split: ["a"], len: 6 },
  { s: "\ufeffa\ufeff", lower: "\ufeffa\ufeff", upper: "\ufeffA\ufeff", isupper: false, islower: true, isspace: false, strip: "\ufeffa\ufeff", lstrip: "\ufeffa\ufeff", rstrip: "\ufeffa\ufeff", split: ["\ufeffa\ufeff"], len: 3 },
  { s: "\u200bx\u200b", lower: "\u200bx\u200b", upper: "\u200bX\u200b", isupper: false, islower: true, isspace: false, strip: "\u200bx\u200b", lstrip: "\u200bx\u200b", rstrip: "\u200bx\u200b", split: ["\u200bx\u200b"], len: 3 },
  { s: "\u180ey\u180e", lower: "\u180ey\u180e", upper: "\u180eY\u180e", isupper: false, islower: true, isspace: false, strip: "\u180ey\u180e", lstrip: "\u180ey\u180e", rstrip: "\u180ey\u180e", split: ["\u180ey\u180e"], len: 3 },
  { s: "\u3000z\u2028", lower: "\u3000z\u2028", upper: "\u3000Z\u2028", isupper: false, islower: true, isspace: false, strip: "z", lstrip: "z\u2028", rstrip: "\u3000z", split: ["z"], len: 3 },
  { s: "\u00a0w\u202f", lower: "\u00a0w\u202f", upper: "\u00a0W\u202f", isupper: false, islower: true, isspace: false, strip: "w", lstrip: "w\u202f", rstrip: "\u00a0w", split: ["w"], len: 3 },
  { s: "a  b\u2003c", lower: "a  b\u2003c", upper: "A  B\u2003C", isupper: false, islower: true, isspace: false, strip: "a  b\u2003c", lstrip: "a  b\u2003c", rstrip: "a  b\u2003c", split: ["a", "b", "c"], len: 6 },
  { s: "\u039f\u0394\u039f\u03a3", lower: "\u03bf\u03b4\u03bf\u03c2", upper: "\u039f\u0394\u039f\u03a3", isupper: true, islower: false, isspace: false, strip: "\u039f\u0394\u039f\u03a3", lstrip: "\u039f\u0394\u039f\u03a3", rstrip: "\u039f\u0394\u039f\u03a3", split: ["\u039f\u0394\u039f\u03a3"], len: 4 },
  { s: "\u039f\u0394\u039f\u03a3 \u039a\u0391\u0399", lower: "\u03bf\u03b4\u03bf\u03c2 \u03ba\u03b1\u03b9", upper: "\u039f\u0394\u039f\u03a3 \u039a\u0391\u0399", isupper: true, islower: false, isspace: false, strip: "\u039f\u0394\u039f\u03a3 \u039a\u0391\u0399", lstrip: "\u039f\u0394\u039f\u03a3 \u039a\u0391\u0399", rstrip: "\u039f\u0394\u039f\u03a3 \u039a\u0391\u0399", split: ["\u039f\u0394\u039f\u03a3", "\u039a\u0391\u0399"], len: 8 },
  { s: "\u03a3", lower: "\u03c3", upper: "\u03a3", isupper: true, islower: false, isspace: false, strip: "\u03a3", lstrip: "\u03a3", rstrip: "\u03a3", split: ["\u03a3"], len: 1 },
  { s: "\u0391\u03a3.", lower: "\u03b1\u03c2.", upper: "\u0391\u03a3.", isupper: true, islower: false, isspace: false, strip: "\u0391\u03a3.", lstrip: "\u0391\u03a3.", rstrip: "\u0391\u03a3.", split: ["\u0391\u03a3."], len: 3 },
  { s: "\u0391\u03a3'\u0392", lower: "\u03b1\u03c3'\u03b2", upper: "\u0391\u03a3'\u0392", isupper: true, islower: false, isspace: false, strip: "\u0391\u03a3'\u0392", lstrip: "\u0391\u03a3'\u0392", rstrip: "\u0391\u03a3'\u0392", split: ["\u0391\u03a3'\u0392"], len: 4 },
  { s: "\u0130stanbul", lower: "i\u0307stanbul", upper: "\u0130STANBUL", isupper: false, islower: false, isspace: false, strip: "\u0130stanbul", lstrip: "\u0130stanbul", rstrip: "\u0130stanbul", split: ["\u0130stanbul"], len: 8 },
  { s: "STRASSE \u00df", lower: "strasse \u00df", upper: "STRASSE SS", isupper: false, islower: false, isspace: false, strip: "STRASSE \u00df", lstrip: "STRASSE \u00df", rstrip: "STRASSE \u00df", split: ["STRASSE", "\u00df"], len: 9 },
  { s: "\u01c5", lower: "\u01c6", upper: "\u01c4", isupper: false, islower: false, isspace: false, strip: "\u01c5", lstrip: "\u01c5", rstrip: "\u01c5", split: ["\u01c5"], len: 1 },
  { s: "\u01c5A", lower: "\u01c6a", upper: "\u01c4A", isupper: false, islower: false, isspace: false, strip: "\u01c5A", lstrip: "\u01c5A", rstrip: "\u01c5A", split: ["\u01c5A"], len: 2 },
  { s: "\u216b", lower: "\u217b", upper: "\u216b", isupper: true, islower: false, isspace: false, strip: "\u216b", lstrip: "\u216b", rstrip: "\u216b", split: ["\u216b"], len: 1 },
  { s: "\u24b6", lower: "\u24d0", upper: "\u24b6", isupper: true, islower: false, isspace: false, strip: "\u24b6", lstrip: "\u24b6", rstrip: "\u24b6", split: ["\u24b6"], len: 1 },
  { s: "\u24d0", lower: "\u24d0", upper: "\u24b6", isupper: false, islower: true, isspace: false, strip: "\u24d0", lstrip: "\u24d0", rstrip: "\u24d0", split: ["\u24d0"], len: 1 },
  { s: "HELLO 123", lower: "hello 123", upper: "HELLO 123", isupper: true, islower: false, isspace: false, strip: "HELLO 123", lstrip: "HELLO 123", rstrip: "HELLO 123", split: ["HELLO", "123"], len: 9 },
  { s: "hello 123", lower: "hello 123", upper: "HELLO 123", isupper: false, islower: true, isspace: false, strip: "hello 123", lstrip: "hello 123", rstrip: "hello 123", split: ["hello", "123"], len: 9 },
  { s: "123", lower: "123", upper: "123", isupper: false, islower: false, isspace: false, strip: "123", lstrip: "123", rstrip: "123", split: ["123"], len: 3 },
  { s: "\u00c0\u00c9!", lower: "\u00e0\u00e9!", upper: "\u00c0\u00c9!", isupper: true, islower: false, isspace: false, strip: "\u00c0\u00c9!", lstrip: "\u00c0\u00c9!", rstrip: "\u00c0\u00c9!", split: ["\u00c0\u00c9!"], len: 3 },
  { s: "\ud835\udc00", lower: "\ud835\udc00", upper: "\ud835\udc00", isupper: true, islower: false, isspace: false, strip: "\ud835\udc00", lstrip: "\ud835\udc00", rstrip: "\ud835\udc00", split: ["\ud835\udc00"], len: 1 },
  { s: "\u00df", lower: "\u00df", upper: "SS", isupper: false, islower: true, isspace: false, strip: "\u00df", lstrip: "\u00df", rstrip: "\u00df", split: ["\u00df"], len: 1 },
  { s: "\u0149", lower: "\u0149", upper: "\u02bcN", isupper: false, islower: true, isspace: false, strip: "\u0149", lstrip: "\u0149", rstrip: "\u0149", split: ["\u0149"], len: 1 },
  { s: "\ufb00", lower: "\ufb00", upper: "FF", isupper: false, islower: true, isspace: false, strip: "\ufb00", lstrip: "\ufb00", rstrip: "\ufb00", split: ["\ufb00"], len: 1 },
  { s: "\ud83d\ude00", lower: "\ud83d\ude00", upper: "\ud83d\ude00", isupper: false, islower: false, isspace: false, strip: "\ud83d\ude00", lstrip: "\ud83d\ude00", rstrip: "\ud83d\ude00", split: ["\ud83d\ude00"], len: 1 },
  { s: "a\ud83d\ude00b", lower: "a\ud83d\ude00b", upper: "A\ud83d\ude00B", isupper: false, islower: true, isspace: false, strip: "a\ud83d\ude00b", lstrip: "a\ud83d\ude00b", rstrip: "a\ud83d\ude00b", split: ["a\ud83d\ude00b"], len: 3 },
  { s: "\ud800x", lower: "\ud800x", upper: "\ud800X", isupper: false, islower: true, isspace: false, strip: "\ud800x", lstrip: "\ud800x", rstrip: "\ud800x", split: ["\ud800x"], len: 2 },
  { s: "\u0295", lower: "\u0295", upper: "\u0295", isupper: false, islower: true, isspace: false, strip: "\u0295", lstrip: "\u0295", rstrip: "\u0295", split: ["\u0295"], len: 1 },
  { s: "\u0295\u03a3", lower: "\u0295\u03c2", upper: "\u0295\u03a3", isupper: false, islower: false, isspace: false, strip: "\u0295\u03a3", lstrip: "\u0295\u03a3", rstrip: "\u0295\u03a3", split: ["\u0295\u03a3"], len: 2 },
  { s: "\u019b", lower: "\u019b", upper: "\u019b", isupper: false, islower: true, isspace: false, strip: "\u019b", lstrip: "\u019b", rstrip: "\u019b", split: ["\u019b"], len: 1 },
  { s: "\uab70", lower: "\uab70", upper: "\u13a0", isupper: false, islower: true, isspace: false, strip: "\uab70", lstrip: "\uab70", rstrip: "\uab70", split: ["\uab70"], len: 1 },
  { s: "K", lower: "k", upper: "K", isupper: true, islower: false, isspace: false, strip: "K", lstrip: "K", rstrip: "K", split: ["K"], len: 1 },
];

test("str methods agree with Python on whitespace, casing and final-sigma traps", () => {
  for (const r of STR_ROWS) {
    const at = JSON.stringify(r.s);
    assert.equal(pyLower(r.s), r.lower, `lower ${at}`);
    assert.equal(pyUpper(r.s), r.upper, `upper ${at}`);
    assert.equal(pyIsUpper(r.s), r.isupper, `isupper ${at}`);
    assert.equal(pyIsLower(r.s), r.islower, `islower ${at}`);
    assert.equal(pyIsSpace(r.s), r.isspace, `isspace ${at}`);
    assert.equal(pyStrip(r.s), r.strip, `strip ${at}`);
    assert.equal(pyLstrip(r.s), r.lstrip, `lstrip ${at}`);
    assert.equal(pyRstrip(r.s), r.rstrip, `rstrip ${at}`);
    assert.deepEqual(pySplit(r.s), r.split, `split ${at}`);
    assert.equal(pyLen(r.s), r.len, `len ${at}`);
  }
});

test("isPySpace is str.isspace: U+001C..U+001F and U+0085 yes, U+FEFF/U+200B/U+180E no", () => {
  for (const cp of [0x09, 0x0a, 0x0b, 0x0c, 0x0d, 0x1c, 0x1f, 0x20, 0x85, 0xa0, 0x1680, 0x2000, 0x200a, 0x2028, 0x2029, 0x202f, 0x205f, 0x3000]) {
    assert.equal(isPySpace(cp), true, cp.toString(16));
  }
  for (const cp of [0x08, 0x0e, 0x1b, 0x21, 0x180e, 0x200b, 0x200c, 0x2060, 0xfeff, 0x61]) {
    assert.equal(isPySpace(cp), false, cp.toString(16));
  }
});

test("strip with explicit chars strips that set of code points", () => {
  const rows: Array<[string, string, string, string, string]> = [
    // s, chars, strip, lstrip, rstrip
    ["xxhixx", "x", "hi", "hixx", "xxhi"],
    ["'\"hi\"'", "'\"", "hi", "hi\"'", "'\"hi"],
    ["abcba", "ab", "c", "cba", "abc"],
    ["aXa", "", "aXa", "aXa", "aXa"],
    ["\ud83d\ude00a\ud83d\ude00", "\ud83d\ude00", "a", "a\ud83d\ude00", "\ud83d\ude00a"],
  ];
  for (const [s, chars, strip, lstrip, rstrip] of rows) {
    assert.equal(pyStrip(s, chars), strip);
    assert.equal(pyLstrip(s, chars), lstrip);
    assert.equal(pyRstrip(s, chars), rstrip);
  }
});

test("split(sep) keeps empty parts and never splits a surrogate pair", () => {
  const rows: Array<[string, string, string[]]> = [
    ["a\nb\n\nc", "\n", ["a", "b", "", "c"]],
    ["a******b", "******", ["a", "b"]],
    ["*******", "******", ["", "*"]],
    ["abc", "x", ["abc"]],
    ["", "x", [""]],
    ["\ud800\udc00a", "\ud800", ["\ud800\udc00a"]],
  ];
  for (const [s, sep, parts] of rows) assert.deepEqual(pySplitSep(s, sep), parts, JSON.stringify([s, sep]));
  assert.deepEqual(pySplitSep("a,b,c", ",", 1), ["a", "b,c"]);
  assert.throws(() => pySplitSep("abc", ""), /empty separator/);
});

test("countChar is Counter(s)[ch] on code points", () => {
  const rows: Array<[string, string, number]> = [
    [pyLower("\u0130stanbul"), "i", 1], // İ lowers to i + U+0307
    [pyLower("\u212aelvin"), "k", 1], // Kelvin sign
    [pyLower("Stra\u00dfe"), "s", 1], // ß is not s
    ["\ud83d\ude00a\ud83d\ude00", "\ud83d\ude00", 2],
    ["aaa", "aa", 0],
    ["abc", "", 0],
    ["\ud800\udc00", "\ud800", 0],
    ["a\ud800b\ud800", "\ud800", 2],
    ["i\u0307", "i\u0307", 0],
  ];
  for (const [s, ch, n] of rows) assert.equal(countChar(s, ch), n, JSON.stringify([s, ch]));
});

test("prefix/suffix helpers follow removeprefix/startswith", () => {
  assert.equal(pyRemovePrefix("```json\n{}```", "```json"), "\n{}```");
  assert.equal(pyRemovePrefix("```JSON", "```json"), "```JSON");
  assert.equal(pyRemoveSuffix("{}```", "```"), "{}");
  assert.equal(pyRemoveSuffix("abc", ""), "abc");
  assert.equal(pyStartsWith("abc", ""), true);
  assert.equal(pyEndsWith("abc", ""), true);
  assert.equal(pyStartsWith("\ud800\udc00", "\ud800"), false);
  assert.equal(pyEndsWith("\ud800\udc00", "\udc00"), false);
  assert.equal(pyRemovePrefix("\ud800\udc00", "\ud800"), "\ud800\udc00");
});

test("codePoints and pyLen count astral characters and lone surrogates once", () => {
  assert.deepEqual(codePoints("a\ud83d\ude00\ud800"), ["a", "\ud83d\ude00", "\ud800"]);
  assert.equal(pyLen("a\ud83d\ude00\ud800"), 3);
  assert.equal(pyLen(""), 0);
});
