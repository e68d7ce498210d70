// Several endpoints in one run (`eval --base-url A --base-url B ...`) against fake servers on
// loopback: the work spreads over all of them (more to the faster), one killed mid-run hands its
// items back and the others finish with the same results as a single-endpoint run, and endpoints
// of different models are refused unless --allow-mixed-endpoints.
import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Writable } from "node:stream";
import { runCommand } from "../../src/cli/command.js";
import evalCommand from "../../src/cli/commands/eval.js";
import type { ResultDocument } from "../../src/results/schema.js";
import { startFakeServer, type FakeServer, type FakeServerOptions } from "../fakes/fake-server.js";
import { DATA_DIR, IFEVAL_GPT4_INPUTS, ifevalGpt4Answers } from "../fakes/replay.js";

const work = mkdtempSync(join(tmpdir(), "wb-endpoints-"));
process.env.WORKBENCH_CACHE_DIR = join(work, "cache");
process.env.WORKBENCH_DATA_DIR = DATA_DIR;

const answers = ifevalGpt4Answers();
const ITEMS = 60;
const servers: FakeServer[] = [];

async function cli(argv: string[]): Promise<{ code: number; doc: ResultDocument; stderr: string }> {
  let stdout = "";
  let stderr = "";
  const sink = (f: (s: string) => void): Writable => new Writable({ write: (c: Buffer, _e, cb) => (f(c.toString()), cb()) });
  const io = { stdout: sink((s) => (stdout += s)), stderr: sink((s) => (stderr += s)) } as unknown as { stdout: typeof process.stdout; stderr: typeof process.stderr };
  const code = await runCommand(evalCommand, [...argv, "--benchmark", "ifeval", "--ifeval-input", IFEVAL_GPT4_INPUTS, "--limit", String(ITEMS), "--no-cache", "--json", "--out", join(work, "out")], io);
  return { code, doc: (stdout ? JSON.parse(stdout) : null) as ResultDocument, stderr };
}

async function fake(opts: Partial<FakeServerOptions>): Promise<FakeServer> {
  const s = await startFakeServer({ modelId: "org/replica-model", answer: (req) => answers.get(req.prompt) ?? "no answer known", ...opts });
  servers.push(s);
  return s;
}

interface EndpointRow {
  base_url: string;
  requests: number;
  outages: number;
  concurrency: { source: string };
}

function endpointsOf(doc: ResultDocument): EndpointRow[] {
  return (doc.server as { endpoints: EndpointRow[] }).endpoints;
}

let reference: ResultDocument;

before(async () => {
  const single = await fake({ slots: 4 });
  const r = await cli(["--port", String(single.port)]);
  assert.equal(r.code, 0, r.stderr);
  reference = r.doc;
  assert.equal(endpointsOf(reference).length, 1);
  assert.equal(endpointsOf(reference)[0]!.requests, ITEMS);
});

after(async () => {
  for (const s of servers) await s.close();
});

test("three endpoints: every one serves, the fastest most; the results equal a single-endpoint run", async () => {
  const fast = await fake({ slots: 2, latencyMs: 5 });
  const mid = await fake({ slots: 2, latencyMs: 25 });
  // No /props: its concurrency is the adaptive controller's.
  const slow = await fake({ latencyMs: 60 });
  const r = await cli(["--base-url", `${fast.url}/v1,${mid.url}/v1`, "--base-url", slow.url]);
  assert.equal(r.code, 0, r.stderr);
  assert.deepEqual(r.doc.benchmarks.ifeval!.items, reference.benchmarks.ifeval!.items);
  assert.deepEqual(r.doc.benchmarks.ifeval!.metrics, reference.benchmarks.ifeval!.metrics);
  const rows = endpointsOf(r.doc);
  assert.deepEqual(rows.map((e) => e.requests), [fast.stats.ok, mid.stats.ok, slow.stats.ok], "each endpoint's count is what it served");
  assert.equal(fast.stats.ok + mid.stats.ok + slow.stats.ok, ITEMS, "every item answered once");
  assert.ok(rows.every((e) => e.requests > 0), rows.map((e) => e.requests).join(","));
  assert.ok(fast.stats.ok > slow.stats.ok, `fast ${fast.stats.ok} vs slow ${slow.stats.ok}`);
  assert.ok(fast.stats.maxInflight <= 2 && mid.stats.maxInflight <= 2, "a server's slots bound its requests in flight");
  assert.deepEqual(rows.map((e) => e.concurrency.source), ["server", "server", "adaptive"]);
  assert.equal(r.doc.server!.base_url, fast.url);
});

test("one endpoint killed mid-run: its items go to the other, each answered once, results unchanged", async () => {
  const a = await fake({ slots: 3, latencyMs: 15 });
  let seen = 0;
  const b: FakeServer = await fake({
    slots: 3,
    latencyMs: 15,
    answer: (req) => {
      // The 6th answer never leaves: the server dies with it (and the others in flight).
      if (++seen === 6) void b.kill();
      return answers.get(req.prompt) ?? "no answer known";
    },
  });
  const r = await cli(["--base-url", a.url, b.url]);
  assert.equal(r.code, 0, r.stderr);
  assert.deepEqual(r.doc.benchmarks.ifeval!.items, reference.benchmarks.ifeval!.items);
  const rows = endpointsOf(r.doc);
  assert.equal(rows[0]!.requests + rows[1]!.requests, ITEMS, "every item answered once");
  assert.equal(rows[0]!.requests, a.stats.ok);
  assert.ok(rows[1]!.requests >= 1 && rows[1]!.requests <= 5 && rows[1]!.requests <= b.stats.ok, `b answered ${rows[1]!.requests}`);
  assert.ok(rows[1]!.outages >= 1);
  assert.equal(r.doc.benchmarks.ifeval!.usage.errors, 0);
});

test("endpoints of different models are refused (exit 2, one line) unless --allow-mixed-endpoints", async () => {
  const a = await fake({});
  const other = await fake({ modelId: "org/another-model" });
  const r = await cli(["--base-url", `${a.url},${other.url}`]);
  assert.equal(r.code, 2);
  assert.match(r.stderr, /^workbench: eval: the endpoints do not serve the same model: http:\/\/127\.0\.0\.1:\d+ serves 'org\/replica-model' but http:\/\/127\.0\.0\.1:\d+ serves 'org\/another-model' \(.*--allow-mixed-endpoints\)\n$/);
  assert.equal(other.stats.requests, 0, "nothing sent");
  // Same id, another model file behind it (llama.cpp /props).
  const p1 = await fake({ slots: 1, modelPath: "/a/Model-Q8_0.gguf" });
  const p2 = await fake({ slots: 1, modelPath: "/b/Model-Q4_K_M.gguf" });
  const files = await cli(["--base-url", p1.url, p2.url]);
  assert.equal(files.code, 2);
  assert.match(files.stderr, /serves 'org\/replica-model' \(file Model-Q8_0\.gguf\) but .* serves 'org\/replica-model' \(file Model-Q4_K_M\.gguf\)/);
  const p3 = await fake({ slots: 1, modelId: "org/replica-model-q4" });
  const named = await cli(["--base-url", p1.url, p3.url, "--model-name", "org/replica-model"]);
  assert.equal(named.code, 2);
  assert.match(named.stderr, /does not list model 'org\/replica-model'/);
  const brave = await cli(["--base-url", `${a.url},${other.url}`, "--allow-mixed-endpoints"]);
  assert.equal(brave.code, 0, brave.stderr);
  assert.match(String(brave.doc.server!.mixed_models), /another-model/);
});
