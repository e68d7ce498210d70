// Error texts are CPython 3.11.2's str(err) for re.compile(pattern).
import { test } from "node:test";
import assert from "node:assert/strict";
import { PyRegexError, type PyRegexErrorKind, compilePy } from "../../../src/pycompat/py/re.js";

const PY_ERRORS: Array<[pattern: string, kind: PyRegexErrorKind, text: string]> = [
  ["*bold*", "re.error", "nothing to repeat at position 0"],
  ["*a", "re.error", "nothing to repeat at position 0"],
  ["a**", "re.error", "multiple repeat at position 2"],
  ["a++?", "re.error", "multiple repeat at position 3"],
  ["(", "re.error", "missing ), unterminated subpattern at position 0"],
  ["a)", "re.error", "unbalanced parenthesis at position 1"],
  ["(a", "re.error", "missing ), unterminated subpattern at position 0"],
  ["((a)", "re.error", "missing ), unterminated subpattern at position 0"],
  ["[a", "re.error", "unterminated character set at position 0"],
  ["[]", "re.error", "unterminated character set at position 0"],
  ["\\q", "re.error", "bad escape \\q at position 0"],
  ["a\\", "re.error", "bad escape (end of pattern) at position 1"],
  ["(?i)a(?i)", "re.error", "global flags not at the start of the expression at position 5"],
  ["a{2,1}", "re.error", "min repeat greater than max repeat at position 2"],
  ["x{2}{3}", "re.error", "multiple repeat at position 4"],
  ["\\b*", "re.error", "nothing to repeat at position 2"],
  ["^*", "re.error", "nothing to repeat at position 1"],
  ["{,}", "re.error", "nothing to repeat at position 0"],
  ["(*)", "re.error", "nothing to repeat at position 1"],
  ["(?<=a+)b", "re.error", "look-behind requires fixed-width pattern"],
  ["(?<=a|bc)", "re.error", "look-behind requires fixed-width pattern"],
  ["(?P<1a>x)", "re.error", "bad character in group name '1a' at position 4"],
  ["(?P<a>x)(?P<a>y)", "re.error", "redefinition of group name 'a' as group 2; was group 1 at position 12"],
  ["(?P=b)", "re.error", "unknown group name 'b' at position 4"],
  ["\\1", "re.error", "invalid group reference 1 at position 1"],
  ["(a\\1)", "re.error", "cannot refer to an open group at position 2"],
  ["(a)\\2", "re.error", "invalid group reference 2 at position 4"],
  ["\\400", "re.error", "octal escape value \\400 outside of range 0-0o377 at position 0"],
  ["[\\400]", "re.error", "octal escape value \\400 outside of range 0-0o377 at position 1"],
  ["[z-a]", "re.error", "bad character range z-a at position 1"],
  ["[\\d-z]", "re.error", "bad character range \\d-z at position 1"],
  ["\\x4", "re.error", "incomplete escape \\x4 at position 0"],
  ["\\u12g4", "re.error", "incomplete escape \\u12 at position 0"],
  ["\\U00110000", "re.error", "bad escape \\U00110000 at position 0"],
  ["(?<a>x)", "re.error", "unknown extension ?<a at position 1"],
  ["(?L)a", "re.error", "bad inline flags: cannot use 'L' flag with a str pattern at position 3"],
  ["(?-i)a", "re.error", "missing : at position 4"],
  ["(?i-i:a)", "re.error", "bad inline flags: flag turned on and off at position 5"],
  ["(?", "re.error", "unexpected end of pattern at position 2"],
  ["(?Q)", "re.error", "unknown extension ?Q at position 1"],
  ["(?#x", "re.error", "missing ), unterminated comment at position 0"],
  ["a{4294967295}", "OverflowError", "the repetition number is too large"],
  ["a\nb)", "re.error", "unbalanced parenthesis at position 3 (line 2, column 2)"],
  ["(?(1)a|b)", "re.error", "invalid group reference 1 at position 3"],
  ["\\N", "re.error", "missing { at position 2"],
  ["[\\8]", "re.error", "bad escape \\8 at position 1"],
  ["\\8", "re.error", "invalid group reference 8 at position 1"],
  ["(?t)a*", "re.error", "internal: unsupported template operator MAX_REPEAT"],
  ["(?a)(?u)a", "ValueError", "ASCII and UNICODE flags are incompatible"],
];

function compileError(pattern: string, ignoreCase = false): PyRegexError {
  try {
    compilePy(pattern, { ignoreCase });
  } catch (e) {
    if (e instanceof PyRegexError) return e;
    throw e;
  }
  assert.fail(`expected ${JSON.stringify(pattern)} to be rejected`);
}

test("patterns Python rejects raise PyRegexError with Python's message and position", () => {
  for (const [pattern, kind, text] of PY_ERRORS) {
    const e = compileError(pattern);
    assert.equal(e.kind, kind, JSON.stringify(pattern));
    assert.equal(e.pyText, text, JSON.stringify(pattern));
    assert.equal(e.isPythonError, true);
    assert.ok(e.message.includes(JSON.stringify(pattern)), "message names the pattern");
  }
});

test("Python-only syntax that is valid compiles (3.11 possessive, literal braces, inline flags)", () => {
  for (const p of ["c++", "a*+", "(?>ab|a)", "a{", "{1", "x{a}", "{}", "a{,3}", "(?i)x", "(?x) a # c", "[]a]", "[^]a]", "(?P<n>a)(?P=n)", "\\/", "(?s:.)"]) {
    assert.doesNotThrow(() => compilePy(p), p);
  }
});

test("constructs a JS RegExp cannot reproduce are refused, not mistranslated", () => {
  const cases: Array<[string, boolean]> = [
    ["(a)?\\1", false], // Python: unset group never matches; JS: matches empty
    ["(?:(a)|b)\\1", false],
    ["(a)(?(1)a|b)", false], // conditional group
    ["\\N{EM DASH}", false], // needs the Unicode name database
    ["(a*)*", false], // empty iterations behave differently
    ["(?:a|)+", false],
    ["(?:(a)|b)+", false], // Python keeps captures across iterations, JS resets them
    ["(?:ab|a)++", false], // CPython 3.11.2 POSSESSIVE_REPEAT bug (gh-106052)
    ["(?:a(?=b))?+", false], // CPython 3.11.2 bug (gh-100061)
    ["(a)\\1", true], // backreference under IGNORECASE
    ["(".repeat(600) + "a" + ")".repeat(600), false], // Python: RecursionError (near 490 levels)
  ];
  for (const [pattern, ignoreCase] of cases) {
    const e = compileError(pattern, ignoreCase);
    assert.equal(e.kind, "unsupported", pattern);
    assert.equal(e.isPythonError, false);
  }
  assert.doesNotThrow(() => compilePy("(a)\\1"));
  assert.doesNotThrow(() => compilePy("(?:ab)?+c"));
  assert.doesNotThrow(() => compilePy("(".repeat(150) + "a" + ")".repeat(150)));
});

test("errors are cached and rethrown identically", () => {
  const a = compileError("(unbalanced");
  const b = compileError("(unbalanced");
  assert.equal(a, b);
  assert.equal(a.pyText, "missing ), unterminated subpattern at position 0");
});
