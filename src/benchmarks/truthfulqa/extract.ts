// Reading the letter of a reply to the "ANSWER: $LETTER" template (reasoning already removed):
//   1. the LAST line that starts with `ANSWER\s*:\s*X` (any case of "answer"; optional **, ( or [ before X);
//   2. else the last `ANSWER:` anywhere in the text;
//   3. else no answer (wrong).
// X is A-M standing alone (not the first letter of a word). A lowercase letter counts only when
// nothing but punctuation or the line end follows it, so "Answer: a person ..." is not "A".
export type AnswerRule = "line_start" | "anywhere";

const HEAD = String.raw`(?:ANSWER|[Aa]nswer)\s*:\s*[*(\[]*\s*`;
const LETTER = String.raw`(?:([A-M])(?![A-Za-z0-9])|([a-m])(?=\s*$|[.):,*\]]|\s*\n))`;
const LINE_RE = new RegExp(String.raw`^[ \t*]*${HEAD}${LETTER}`, "gm");
const ANY_RE = new RegExp(HEAD + LETTER, "g");

function last(re: RegExp, text: string): string | null {
  re.lastIndex = 0;
  let found: RegExpExecArray | null = null;
  for (let m = re.exec(text); m !== null; m = re.exec(text)) found = m;
  return found ? (found[1] ?? found[2]!.toUpperCase()) : null;
}

export function extractAnswerLetter(text: string): { letter: string | null; rule: AnswerRule | null } {
  const a = last(LINE_RE, text);
  if (a) return { letter: a, rule: "line_start" };
  const b = last(ANY_RE, text);
  if (b) return { letter: b, rule: "anywhere" };
  return { letter: null, rule: null };
}
