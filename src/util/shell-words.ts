// Splits a command-line string into words the way a POSIX shell does for quoting, and nothing else:
// no variables, globs, pipes or redirections (`$HOME`, `*`, `|` stay literal characters).
//   - blanks (space, tab, newline) separate words; a word may join quoted and unquoted parts
//   - '...' keeps everything literally up to the next '
//   - "..." keeps everything, except that \" \\ \$ \` stand for the character and \<newline> vanishes
//   - outside quotes a backslash takes the next character literally; \<newline> vanishes
//   - '' and "" are an empty word
// Used for user input handed to a spawned process (`eval --server-args`).

export class ShellWordsError extends Error {
  override name = "ShellWordsError";
}

const BLANK = /[ \t\n\r]/;
const ESCAPABLE_IN_DOUBLE = new Set(['"', "\\", "$", "`", "\n"]);

export function shellWords(input: string): string[] {
  const words: string[] = [];
  let word = "";
  /** Whether a word has started (so that '' counts as an empty word). */
  let inWord = false;
  let i = 0;
  while (i < input.length) {
    const c = input[i]!;
    if (BLANK.test(c)) {
      if (inWord) words.push(word);
      word = "";
      inWord = false;
      i++;
      continue;
    }
    if (c === "\\" && input[i + 1] === "\n") {
      // A line continuation joins the lines; it neither ends nor starts a word.
      i += 2;
      continue;
    }
    inWord = true;
    if (c === "'") {
      const end = input.indexOf("'", i + 1);
      if (end < 0) throw new ShellWordsError(`unterminated single quote at character ${i + 1}`);
      word += input.slice(i + 1, end);
      i = end + 1;
    } else if (c === '"') {
      let j = i + 1;
      for (;;) {
        if (j >= input.length) throw new ShellWordsError(`unterminated double quote at character ${i + 1}`);
        const d = input[j]!;
        if (d === '"') break;
        if (d === "\\" && j + 1 < input.length && ESCAPABLE_IN_DOUBLE.has(input[j + 1]!)) {
          if (input[j + 1] !== "\n") word += input[j + 1];
          j += 2;
          continue;
        }
        word += d;
        j++;
      }
      i = j + 1;
    } else if (c === "\\") {
      if (i + 1 >= input.length) throw new ShellWordsError("a backslash at the end has nothing to escape");
      word += input[i + 1];
      i += 2;
    } else {
      word += c;
      i++;
    }
  }
  if (inWord) words.push(word);
  return words;
}
