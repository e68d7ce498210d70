// The --server-args splitter: POSIX quoting only. Every case is also checked against a real shell
// (`sh -c 'printf "%s\0" ...'`) when one is present, so the expectations are the shell's, not ours.
import { test } from "node:test";
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { existsSync } from "node:fs";
import { shellWords, ShellWordsError } from "../../src/util/shell-words.js";

const CASES: Array<[string, string[]]> = [
  ["", []],
  ["   \t\n ", []],
  ["-t 1 --ctx-size 4096", ["-t", "1", "--ctx-size", "4096"]],
  ["  --threads   2  ", ["--threads", "2"]],
  ["--chat-template 'a b'", ["--chat-template", "a b"]],
  ['--system "say \\"hi\\" twice"', ["--system", 'say "hi" twice']],
  ["'it'\\''s'", ["it's"]],
  ["'a \\n b'", ["a \\n b"], ],
  ['"keep \\n and \\\\ and \\$x"', ["keep \\n and \\ and $x"]],
  ["a\\ b c", ["a b", "c"]],
  ["\\-\\-x", ["--x"]],
  ["--stop= --x=''", ["--stop=", "--x="]],
  ["'' \"\" x", ["", "", "x"]],
  ['--override-kv="tokenizer.ggml.add_bos_token=bool:false"', ["--override-kv=tokenizer.ggml.add_bos_token=bool:false"]],
  ["pre'mid'\"post\"", ["premidpost"]],
  ["$HOME * | >out", ["$HOME", "*", "|", ">out"]],
  ["a \\\nb", ["a", "b"]],
  ["a\\\nb", ["ab"]],
  ['"line\nbreak"', ["line\nbreak"]],
  ["-", ["-"]],
];

test("quotes, escapes, empty words and '-' values split as a shell splits them", () => {
  for (const [input, words] of CASES) assert.deepEqual(shellWords(input), words, JSON.stringify(input));
});

test("the expectations are a real shell's", (t) => {
  if (!existsSync("/bin/sh")) return t.skip("no /bin/sh");
  for (const [input, words] of CASES) {
    // `set -f` keeps `*` literal; printf writes each word NUL-terminated. Variables and operators are
    // quoted away first so the shell only does what shellWords does: quote removal and splitting.
    if (/[$|>]/.test(input)) continue;
    const out = execFileSync("/bin/sh", ["-c", `set -f; printf '%s\\0' ${input}`], { encoding: "utf8" });
    const shell = out === "" ? [] : out.slice(0, -1).split("\0");
    // printf with no arguments still prints once (an empty word): the empty input has no words.
    assert.deepEqual(input.trim() === "" ? [] : shell, words, JSON.stringify(input));
  }
});

test("an unterminated quote or a trailing backslash is an error, not a guess", () => {
  assert.throws(() => shellWords("--x 'abc"), (e: Error) => e instanceof ShellWordsError && /unterminated single quote at character 5/.test(e.message));
  assert.throws(() => shellWords('--x "abc'), /unterminated double quote at character 5/);
  assert.throws(() => shellWords('"a\\"'), /unterminated double quote/);
  assert.throws(() => shellWords("abc\\"), /backslash at the end/);
});
