// `workbench eval --model ...` end to end: on the embedded engine (stories260K.gguf, ifeval + humaneval,
// 5 items) it writes a valid result file with the model's provenance; through an auto-started server
// the --server-args words reach the server's command line unchanged.
import { test } from "node:test";
import assert from "node:assert/strict";
import { existsSync, mkdtempSync, readFileSync, readdirSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { spawnCli, exitOf } from "../fakes/spawn-cli.js";
import { validateResultDocument } from "../../src/results/schema.js";
import { sharedModel } from "../helpers/data-dir.js";
import { writeGguf } from "../model/gguf-writer.js";

const MODEL = sharedModel("stories260K.gguf");

test("eval --model <gguf> on the embedded engine writes a valid result with model_format, quantization and fingerprint", async (t) => {
  if (!existsSync(MODEL)) return t.skip("stories260K.gguf not present");
  const out = mkdtempSync(join(tmpdir(), "wb-evalmodel-"));
  const env = { WORKBENCH_CACHE_DIR: mkdtempSync(join(tmpdir(), "wb-cache-")), WORKBENCH_LLAMA_SERVER_BIN: "/nonexistent/llama-server" };
  const args = ["eval", "--model", MODEL, "--benchmark", "ifeval", "humaneval", "--limit", "5", "--max-tokens", "200", "--out", out];
  const r = await exitOf(spawnCli(args, env));
  assert.equal(r.code, 0, `exit ${r.code}\n${r.stderr}`);
  const files = readdirSync(out);
  const resultFile = files.find((f) => /^\d{4}-\d\d-\d\d_stories260K_ifeval-humaneval\.json$/.test(f));
  assert.ok(resultFile, `result file written (${files.join(", ")})`);
  assert.ok(files.some((f) => f.endsWith(".samples.jsonl")));
  const doc = validateResultDocument(JSON.parse(readFileSync(join(out, resultFile), "utf8")), resultFile);
  assert.equal(doc.model_format, "gguf");
  assert.equal(doc.model_path, MODEL);
  assert.equal(doc.repo_id, "stories260K");
  assert.equal(doc.model?.quantization, "F32");
  assert.match(String(doc.model?.fingerprint), /^sha256:[0-9a-f]{64}$/);
  assert.equal(doc.server?.engine, "embedded");
  assert.match(doc.settings.model_identity, /^weights\|sha256:/);
  assert.equal(typeof doc.gpu_info.available, "boolean");
  assert.equal(doc.benchmarks.ifeval!.questions, 5);
  assert.equal(doc.benchmarks.humaneval!.questions, 5);
  for (const b of Object.values(doc.benchmarks)) {
    assert.equal(b.items.filter((i) => i.error).length, 0, "no item errors");
    assert.ok(b.usage.completion_tokens > 0);
  }
  // Same command again: everything comes from the response store (keyed by the weights fingerprint).
  const again = await exitOf(spawnCli(args, env));
  assert.equal(again.code, 0, again.stderr);
  const second = readdirSync(out).filter((f) => /_ifeval-humaneval(_\d+)?\.json$/.test(f));
  assert.equal(second.length, 2, "the second run gets a new file; nothing is overwritten");
  const doc2 = JSON.parse(readFileSync(join(out, second.find((f) => f !== resultFile)!), "utf8"));
  assert.equal(doc2.benchmarks.ifeval.usage.requests, 0);
  assert.equal(doc2.benchmarks.humaneval.usage.requests, 0);
});

test("eval --model with a missing path is a usage error (exit 2)", async () => {
  const r = await exitOf(spawnCli(["eval", "--model", "/nonexistent/model.gguf"], {}));
  assert.equal(r.code, 2);
  assert.match(r.stderr, /model path does not exist/);
});

test("eval --model --server-args: shell-quoted words reach the auto-started server as separate arguments", async () => {
  const dir = mkdtempSync(join(tmpdir(), "wb-srvargs-"));
  const gguf = join(dir, "tiny-Q8_0.gguf");
  writeGguf(gguf, { "general.architecture": { t: "str", v: "llama" }, "general.file_type": { t: "u32", v: 7 }, "tokenizer.chat_template": { t: "str", v: "{{ messages }}" } }, []);
  const env = { WORKBENCH_CACHE_DIR: mkdtempSync(join(tmpdir(), "wb-cache-")), WORKBENCH_LLAMA_SERVER_BIN: resolve("test/fixtures/server/fake-llama-server.mjs"), FAKE_SERVER_MODE: "ok" };
  const out = join(dir, "evals");
  const args = ["eval", "--model", gguf, "--engine", "llama-server", "--server-args", "-t 1 --ctx-size 4096 --chat-template 'a b'", "--benchmark", "ifeval", "--limit", "1", "--out", out, "--json"];
  const r = await exitOf(spawnCli(args, env));
  assert.equal(r.code, 0, r.stderr);
  const doc = JSON.parse(r.stdout) as { server: { engine: string; command: string[] } };
  assert.equal(doc.server.engine, "llama-server");
  assert.deepEqual(doc.server.command.slice(-6), ["-t", "1", "--ctx-size", "4096", "--chat-template", "a b"]);

  const bad = await exitOf(spawnCli(["eval", "--model", gguf, "--engine", "llama-server", "--server-args", "--chat-template 'a b", "--out", out], env));
  assert.equal(bad.code, 2);
  assert.equal(bad.stderr, "workbench: eval: --server-args: unterminated single quote at character 17\n");
});
