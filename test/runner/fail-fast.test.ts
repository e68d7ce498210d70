// Responses that retrying cannot fix stop the run at once with one message naming the cause:
// a web page on the port, another API's JSON (wrong --backend), and a 200 with no content is an
// empty answer, counted, not an error.
import { after, test } from "node:test";
import assert from "node:assert/strict";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Writable } from "node:stream";
import { runCommand } from "../../src/cli/command.js";
import evalCommand from "../../src/cli/commands/eval.js";
import { openServerBackend } from "../../src/backends/index.js";
import { evaluate } from "../../src/runner/evaluate.js";
import { createArithBenchmark } from "../fakes/arith-benchmark.js";
import { DATA_DIR } from "../fakes/replay.js";

const work = mkdtempSync(join(tmpdir(), "wb-failfast-"));
process.env.WORKBENCH_CACHE_DIR = join(work, "cache");
process.env.WORKBENCH_DATA_DIR ??= DATA_DIR;
const RETRY = { retries: 8, baseMs: 200, capMs: 2000, maxRetryAfterMs: 2000 };

/** A server answering every POST with `body` (and /v1/models with a model list). */
async function serve(type: string, body: string): Promise<{ url: string; posts: () => number; server: Server }> {
  let posts = 0;
  const server = createServer((req, res) => {
    if (req.method === "GET" && req.url === "/v1/models") {
      res.writeHead(200, { "content-type": "application/json" });
      res.end(JSON.stringify({ data: [{ id: "m" }] }));
      return;
    }
    posts++;
    req.resume();
    req.on("end", () => {
      res.writeHead(200, { "content-type": type });
      res.end(body);
    });
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  const servers = [server];
  after(() => servers.forEach((s) => s.close()));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, posts: () => posts, server };
}

async function cli(argv: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = "";
  let stderr = "";
  const sink = (f: (s: string) => void): Writable => new Writable({ write: (c: Buffer, _e, cb) => (f(c.toString()), cb()) });
  const io = { stdout: sink((s) => (stdout += s)), stderr: sink((s) => (stderr += s)) } as unknown as { stdout: typeof process.stdout; stderr: typeof process.stderr };
  const code = await runCommand(evalCommand, argv, io);
  return { code, stdout, stderr };
}

test("an HTML page on every request: the run stops after 8 requests naming a web UI or proxy, exit 2", async () => {
  const s = await serve("text/html; charset=utf-8", "<!DOCTYPE html><html><body>Open WebUI</body></html>");
  const t0 = Date.now();
  const r = await cli(["--base-url", s.url, "--benchmark", "gsm8k", "--limit", "30", "--concurrency", "2", "--out", join(work, "evals-html")]);
  assert.equal(r.code, 2, r.stderr);
  assert.match(r.stderr, /web page|web UI/);
  assert.match(r.stderr, /--base-url/);
  assert.equal(r.stderr.trim().split("\n").length, 1, "one message");
  assert.ok(s.posts() <= 8 + 2, `${s.posts()} requests sent`);
  assert.ok(Date.now() - t0 < 10_000, "no minutes of retries");
});

test("--backend llamacpp against an OpenAI server: not retried, stops naming --backend", async () => {
  const s = await serve("application/json", JSON.stringify({ id: "x", object: "text_completion", choices: [{ index: 0, text: "42", finish_reason: "stop" }] }));
  const opened = await openServerBackend("llamacpp", s.url, { concurrency: 2, modelName: "m" });
  try {
    const t0 = Date.now();
    const out = await evaluate({ backend: opened.backend, concurrency: 2, identity: "ff", benchmarks: [createArithBenchmark(20)], timeoutMs: 2000, retry: RETRY });
    assert.ok(out.stopped, "the run stopped");
    assert.equal(out.stopped.exitCode, 2);
    assert.match(out.stopped.reason, /--backend/);
    assert.match(out.stopped.reason, /choices/);
    assert.ok(s.posts() <= 8 + 2, `${s.posts()} requests sent`);
    assert.ok(Date.now() - t0 < 3000, `took ${Date.now() - t0} ms (retried?)`);
  } finally {
    await opened.backend.close();
  }
});

test("a 200 with no content is an empty answer, counted in the result and the summary", async () => {
  const s = await serve("application/json", JSON.stringify({ choices: [{ index: 0, message: { role: "assistant", content: null }, finish_reason: "stop" }] }));
  const r = await cli(["--base-url", s.url, "--benchmark", "gsm8k", "--limit", "12", "--out", join(work, "evals-empty"), "--json"]);
  assert.equal(r.code, 0, r.stderr);
  const doc = JSON.parse(r.stdout) as { benchmarks: { gsm8k: { usage: { empty: number; errors: number } } } };
  assert.equal(doc.benchmarks.gsm8k.usage.empty, 12);
  assert.equal(doc.benchmarks.gsm8k.usage.errors, 0);
  const again = await cli(["--base-url", s.url, "--benchmark", "gsm8k", "--limit", "12", "--out", join(work, "evals-empty")]);
  assert.match(again.stdout, /12 empty responses/);
});
