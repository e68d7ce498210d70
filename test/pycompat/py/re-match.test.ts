// Expected values were produced by CPython 3.11.2 (the IFEval reference runtime):
// re.search(p, s, f) is not None, [m.group(0) for m in re.finditer(p, s, f)], re.split(p, s, flags=f).
import { test } from "node:test";
import assert from "node:assert/strict";
import { type PyFlags, compilePy } from "../../../src/pycompat/py/re.js";

type Row = [pattern: string, flags: PyFlags, text: string, search: boolean, matches: string[], split: Array<string | null>];

const ROWS: Row[] = [
  ["c++", { ignoreCase: true }, "I code in C++ and c#", true, ["c", "C", "c"], ["I ", "ode in ", "++ and ", "#"]],
  ["c#", { ignoreCase: true }, "I code in C# and c", true, ["C#"], ["I code in ", " and c"]],
  ["node.js", { ignoreCase: true }, "nodexjs and node.js", true, ["nodexjs", "node.js"], ["", " and ", ""]],
  ["the", { ignoreCase: true }, "There the other THE", true, ["The", "the", "the", "THE"], ["", "re ", " o", "r ", ""]],
  ["", { ignoreCase: true }, "anything", true, ["", "", "", "", "", "", "", "", ""], ["", "a", "n", "y", "t", "h", "i", "n", "g", ""]],
  ["a|b", { ignoreCase: true }, "xyz B", true, ["B"], ["xyz ", ""]],
  ["(Day)", { ignoreCase: true }, "day one, DAY two", true, ["day", "DAY"], ["", "day", " one, ", "DAY", " two"]],
  ["$100", { ignoreCase: true }, "costs $100", false, [], ["costs $100"]],
  ["^start", { ignoreCase: true }, "a start", false, [], ["a start"]],
  ["50%", { ignoreCase: true }, "about 50% off", true, ["50%"], ["about ", " off"]],
  ["e.g.", { ignoreCase: true }, "eggs, e.g. this", true, ["eggs", "e.g."], ["", ", ", " this"]],
  ["x{2}", { ignoreCase: true }, "xx and XXX", true, ["xx", "XX"], ["", " and ", "X"]],
  ["a{", { ignoreCase: true }, "a{b", true, ["a{"], ["", "b"]],
  ["{placeholder}", { ignoreCase: true }, "fill {placeholder}", true, ["{placeholder}"], ["fill ", ""]],
  ["{1", { ignoreCase: true }, "{1}", true, ["{1"], ["", "}"]],
  ["x{a}", { ignoreCase: true }, "x{a}", true, ["x{a}"], ["", ""]],
  ["a{,2}b", {}, "aab ab b", true, ["aab", "ab", "b"], ["", " ", " ", ""]],
  ["\\d+", { ignoreCase: true }, "call 555 or \u0663\u0664 or \uff15", true, ["555", "\u0663\u0664", "\uff15"], ["call ", " or ", " or ", ""]],
  ["foo?", { ignoreCase: true }, "fo foo", true, ["fo", "foo"], ["", " ", ""]],
  ["why?!", { ignoreCase: true }, "why! whY?!", true, ["why!"], ["", " whY?!"]],
  ["1+1=2", { ignoreCase: true }, "11=2 1+1=2", true, ["11=2"], ["", " 1+1=2"]],
  ["\\brun\\b", { ignoreCase: true }, "running and run-time", true, ["run"], ["running and ", "-time"]],
  ["\\brun\\b", { ignoreCase: true }, "running", false, [], ["running"]],
  ["\\bc#\\b", { ignoreCase: true }, "c# is great", false, [], ["c# is great"]],
  ["\\bc#\\b", { ignoreCase: true }, "c#x", true, ["c#"], ["", "x"]],
  ["\\bcaf\\b", { ignoreCase: true }, "caf\u00e9", false, [], ["caf\u00e9"]],
  ["\\bna\\b", { ignoreCase: true }, "na\u00efve na", true, ["na"], ["na\u00efve ", ""]],
  ["\\b\u0906\u092a\\b", { ignoreCase: true }, "\u0915\u094d\u092f\u093e \u0906\u092a", true, ["\u0906\u092a"], ["\u0915\u094d\u092f\u093e ", ""]],
  ["i", { ignoreCase: true }, "\u0130\u0131Ii", true, ["\u0130", "\u0131", "I", "i"], ["", "", "", "", ""]],
  ["\u0130", { ignoreCase: true }, "iI\u0131\u0130", true, ["i", "I", "\u0131", "\u0130"], ["", "", "", "", ""]],
  ["\u0131", { ignoreCase: true }, "iI\u0131\u0130", true, ["i", "I", "\u0131", "\u0130"], ["", "", "", "", ""]],
  ["s", { ignoreCase: true }, "\u017fSs", true, ["\u017f", "S", "s"], ["", "", "", ""]],
  ["k", { ignoreCase: true }, "\u212aKk", true, ["\u212a", "K", "k"], ["", "", "", ""]],
  ["\u00df", { ignoreCase: true }, "SS ss \u1e9e \u00df", true, ["\u1e9e", "\u00df"], ["SS ss ", " ", ""]],
  ["\u03c3", { ignoreCase: true }, "\u03a3\u03c3\u03c2", true, ["\u03a3", "\u03c3", "\u03c2"], ["", "", "", ""]],
  ["\u00b5", { ignoreCase: true }, "\u03bc\u039c\u00b5", true, ["\u03bc", "\u039c", "\u00b5"], ["", "", "", ""]],
  ["[a-z]+", { ignoreCase: true }, "\u0130\u212aABC", true, ["\u0130\u212aABC"], ["", ""]],
  ["[^a-z]", { ignoreCase: true }, "\u0130\u212a\u017f1", true, ["1"], ["\u0130\u212a\u017f", ""]],
  ["[\u0130x]", { ignoreCase: true }, "iI\u0131", true, ["i", "I", "\u0131"], ["", "", "", ""]],
  ["[\ud801\udc00a]", { ignoreCase: true }, "\ud801\udc00\ud801\udc28A", true, ["A"], ["\ud801\udc00\ud801\udc28", ""]],
  ["[\ud801\udc28a]", { ignoreCase: true }, "\ud801\udc00\ud801\udc28A", true, ["\ud801\udc00", "\ud801\udc28", "A"], ["", "", "", ""]],
  ["\ud801\udc00", { ignoreCase: true }, "\ud801\udc28", true, ["\ud801\udc28"], ["", ""]],
  ["(?i)straSSe", {}, "STRASSE stra\u00dfe", true, ["STRASSE"], ["", " stra\u00dfe"]],
  ["(?i:a)b", {}, "Ab AB ab", true, ["Ab", "ab"], ["", " AB ", ""]],
  ["a(?-i:b)", { ignoreCase: true }, "Ab AB ab", true, ["Ab", "ab"], ["", " AB ", ""]],
  ["(?a)k", { ignoreCase: true }, "\u212aK", true, ["K"], ["\u212a", ""]],
  ["a.b", {}, "a\rb a\u2028b a\u0085b a\nb", true, ["a\rb", "a\u2028b", "a\u0085b"], ["", " ", " ", " a\nb"]],
  ["a.b", { dotAll: true }, "a\nb", true, ["a\nb"], ["", ""]],
  ["a$", {}, "a\n", true, ["a"], ["", "\n"]],
  ["a$", {}, "a\n\n", false, [], ["a\n\n"]],
  ["a\\Z", {}, "a\n", false, [], ["a\n"]],
  ["^b", { multiline: true }, "a\rb\nb\u2028b", true, ["b"], ["a\rb\n", "\u2028b"]],
  ["a$", { multiline: true }, "a\ra\na\u2029", true, ["a"], ["a\r", "\na\u2029"]],
  ["\\Aa", { multiline: true }, "a\na", true, ["a"], ["", "\na"]],
  ["\\s", {}, "\u001c\u0085\ufeff\u200b\u180e\u3000", true, ["\u001c", "\u0085", "\u3000"], ["", "", "\ufeff\u200b\u180e", ""]],
  ["\\S+", {}, "a\ufeffb\u001fc", true, ["a\ufeffb", "c"], ["", "\u001f", ""]],
  ["\\w+", {}, "\u0928\u092e\u0938\u094d\u0924\u0947 \u6771\u4eac\u30bf\u30ef\u30fc don't 3.14 x\u00b2 \u00bd \ud83d\ude00 well-known", true, ["\u0928\u092e\u0938", "\u0924", "\u6771\u4eac\u30bf\u30ef\u30fc", "don", "t", "3", "14", "x\u00b2", "\u00bd", "well", "known"], ["", "\u094d", "\u0947 ", " ", "'", " ", ".", " ", " ", " \ud83d\ude00 ", "-", ""]],
  ["[\\w-]+", {}, "well-known x_y", true, ["well-known", "x_y"], ["", " ", ""]],
  ["[^\\s]+", {}, "a\u001cb\u00a0c", true, ["a", "b", "c"], ["", "\u001c", "\u00a0", ""]],
  ["[\\W\\d]+", {}, "ab12!?cd", true, ["12!?"], ["ab", "cd"]],
  ["[^\\W\\d]+", {}, "ab12_c3", true, ["ab", "_c"], ["", "12", "3"]],
  ["\\d", {}, "1\u0663\uff15\u00b2\u00bd", true, ["1", "\u0663", "\uff15"], ["", "", "", "\u00b2\u00bd"]],
  ["\\D+", {}, "a1b\u0663", true, ["a", "b"], ["", "1", "\u0663"]],
  ["", {}, "ab", true, ["", "", ""], ["", "a", "b", ""]],
  ["a|", {}, "ba", true, ["", "a", ""], ["", "b", "", ""]],
  ["|a", {}, "a", true, ["", "a", ""], ["", "", "", ""]],
  ["x*", {}, "axbc", true, ["", "x", "", "", ""], ["", "a", "", "b", "c", ""]],
  ["\\b", {}, "a b", true, ["", "", "", ""], ["", "a", " ", "b", ""]],
  ["\\B", {}, "", false, [], [""]],
  ["\\b", {}, "", false, [], [""]],
  ["a*", {}, "baaac", true, ["", "aaa", "", ""], ["", "b", "", "c", ""]],
  ["(?=a)|a", {}, "aa", true, ["", "a", "", "a"], ["", "", "", "", ""]],
  ["(a)|b", {}, "xaybz", true, ["a", "b"], ["x", "a", "y", null, "z"]],
  ["(a)(x)?", {}, "1a2ax3", true, ["a", "ax"], ["1", "a", null, "2", "a", "x", "3"]],
  ["(?P<n>,)", {}, "a,b", true, [","], ["a", ",", "b"]],
  ["\\s?\\*\\*\\*\\s?", {}, "p1 *** p2****p3", true, [" *** ", "***"], ["p1", "p2", "*p3"]],
  ["\\s?\\*\\*\\*\\s?", {}, "***bold*** text", true, ["***", "*** "], ["", "bold", "text"]],
  ["\\s?\\*\\*\\*\\s?", {}, "* * * and ---", false, [], ["* * * and ---"]],
  ["\\s?\\*\\*\\*\\s?", {}, "***", true, ["***"], ["", ""]],
  ["\\n\\n", {}, "a\n\nb\r\n\r\nc\n\n\nd", true, ["\n\n", "\n\n"], ["a", "b\r\n\r\nc", "\nd"]],
  ["\\[.*?\\]", {}, "[a\rb] [a\u2028b] [] [[x]] [a\nb] [link](u)", true, ["[a\rb]", "[a\u2028b]", "[]", "[[x]", "[link]"], ["", " ", " ", " ", "] [a\nb] ", "(u)"]],
  ["\\s*p\\.\\s?s\\..*$", { multiline: true }, "map.s.txt", true, ["p.s.txt"], ["ma", ""]],
  ["\\s*p\\.\\s?p\\.\\s?s.*$", { multiline: true }, "hello\np.p.s. bye", true, ["\np.p.s. bye"], ["hello", ""]],
  ["\\s*p.s.*$", { multiline: true }, "a compass", true, ["pass"], ["a com", ""]],
  ["^\\s*\\*[^\\*].*$", { multiline: true }, "Intro\r* one", false, [], ["Intro\r* one"]],
  ["^\\s*\\*[^\\*].*$", { multiline: true }, "* a\n* b\n**bold**\n*\ntext\n  *italic*", true, ["* a", "* b", "*\ntext", "  *italic*"], ["", "\n", "\n**bold**\n", "\n", ""]],
  ["^\\s*-.*$", { multiline: true }, "---\n-5 degrees\n- item\n+ no\n\u2022 no", true, ["---", "-5 degrees", "- item"], ["", "\n", "\n", "\n+ no\n\u2022 no"]],
  ["\\*[^\\n\\*]*\\*", {}, "**b** ***x*** 2*3*4 * * *a\nb*", true, ["**", "**", "**", "*x*", "**", "*3*", "* *"], ["", "b", " ", "", "", " 2", "4 ", " *a\nb*"]],
  ["\\*\\*[^\\n\\*]*\\*\\*", {}, "**b** ***x*** ****", true, ["**b**", "**x**", "****"], ["", " *", "* ", ""]],
  ["\\s?Section\\s?\\d+\\s?", {}, "Section 1 a see Section 4 Section1 Section X Section \u0663 Section \uff15", true, ["Section 1 ", " Section 4 ", "Section1 ", " Section \u0663 ", "Section \uff15"], ["", "a see", "", "Section X", "", ""]],
  ["\\s?(Day)\\s?\\d+\\s?", {}, "Day 1 a Day 2 b", true, ["Day 1 ", " Day 2 "], ["", "Day", "a", "Day", "b"]],
  ["<<[^\\n]+>>", {}, "<<a>> and <<b>> <<\n>>", true, ["<<a>> and <<b>>"], ["", " <<\n>>"]],
  ["c++", {}, "c cc c++", true, ["c", "cc", "c"], ["", " ", " ", "++"]],
  ["a*+a", {}, "aaa", false, [], ["aaa"]],
  ["(?>a|ab)c", {}, "abc ac", true, ["ac"], ["abc ", ""]],
  ["(?:ab)?+c", {}, "abc c", true, ["abc", "c"], ["", " ", ""]],
  ["x(?:ab)*+", {}, "xabababa", true, ["xababab"], ["", "a"]],
  ["(C)++", {}, "CCC+", true, ["CCC"], ["", "C", "+"]],
  ["(a)\\1", {}, "aa a", true, ["aa"], ["", "a", " a"]],
  ["(?P<q>['\"]).*?(?P=q)", {}, "say 'hi' or \"yo\"", true, ["'hi'", "\"yo\""], ["say ", "'", " or ", "\"", ""]],
  ["(?<=\\$)\\d+", {}, "$12 and 34", true, ["12"], ["$", " and 34"]],
  ["(?<!-)\\b\\d", {}, "-1 2", true, ["2"], ["-1 ", ""]],
  ["(?x) a b  # comment\n c", {}, "abc a b c", true, ["abc"], ["", " a b c"]],
  ["[]a]+", {}, "a]b]", true, ["a]", "]"], ["", "b", ""]],
  ["[^]a]+", {}, "a]bc]", true, ["bc"], ["a]", "]"]],
  ["[a-]+", {}, "a-b", true, ["a-"], ["", "b"]],
  ["\\x41\\u0042\\U00000043\\101\\0", {}, "ABCA\u0000", true, ["ABCA\u0000"], ["", ""]],
  ["\\.\\-\\/\\#\\ ", {}, ".-/# ", true, [".-/# "], ["", ""]],
  ["a{2,}?", {}, "aaaaa", true, ["aa", "aa"], ["", "", "a"]],
  ["(?:a|b){2}", {}, "abba", true, ["ab", "ba"], ["", "", ""]],
];

