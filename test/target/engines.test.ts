// The engine records: what each puts on the command line, and how autostart reads a record
// (formats it refuses, default parallelism, executable override).
import { test } from "node:test";
import assert from "node:assert/strict";
import { mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { ENGINES, engineBinary, engineFor, launchFor, type ServerEngine } from "../../src/target/engines.js";
import { ENGINE_CHOICES, autostart } from "../../src/target/autostart.js";
import { ServerStartError } from "../../src/target/managed-process.js";
import { writeGguf } from "../model/gguf-writer.js";

const FAKE = resolve("test/fixtures/server/fake-llama-server.mjs");
const REQUEST = { chatTemplate: true, weights: "/m/Tiny-Q4_K_M.gguf", port: 8123, parallel: 3, servedName: "org/Tiny", extraArgs: ["-t", "1"] };

function server(kind: string): ServerEngine {
  return engineFor(kind as ServerEngine["kind"]) as ServerEngine;
}

test("every record is complete: formats it is auto-picked for are formats it loads; servers have a health path and a wait", () => {
  assert.deepEqual(ENGINE_CHOICES, ["auto", "llama-server", "vllm", "sglang", "ollama", "embedded"]);
  for (const e of ENGINES) {
    for (const f of e.autoFor) assert.ok(e.formats.includes(f), `${e.kind}: auto-picked for ${f} but does not load it`);
    assert.ok(e.defaultParallel >= 1, e.kind);
    if (e.kind === "embedded") continue;
    assert.match(e.healthPath, /^\//, e.kind);
    assert.ok(e.startTimeoutMs > 0 && e.versionArgs.length > 0, e.kind);
    assert.match(e.binaryEnv, /^WORKBENCH_[A-Z_]+_BIN$/, e.kind);
  }
});

test("command lines: weights, host, port, parallelism and served name, then the user's extra arguments last", () => {
  const llama = launchFor(server("llama-server"), REQUEST);
  assert.deepEqual(llama.args, ["-m", REQUEST.weights, "--host", "127.0.0.1", "--port", "8123", "--parallel", "3", "--alias", "org/Tiny", "-t", "1"]);
  assert.equal(llama.servedName, "org/Tiny");
  assert.equal(launchFor(server("llama-server"), { ...REQUEST, contextSize: 2048 }).args.join(" ").includes("-c 6144"), true, "context per slot times slots");
  const sized = launchFor(server("llama-server"), { ...REQUEST, contextSize: 2048, threads: 2, chatTemplate: false });
  assert.deepEqual(sized.args.slice(-6), ["-t", "2", "-c", "6144", "-t", "1"], "threads and context before the user's own arguments, which win");
  assert.equal(sized.backend, "completions", "a model without a chat template is prompted in completion mode, as on the embedded engine");
  assert.equal(launchFor(server("vllm"), { ...REQUEST, chatTemplate: false }).backend, "chat", "vLLM serves safetensors with their own template handling");

  const vllm = launchFor(server("vllm"), { ...REQUEST, weights: "/m/dir" });
  assert.deepEqual(vllm.args, ["serve", "/m/dir", "--host", "127.0.0.1", "--port", "8123", "--served-model-name", "org/Tiny", "-t", "1"]);

  const sglang = launchFor(server("sglang"), { ...REQUEST, weights: "/m/dir" });
  assert.equal(sglang.command, engineBinary(server("sglang")));
  assert.deepEqual(sglang.args.slice(0, 4), ["-m", "sglang.launch_server", "--model-path", "/m/dir"]);

  const ollama = launchFor(server("ollama"), REQUEST);
  assert.deepEqual(ollama.args, ["serve", "-t", "1"]);
  assert.deepEqual(ollama.env, { OLLAMA_HOST: "127.0.0.1:8123", OLLAMA_NUM_PARALLEL: "3" });
  assert.equal(ollama.servedName, "workbench-tiny-q4_k_m", "Ollama serves the GGUF under a name made from the file");
  assert.equal(typeof server("ollama").afterStart, "function");
});

test("the executable override variable wins over the default name", () => {
  const e = server("vllm");
  const before = process.env[e.binaryEnv];
  try {
    process.env[e.binaryEnv] = "/opt/vllm/bin/vllm";
    assert.equal(launchFor(e, REQUEST).command, "/opt/vllm/bin/vllm");
    delete process.env[e.binaryEnv];
    assert.equal(launchFor(e, REQUEST).command, "vllm");
  } finally {
    if (before === undefined) delete process.env[e.binaryEnv];
    else process.env[e.binaryEnv] = before;
  }
});

test("an explicit engine refuses a format it does not load, before anything starts", async () => {
  const dir = mkdtempSync(join(tmpdir(), "wb-eng-"));
  const st = join(dir, "Model-BF16");
  mkdirSync(st);
  writeFileSync(join(st, "config.json"), JSON.stringify({ torch_dtype: "bfloat16" }));
  writeFileSync(join(st, "model.safetensors"), Buffer.alloc(100));
  for (const engine of ["ollama", "embedded", "llama-server"] as const) {
    await assert.rejects(autostart({ modelPath: st, engine, serverArgs: [], logDir: dir }), (e: Error) => {
      assert.ok(e instanceof ServerStartError);
      assert.match(e.message, new RegExp(`--engine ${engine} needs a GGUF model; .* is safetensors`));
      return true;
    });
  }
});

test("without --concurrency the engine record's default parallelism is what the server is started with", async () => {
  const dir = mkdtempSync(join(tmpdir(), "wb-eng-"));
  const gguf = join(dir, "tiny-Q8_0.gguf");
  writeGguf(gguf, { "general.architecture": { t: "str", v: "llama" }, "general.file_type": { t: "u32", v: 7 } }, []);
  const before = process.env.WORKBENCH_LLAMA_SERVER_BIN;
  process.env.WORKBENCH_LLAMA_SERVER_BIN = FAKE;
  process.env.FAKE_SERVER_MODE = "ok";
  const a = await autostart({ modelPath: gguf, engine: "llama-server", serverArgs: [], logDir: dir, startTimeoutMs: 10_000, killGraceMs: 500 });
  try {
    assert.equal(a.parallel, server("llama-server").defaultParallel);
    const cmd = a.server.command as string[];
    assert.equal(cmd[cmd.indexOf("--parallel") + 1], String(server("llama-server").defaultParallel));
  } finally {
    await a.stop();
    if (before === undefined) delete process.env.WORKBENCH_LLAMA_SERVER_BIN;
    else process.env.WORKBENCH_LLAMA_SERVER_BIN = before;
  }
});
