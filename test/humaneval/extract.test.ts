import { test } from "node:test";
import assert from "node:assert/strict";
import path from "node:path";
import { buildChatPrompt, executeSamples, extractCode, HUMANEVAL_STOP_SEQUENCES, loadHumanEvalProblems, type HumanEvalProblem } from "../../src/benchmarks/humaneval/index.js";
import { PYTHON, SAMPLES_DIR, readJsonlSync, DATA_DIR } from "./helpers.js";

const toy: HumanEvalProblem = {
  task_id: "toy/0",
  prompt: 'from typing import List\n\n\ndef add(xs: List[int], k: int) -> List[int]:\n    """Add k to every element.\n    >>> add([1, 2], 1)\n    [2, 3]\n    """\n',
  canonical_solution: "    return [x + k for x in xs]\n",
  test: "def check(candidate):\n    assert candidate([1, 2], 1) == [2, 3]\n    assert candidate([], 5) == []\n",
  entry_point: "add",
};

const FN = "def add(xs: List[int], k: int) -> List[int]:\n    return [x + k for x in xs]";

/** Raw chat answers, the policy expected, and whether the program should pass. */
const CASES: Array<{ name: string; answer: string; policy: string; passes: boolean }> = [
  { name: "think then fenced function", answer: `<think>use a list comprehension\n\`\`\`python\ndef add(xs, k): return None\n\`\`\`</think>\nHere:\n\`\`\`python\n${FN}\n\`\`\``, policy: "fence-with-entry-point:function", passes: true },
  { name: "unclosed think is no answer", answer: `<think>maybe\n\`\`\`python\n${FN}\n\`\`\``, policy: "unclosed-think", passes: false },
  { name: "only a closing think tag", answer: `reasoning...</think>\n\`\`\`python\n${FN}\n\`\`\``, policy: "fence-with-entry-point:function", passes: true },
  { name: "usage block before the solution", answer: `Usage:\n\`\`\`python\nprint(add([1], 2))\n\`\`\`\nSolution:\n\`\`\`python\n${FN}\n\`\`\``, policy: "fence-with-entry-point:function", passes: true },
  { name: "solution then a usage block", answer: `\`\`\`python\n${FN}\n\`\`\`\nTest it:\n\`\`\`python\nassert add([1], 2) == [4]\n\`\`\``, policy: "fence-with-entry-point:function", passes: true },
  { name: "fenced body only", answer: "```python\n    return [x + k for x in xs]\n```", policy: "first-python-fence:body", passes: true },
  { name: "body whose first line lost its indentation", answer: "```\nresult = []\n    for x in xs:\n        result.append(x + k)\n    return result\n```", policy: "first-python-fence:body", passes: true },
  { name: "stripped first line ending in a colon", answer: "if not xs:\n        return []\n    return [x + k for x in xs]", policy: "text:body", passes: true },
  { name: "body indented with tabs", answer: "```python\n\tout = []\n\tfor x in xs:\n\t\tout.append(x + k)\n\treturn out\n```", policy: "first-python-fence:body", passes: true },
  { name: "whole function indented in the fence", answer: "```python\n    def add(xs, k):\n        return [x + k for x in xs]\n```", policy: "fence-with-entry-point:function", passes: true },
  { name: "helper defined after the entry point", answer: "```python\ndef add(xs, k):\n    return [_inc(x, k) for x in xs]\n\ndef _inc(x, k):\n    return x + k\n```", policy: "fence-with-entry-point:function", passes: true },
  { name: "output fence and a python fence", answer: "```text\n[2, 3]\n```\n```py\ndef add(xs, k):\n    return [x + k for x in xs]\n```", policy: "fence-with-entry-point:function", passes: true },
  { name: "no fence, prose around the function", answer: `Sure, here it is.\n\n${FN}\n\nThis adds k to each element.`, policy: "text-span:function", passes: true },
  { name: "capitalised language tag, CRLF, uses the prompt's import", answer: "```Python\r\ndef add(xs: List[int], k):\r\n    return [x + k for x in xs]\r\n```\r\n", policy: "fence-with-entry-point:function", passes: true },
  { name: "truncated answer: unclosed fence", answer: `\`\`\`python\n${FN}\n`, policy: "fence-with-entry-point:function", passes: true },
  { name: "tilde fence", answer: `~~~python\n${FN}\n~~~`, policy: "fence-with-entry-point:function", passes: true },
];

test("extractCode picks the code and shapes it after the prompt (policy per case)", () => {
  for (const c of CASES) assert.equal(extractCode(c.answer, toy).policy, c.policy, c.name);
  assert.equal(extractCode(CASES[1]!.answer, toy).completion, "");
  // a whole function comes after a newline at column 0; a body is indented under the signature
  assert.match(extractCode(CASES[9]!.answer, toy).completion, /^\ndef add\(xs, k\):\n {4}return/);
  assert.equal(extractCode(CASES[8]!.answer, toy).completion, "    out = []\n    for x in xs:\n        out.append(x + k)\n    return out\n");
  assert.equal(extractCode(CASES[6]!.answer, toy).completion, "    result = []\n    for x in xs:\n        result.append(x + k)\n    return result\n");
});

test("extracted programs run as expected in the sandbox", async () => {
  const got: boolean[] = [];
  const samples = CASES.map((c) => ({ task_id: toy.task_id, completion: extractCode(c.answer, toy).completion }));
  for await (const r of executeSamples([toy], samples, { python: PYTHON, workers: 2 })) got[r.index] = r.passed;
  CASES.forEach((c, i) => assert.equal(got[i], c.passes, c.name));
});

test("chat prompt and completion stops", () => {
  const p = buildChatPrompt(toy);
  assert.ok(p.includes("```python\n" + toy.prompt.trim() + "\n```"));
  assert.match(p, /single ```python code block/);
  assert.deepEqual(HUMANEVAL_STOP_SEQUENCES.slice(0, 4), ["\nclass", "\ndef", "\n#", "\nif"]);
});

test("real chat answers (MapCoder Qwen): extraction gives the reference doc's pass@1", async (t) => {
  const problems = await loadHumanEvalProblems({ dataDir: DATA_DIR });
  const byId = new Map(problems.map((p) => [p.task_id, p]));
  // reference executor + best extraction policy: 480B 96.95 % (159), Turbo 84.15 % (138); raw text 0 %
  for (const [file, want] of [
    ["QwenCoder480b-Direct.responses.jsonl", 159],
    ["QwenCoderTurbo-Direct.responses.jsonl", 138],
  ] as const) {
    const rows = readJsonlSync<{ task_id: string; response: string }>(path.join(SAMPLES_DIR, "mapcoder-repro-qwen", file));
    const samples = rows.map((r) => ({ task_id: r.task_id, completion: extractCode(r.response, byId.get(r.task_id)!).completion }));
    let passed = 0;
    const missingModule: string[] = [];
    for await (const r of executeSamples(byId, samples, { python: PYTHON })) {
      if (r.passed) passed++;
      else if (r.result.includes("No module named")) missingModule.push(`${r.task_id}: ${r.result}`);
    }
    // The reference machine lacked sympy (Turbo's HumanEval/39); an interpreter that has it passes one more.
    assert.ok(passed === want || passed === want + 1, `${file}: ${passed} passed, expected ${want}`);
    if (missingModule.length) t.diagnostic(`${file}: failed only for a missing package: ${missingModule.join("; ")}`);
  }
});
