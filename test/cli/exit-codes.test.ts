// Exit 2 for unusable arguments or files, the run not started: a dataset that cannot be had, an
// unreadable --ifeval-input, a server that cannot be reached or is not an OpenAI-compatible one, a
// model no installed engine can serve, an engine binary that does not exist. One line each.
import { after, test } from "node:test";
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { sharedModel } from "../helpers/data-dir.js";
import { runCli } from "./run-cli.js";

const work = mkdtempSync(join(tmpdir(), "wb-exit-"));
after(() => rmSync(work, { recursive: true, force: true }));
const env = { WORKBENCH_CACHE_DIR: join(work, "cache") };
const MODEL = sharedModel("stories260K.gguf");

/** A port nothing listens on: bound and released. */
async function closedPort(): Promise<number> {
  const s = createServer();
  await new Promise<void>((r) => s.listen(0, "127.0.0.1", r));
  const port = (s.address() as AddressInfo).port;
  await new Promise((r) => s.close(r));
  return port;
}

/** A web server that is not a model server: every path answers `status` with an HTML page. */
async function webServer(status: number): Promise<{ port: number; server: Server }> {
  const server = createServer((_req, res) => {
    res.writeHead(status, { "content-type": "text/html" });
    res.end("<html><body>hello</body></html>");
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  return { port: (server.address() as AddressInfo).port, server };
}

test("--ifeval-input missing or a directory: exit 2 naming it, before the server is contacted", async () => {
  const port = await closedPort();
  const missing = join(work, "nope.jsonl");
  let r = await runCli(["eval", "--port", String(port), "--benchmark", "ifeval", "--ifeval-input", missing], env);
  assert.deepEqual([r.code, r.stderr], [2, `workbench: eval: --ifeval-input ${missing}: no such file\n`]);
  r = await runCli(["eval", "--port", String(port), "--benchmark", "ifeval", "--ifeval-input", work], env);
  assert.deepEqual([r.code, r.stderr], [2, `workbench: eval: --ifeval-input ${work}: not a file\n`]);
});

test("a server that is not there, or not an OpenAI-compatible one: exit 2, one line", async () => {
  const port = await closedPort();
  const r = await runCli(["eval", "--port", String(port), "--benchmark", "gsm8k", "--limit", "1", "--out", join(work, "e1")], env);
  assert.equal(r.code, 2, r.stderr);
  assert.match(r.stderr, /^workbench: eval: cannot reach the server at http:\/\/127\.0\.0\.1:\d+ .*is it running\?\n$/);
  for (const status of [404, 200]) {
    const { port: webPort, server } = await webServer(status);
    try {
      const w = await runCli(["eval", "--port", String(webPort), "--benchmark", "gsm8k", "--limit", "1", "--out", join(work, `e${status}`)], env);
      assert.equal(w.code, 2, w.stderr);
      assert.equal(w.stderr.split("\n").length, 2, `one line: ${w.stderr}`);
      assert.match(w.stderr, status === 404 ? /is not an OpenAI-compatible server \(GET \/v1\/models: HTTP 404\)/ : /GET http:\/\/127\.0\.0\.1:\d+\/v1\/models failed/);
    } finally {
      await new Promise((res) => server.close(res));
    }
  }
});

test("a safetensors folder without vLLM, and an engine binary that does not exist: exit 2", async (t) => {
  const st = join(work, "org--Model-BF16");
  mkdirSync(st, { recursive: true });
  writeFileSync(join(st, "config.json"), JSON.stringify({ architectures: ["LlamaForCausalLM"], torch_dtype: "bfloat16", max_position_embeddings: 4096 }));
  const header = Buffer.from(JSON.stringify({ "w": { dtype: "BF16", shape: [1], data_offsets: [0, 2] } }));
  const len = Buffer.alloc(8);
  len.writeBigUInt64LE(BigInt(header.length));
  writeFileSync(join(st, "model.safetensors"), Buffer.concat([len, header, Buffer.alloc(2)]));
  // PATH without vllm or sglang (the CLI runs under this very node, by its absolute path).
  const r = await runCli(["eval", "--model", st, "--benchmark", "gsm8k", "--limit", "1", "--out", join(work, "st")], { ...env, PATH: "/nonexistent-bin" });
  assert.equal(r.code, 2, r.stderr);
  assert.match(r.stderr, /^workbench: eval: a safetensors model needs vLLM/);
  if (!existsSync(MODEL)) return t.skip("stories260K.gguf not present");
  const e = await runCli(["eval", "--model", MODEL, "--engine", "llama-server", "--benchmark", "ifeval", "--limit", "1", "--max-tokens", "16", "--out", join(work, "bin")], { ...env, WORKBENCH_LLAMA_SERVER_BIN: "/nonexistent/llama-server" }, 60_000);
  assert.equal(e.code, 2, e.stderr);
  assert.match(e.stderr, /^workbench: eval: \/nonexistent\/llama-server not found/m);
});

// A network namespace with only loopback: the dataset download fails at once, whatever the machine's network.
const offline = spawnSync("unshare", ["-rn", "true"]).status === 0;

test("a dataset neither in the data dir nor downloadable: exit 2 with the reason", { skip: offline ? false : "unshare -rn is not available to cut the network" }, () => {
  const empty = join(work, "empty-data");
  mkdirSync(empty, { recursive: true });
  const fromSources = import.meta.url.endsWith(".ts");
  const cli = fromSources ? ["--import", "tsx", fileURLToPath(new URL("../fakes/cli-entry.ts", import.meta.url))] : [fileURLToPath(new URL("../../../bin/workbench.js", import.meta.url))];
  const fake = fileURLToPath(new URL(fromSources ? "../fixtures/server/fake-llama-server.mjs" : "../../../test/fixtures/server/fake-llama-server.mjs", import.meta.url));
  const q = (s: string) => `'${s.replace(/'/g, `'\\''`)}'`;
  // Inside the namespace: loopback up, a fake llama-server on it, then the eval against it.
  const script = [
    "ip link set lo up 2>/dev/null || true",
    `${q(process.execPath)} ${q(fake)} --port 38517 --alias T >/dev/null 2>&1 & srv=$!`,
    "sleep 1",
    `${[process.execPath, ...cli].map(q).join(" ")} eval --port 38517 --benchmark gsm8k --limit 1 --data-dir ${q(empty)} --out ${q(join(work, "offline"))}`,
    "rc=$?; kill $srv; exit $rc",
  ].join("\n");
  const r = spawnSync("unshare", ["-rn", "sh", "-c", script], { env: { ...process.env, ...env, WORKBENCH_CACHE_DIR: join(work, "offline-cache") }, encoding: "utf8", timeout: 60_000 });
  assert.equal(r.status, 2, r.stderr);
  assert.match(r.stderr, /^workbench: eval: asset 'gsm8k': could not download https:\/\/\S+ \(fetch failed: \w+\); place the file by hand at /m);
});
