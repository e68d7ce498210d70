// HumanEval through `workbench eval` and the fake server: canonical solutions as chat answers in a
// python fence give pass@1 = 1.0; several samples per task are drawn and kept apart; completion
// mode cuts the continuation at the Codex stops.
import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Writable } from "node:stream";
import { runCommand } from "../../src/cli/command.js";
import evalCommand from "../../src/cli/commands/eval.js";
import { buildChatPrompt, loadHumanEvalProblems, type HumanEvalProblem } from "../../src/benchmarks/humaneval/index.js";
import type { ResultDocument } from "../../src/results/schema.js";
import { startFakeServer, type FakeServer } from "../fakes/fake-server.js";
import { DATA_DIR } from "../fakes/replay.js";

const work = mkdtempSync(join(tmpdir(), "wb-he-"));
process.env.WORKBENCH_CACHE_DIR = join(work, "cache");
process.env.WORKBENCH_DATA_DIR = DATA_DIR;

async function cli(argv: string[]): Promise<{ code: number; doc: ResultDocument; stderr: string }> {
  let stdout = "";
  let stderr = "";
  const sink = (f: (s: string) => void): Writable => new Writable({ write: (c: Buffer, _e, cb) => (f(c.toString()), cb()) });
  const io = { stdout: sink((s) => (stdout += s)), stderr: sink((s) => (stderr += s)) } as unknown as { stdout: typeof process.stdout; stderr: typeof process.stderr };
  const code = await runCommand(evalCommand, [...argv, "--json", "--out", join(work, "out")], io);
  return { code, doc: (stdout ? JSON.parse(stdout) : null) as ResultDocument, stderr };
}

let server: FakeServer;
let problems: HumanEvalProblem[];

before(async () => {
  problems = await loadHumanEvalProblems({ dataDir: DATA_DIR });
  const chat = new Map(problems.map((p) => [buildChatPrompt(p), p]));
  const byPrompt = new Map(problems.map((p) => [p.prompt, p]));
  server = await startFakeServer({
    modelId: "org/canonical",
    answer: (req, sample) => {
      if (req.endpoint === "chat") {
        const p = chat.get(req.prompt);
        if (!p) return "no idea";
        // Sample 1 of HumanEval/0 is deliberately wrong: per-sample verdicts must stay apart.
        if (sample === 1 && p.task_id === "HumanEval/0") return "```python\ndef has_close_elements(numbers, threshold):\n    return None\n```";
        return `Here you go:\n\n\`\`\`python\n${p.prompt}${p.canonical_solution}\`\`\`\n\nThis passes the tests.`;
      }
      const p = byPrompt.get(req.prompt);
      return p ? `${p.canonical_solution}\n\ndef unrelated_helper():\n    return 1\n` : "";
    },
  });
});

after(async () => {
  await server.close();
});

test("canonical solutions as chat answers in a python fence: pass@1 = 1.0", async () => {
  const r = await cli(["--port", String(server.port), "--benchmark", "humaneval"]);
  assert.equal(r.code, 0, r.stderr);
  const b = r.doc.benchmarks.humaneval!;
  assert.equal(b.questions, 164);
  assert.equal(b.overall_score, 1);
  assert.deepEqual(b["pass@k"], { "pass@1": 1 });
  assert.equal(b.n_samples, 1);
  assert.ok(b.items.every((i) => i.scores["pass@1"] === 1 && i.samples!.length === 1 && i.samples![0] === true));
  assert.equal(b.generation.max_tokens, 1024);
  assert.equal(b.generation.mode, "chat");
});

test("--samples N: N samples per task in one request each, recorded and judged separately", async () => {
  const before = server.stats.requests;
  const r = await cli(["--port", String(server.port), "--benchmark", "humaneval", "--limit", "6", "--samples", "3", "--temperature", "0.8"]);
  assert.equal(r.code, 0, r.stderr);
  assert.equal(server.stats.requests - before, 6, "one request with n=3 per task");
  const b = r.doc.benchmarks.humaneval!;
  assert.equal(b.n_samples, 3);
  assert.deepEqual(b.items[0]!.samples, [true, false, true]);
  assert.equal(b.items[0]!.scores["pass@1"], 2 / 3);
  assert.ok(b.items.slice(1).every((i) => i.samples!.join() === "true,true,true"));
  assert.ok(Math.abs(b["pass@k"]!["pass@1"]! - (5 + 2 / 3) / 6) < 1e-12);
  assert.equal(b.generation.temperature, 0.8);
});

test("completion backend: the raw prompt, the continuation cut at the first stop sequence", async () => {
  const r = await cli(["--port", String(server.port), "--benchmark", "humaneval", "--limit", "10", "--backend", "completions"]);
  assert.equal(r.code, 0, r.stderr);
  const b = r.doc.benchmarks.humaneval!;
  assert.equal(b.overall_score, 1);
  assert.equal(b.generation.mode, "completion");
  assert.equal(r.doc.settings.backend, "completions");
});