test("search / findall / split agree with Python 3.11 on IFEval patterns and regex traps", () => {
  for (const [pattern, flags, text, search, matches, split] of ROWS) {
    const at = `${JSON.stringify(pattern)} ${JSON.stringify(flags)} on ${JSON.stringify(text)}`;
    const p = compilePy(pattern, flags);
    assert.equal(p.search(text), search, `search ${at}`);
    assert.deepEqual(p.findallMatches(text), matches, `matches ${at}`);
    assert.equal(p.findallCount(text), matches.length, `count ${at}`);
    assert.deepEqual(
      p.split(text).map((x) => x ?? null),
      split,
      `split ${at}`,
    );
  }
});

test("findall returns group 1 for one-group patterns, tuples via findallGroups", () => {
  // re.findall(r"(\w)=(\d)?", "a=1 b= c=3") == [('a', '1'), ('b', ''), ('c', '3')]
  const two = compilePy("(\\w)=(\\d)?");
  assert.deepEqual(two.findallGroups("a=1 b= c=3"), [["a", "1"], ["b", ""], ["c", "3"]]);
  assert.throws(() => two.findall("a=1"), /findallGroups/);
  // re.findall(r"(a)|b", "ab") == ['a', '']
  assert.deepEqual(compilePy("(a)|b").findall("ab"), ["a", ""]);
  // re.findall(r"\d", "a1b2") == ['1', '2']
  assert.deepEqual(compilePy("\\d").findall("a1b2"), ["1", "2"]);
});

