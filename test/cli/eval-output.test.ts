// The end of an eval run: a Markdown table (benchmark, metric, score, items, errors, truncated),
// what was generated (requests sent with their tokens and speed; cached answers counted apart, a
// fully cached run not reported as "0 tokens, 0 tok/s") and the path written; --json carries the
// path too. The embedded engine refuses --port instead of ignoring it.
import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { validateResultDocument } from "../../src/results/schema.js";
import { startFakeServer, type FakeServer } from "../fakes/fake-server.js";
import { sharedModel } from "../helpers/data-dir.js";
import { runCli } from "./run-cli.js";

const work = mkdtempSync(join(tmpdir(), "wb-evalout-"));
const env = { WORKBENCH_CACHE_DIR: join(work, "cache") };
const MODEL = sharedModel("stories260K.gguf");
let server: FakeServer;
before(async () => {
  server = await startFakeServer({ modelId: "test/output", answer: (req) => (req.prompt.includes("Janet") ? "The final answer is 18" : "The final answer is 7") });
});
after(async () => {
  await server.close();
  rmSync(work, { recursive: true, force: true });
});

const args = (out: string) => ["eval", "--port", String(server.port), "--benchmark", "gsm8k", "--limit", "3", "--out", join(work, out)];

test("a table of scores, the requests sent, the path written; a rerun from the store says it sent nothing", async () => {
  const r = await runCli(args("first"), env);
  assert.equal(r.code, 0, r.stderr);
  const lines = r.stdout.split("\n");
  assert.match(lines[0]!, /^\| benchmark \| metric +\| +score \| items \| errors \| truncated \|$/);
  assert.match(lines[1]!, /^\| -+ \| -+ \| -+: \| -+: \| -+: \| -+: \|$/);
  assert.match(r.stdout, /^\| gsm8k +\| strict_match +\| 0\.3333 \| +3 \| +0 \| +0\.0% \|$/m);
  assert.match(r.stdout, /^gsm8k: 3 request\(s\) sent, \d+ completion tokens in \d+\.\d s, \d+ tok\/s$/m);
  const wrote = /^wrote (.+\.json)$/m.exec(r.stdout);
  assert.ok(wrote && existsSync(wrote[1]!), r.stdout);

  const again = await runCli(args("second"), env);
  assert.equal(again.code, 0, again.stderr);
  assert.match(again.stdout, /^gsm8k: nothing sent; 3 answer\(s\) from the response store \(cached\)$/m);
  assert.doesNotMatch(again.stdout, /completion tokens|tok\/s/);
  const file = /^wrote (.+\.json)$/m.exec(again.stdout)![1]!;
  const doc = validateResultDocument(JSON.parse(readFileSync(file, "utf8")), file);
  const u = doc.benchmarks.gsm8k!.usage;
  assert.deepEqual([u.requests, u.cached, u.completion_tokens, u.tokens_per_s], [0, 3, 0, null], "no speed measured when nothing was sent");
});

test("--json: the result document with the path it was written to", async () => {
  const r = await runCli([...args("json"), "--json"], env);
  assert.equal(r.code, 0, r.stderr);
  const doc = JSON.parse(r.stdout) as { result_file?: string; samples_file?: string; benchmarks: Record<string, unknown> };
  assert.ok(doc.result_file && existsSync(doc.result_file), `result_file: ${doc.result_file}`);
  assert.equal(JSON.parse(readFileSync(doc.result_file, "utf8")).samples_file, doc.samples_file);
  assert.ok(doc.benchmarks.gsm8k);
});

test("the embedded engine with --port (or --server-args): exit 2 saying it has no server, nothing started", { skip: existsSync(MODEL) ? false : "stories260K.gguf not present" }, async () => {
  const r = await runCli(["eval", "--model", MODEL, "--engine", "embedded", "--port", "8123", "--benchmark", "ifeval", "--limit", "1", "--max-tokens", "16", "--out", join(work, "emb")], env, 60_000);
  assert.equal(r.code, 2, r.stderr);
  assert.match(r.stderr, /^workbench: --port is for a server engine; the embedded engine runs in this process without a server: drop --port or choose --engine llama-server\n$/);
  const s = await runCli(["eval", "--model", MODEL, "--engine", "embedded", "--server-args", "-t 2", "--benchmark", "ifeval", "--limit", "1", "--max-tokens", "16", "--out", join(work, "emb")], env, 60_000);
  assert.equal(s.code, 2, s.stderr);
  assert.match(s.stderr, /--server-args is for a server engine/);
});
