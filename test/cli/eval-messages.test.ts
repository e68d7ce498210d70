// What eval says must be true: a mistyped option gets the closest real one; HumanEval's interpreter
// is the one named (--python, else /usr/bin/python3 before a python3 earlier on PATH) and the run
// says which it used; after --no-cache, "rerun to resume" names what resumes; failures that a rerun
// cannot fix (prompt longer than the server's context) are told apart from those it may.
import { after, test } from "node:test";
import assert from "node:assert/strict";
import { chmodSync, existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { startFakeServer } from "../fakes/fake-server.js";
import { exitOf, spawnCli } from "../fakes/spawn-cli.js";
import { runCli } from "./run-cli.js";

const work = mkdtempSync(join(tmpdir(), "wb-evalmsg-"));
after(() => rmSync(work, { recursive: true, force: true }));
const env = { WORKBENCH_CACHE_DIR: join(work, "cache") };
const CODE = "```python\ndef f():\n    return 1\n```";

test("an unknown option names the closest real one; bad values and missing values are one clear line", async () => {
  const cases: Array<[string[], string]> = [
    [["eval", "--limt", "5"], "workbench: eval: unknown option --limt (did you mean --limit?)\n"],
    [["eval", "--port", "1", "--no-cach"], "workbench: eval: unknown option --no-cach (did you mean --no-cache?)\n"],
    [["compare", "a.json", "b.json", "--resampels", "10"], "workbench: compare: unknown option --resampels (did you mean --resamples?)\n"],
    [["eval", "--port", "1", "--frobnicate"], "workbench: eval: unknown option --frobnicate\n"],
    [["eval", "--port", "1", "--limit", "-1"], "workbench: eval: --limit: expected an integer from 1 up, got '-1'\n"],
    [["eval", "--port", "1", "--benchmark"], "workbench: eval: option --benchmark needs a value\n"],
  ];
  for (const [args, stderr] of cases) {
    const r = await runCli(args, env);
    assert.deepEqual([r.code, r.stderr], [2, stderr], args.join(" "));
  }
});

test("HumanEval in eval: /usr/bin/python3 before a python3 earlier on PATH, --python wins, and the run says which ran", { skip: existsSync("/usr/bin/python3") ? false : "no /usr/bin/python3 on this machine" }, async () => {
  const server = await startFakeServer({ modelId: "test/python", answer: () => CODE });
  const bin = join(work, "bin");
  mkdirSync(bin, { recursive: true });
  const broken = join(bin, "python3");
  writeFileSync(broken, "#!/bin/sh\necho 'this python3 must not be used' >&2\nexit 3\n");
  chmodSync(broken, 0o755);
  const base = ["eval", "--port", String(server.port), "--benchmark", "humaneval", "--limit", "2", "--sandbox", "basic", "--workers", "1"];
  const noPythonEnv = { ...env, WORKBENCH_PYTHON: "", PATH: `${bin}:${process.env.PATH ?? ""}` };
  try {
    const r = await runCli([...base, "--out", join(work, "py-default")], noPythonEnv, 60_000);
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stderr, /^workbench: eval: humaneval samples ran in the basic sandbox with \/usr\/bin\/python3(\.\d+)? \(Python 3\.\d+\.\d+\)$/m);
    const e = await runCli([...base, "--no-cache", "--python", broken, "--out", join(work, "py-flag")], noPythonEnv, 60_000);
    assert.notEqual(e.code, 0);
    assert.match(e.stderr, new RegExp(`python '${broken.replace(/[/.]/g, "\\$&")}' \\(from --python\\) does not run: this python3 must not be used`));
  } finally {
    await server.close();
  }
});

test("interrupted after --no-cache: the message says to rerun without --no-cache, not 'the same command'", async () => {
  const server = await startFakeServer({ modelId: "test/nocache", answer: () => "42", latencyMs: 400, slots: 1 });
  try {
    const child = spawnCli(["eval", "--port", String(server.port), "--benchmark", "gsm8k", "--limit", "20", "--no-cache", "--out", join(work, "nocache")], env);
    const done = exitOf(child);
    while (server.stats.ok < 2) await new Promise((r) => setTimeout(r, 50));
    child.kill("SIGINT");
    const r = await done;
    assert.equal(r.code, 130, r.stderr);
    assert.match(r.stderr, /interrupted; the answered requests are kept in the response store, but --no-cache ignores them: rerun without --no-cache to resume from them\n$/);
    assert.doesNotMatch(r.stderr, /rerun the same command/);
  } finally {
    await server.close();
  }
});

test("failures a rerun cannot fix (prompt beyond the server's context) are told apart from those it may", async () => {
  const contextError = "the request exceeds the available context size, try increasing it";
  // Items 1 and 2 do not fit the context; item 3 hits a server error after the retries.
  const server = await startFakeServer({
    modelId: "test/ctx",
    answer: () => "42",
    fault: (_n, req) => (req.prompt.includes("Janet\u2019s ducks") || req.prompt.includes("A robe takes") ? { type: "status", status: 400, body: contextError } : req.prompt.includes("Josh decides") ? { type: "status", status: 500 } : undefined),
  });
  try {
    const r = await runCli(["eval", "--port", String(server.port), "--benchmark", "gsm8k", "--limit", "4", "--retries", "0", "--out", join(work, "ctx")], env, 60_000);
    assert.equal(r.code, 1, r.stderr);
    assert.match(r.stderr, /^workbench: eval: 2 item\(s\) failed because the prompt plus max_tokens does not fit the server's context \(see "error" in .*\); a rerun fails the same way: give the server a larger context/m);
    assert.match(r.stderr, /^workbench: eval: 1 item\(s\) failed \(see "error" in .*\); rerun the same command to retry only them/m);
  } finally {
    await server.close();
  }
});