test("split honours maxsplit and reports groups and offsets", () => {
  // re.split(r"(,)", "a,b,c", maxsplit=1) == ['a', ',', 'b,c']
  assert.deepEqual(compilePy("(,)").split("a,b,c", 1), ["a", ",", "b,c"]);
  const p = compilePy("(?P<word>\\w+)");
  assert.equal(p.groups, 1);
  assert.equal(p.groupIndex.get("word"), 1);
  assert.deepEqual(
    p.finditer("\ud83d\ude00 hi").map((m) => [m.start, m.end, m.text, m.groups[0]]),
    [[3, 5, "hi", "hi"]],
  );
});

test("compiled patterns are cached per pattern and flags", () => {
  assert.equal(compilePy("a+b", { ignoreCase: true }), compilePy("a+b", { ignoreCase: true }));
  assert.notEqual(compilePy("a+b"), compilePy("a+b", { ignoreCase: true }));
});

test("IGNORECASE on ASCII letters adds exactly Python's extra folds (İ ı for i, ſ for s, K for k)", () => {
  // Python: set(re.findall(c, <every code point>, re.I)) - {c.lower(), c.upper()}
  const extra: Record<string, string> = { i: "\u0130\u0131", k: "\u212a", s: "\u017f" };
  let all = "";
  for (let cp = 0; cp < 0x1f000; cp++) if (cp < 0xd800 || cp >= 0xe000) all += String.fromCodePoint(cp);
  for (const c of "abcdefghijklmnopqrstuvwxyzIKS") {
    const lower = c.toLowerCase();
    const expected = new Set([lower, lower.toUpperCase(), ...(extra[lower] ?? "")]);
    assert.deepEqual(new Set(compilePy(c, { ignoreCase: true }).findallMatches(all)), expected, c);
  }
});
