import { test } from "node:test";
import assert from "node:assert/strict";
import { mkdtempSync, readFileSync, existsSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { autostart, chooseEngine } from "../../src/target/autostart.js";
import { startManagedServer, ServerStartError } from "../../src/target/managed-process.js";
import { freePort } from "../../src/target/free-port.js";
import { engineFor, launchFor, type ServerEngine } from "../../src/target/engines.js";
import { writeGguf } from "../model/gguf-writer.js";

const FAKE = resolve("test/fixtures/server/fake-llama-server.mjs");

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

async function waitDead(pid: number, ms = 3000): Promise<boolean> {
  const end = Date.now() + ms;
  while (Date.now() < end) {
    if (!alive(pid)) return true;
    await new Promise((r) => setTimeout(r, 50));
  }
  return !alive(pid);
}

function setup(mode: string) {
  const dir = mkdtempSync(join(tmpdir(), "wb-srv-"));
  const gguf = join(dir, "tiny-Q8_0.gguf");
  writeGguf(gguf, { "general.architecture": { t: "str", v: "llama" }, "general.file_type": { t: "u32", v: 7 }, "general.basename": { t: "str", v: "Tiny" }, "tokenizer.chat_template": { t: "str", v: "{{ messages }}" } }, []);
  process.env.WORKBENCH_LLAMA_SERVER_BIN = FAKE;
  process.env.FAKE_SERVER_MODE = mode;
  return { dir, gguf };
}

test("auto picks llama-server for GGUF when on PATH, else embedded; safetensors needs vllm", () => {
  process.env.WORKBENCH_LLAMA_SERVER_BIN = FAKE;
  assert.equal(chooseEngine("gguf", "auto"), "llama-server");
  process.env.WORKBENCH_LLAMA_SERVER_BIN = "/nonexistent/llama-server";
  assert.equal(chooseEngine("gguf", "auto"), "embedded");
  process.env.WORKBENCH_VLLM_BIN = "/nonexistent/vllm";
  assert.throws(() => chooseEngine("safetensors", "auto"), /needs vLLM.*--base-url/);
  assert.equal(chooseEngine("safetensors", "sglang"), "sglang");
});

test("slow start: waits for health, records command and version, serves, then tears down the whole tree", async () => {
  const { dir, gguf } = setup("slow");
  const pidFile = join(dir, "child.pid");
  process.env.FAKE_SERVER_MODE = "tree";
  process.env.FAKE_CHILD_PID_FILE = pidFile;
  const a = await autostart({ modelPath: gguf, engine: "auto", serverArgs: ["--threads", "1"], parallel: 2, logDir: dir, startTimeoutMs: 10_000, killGraceMs: 1000 });
  try {
    assert.equal(a.model.model_format, "gguf");
    assert.equal(a.model.quantization, "Q8_0");
    assert.equal(a.server.engine, "llama-server");
    assert.deepEqual((a.server.command as string[]).slice(-2), ["--threads", "1"]);
    assert.match(String(a.server.version), /version: 9999/);
    assert.equal(a.backend.info.model, "Tiny");
    const r = await a.backend.generate({ messages: [{ role: "user", content: "hi" }], prompt: "hi" }, { max_tokens: 8, temperature: 0 }, 1);
    assert.equal(r.generations[0]!.text, "echo: hi");
    assert.ok(existsSync(String(a.server.log_file)));
  } finally {
    await a.stop();
  }
  const serverPid = Number(a.server.pid);
  const childPid = Number(readFileSync(pidFile, "utf8"));
  assert.ok(await waitDead(serverPid), "server killed");
  assert.ok(await waitDead(childPid), "its child killed too (no orphan)");
  delete process.env.FAKE_CHILD_PID_FILE;
});

test("crash at start: clear error with the log's last lines, nothing left running", async () => {
  const { dir, gguf } = setup("crash-start");
  await assert.rejects(autostart({ modelPath: gguf, engine: "llama-server", serverArgs: [], parallel: 1, logDir: dir, startTimeoutMs: 10_000 }), (e: Error) => {
    assert.ok(e instanceof ServerStartError);
    assert.match(e.message, /exited during start-up \(exit code 1\)/);
    assert.match(e.message, /unsupported architecture/);
    return true;
  });
});

test("never healthy: times out, kills the server", async () => {
  const { dir } = setup("never-ready");
  const port = await freePort();
  const logFile = join(dir, "s.log");
  await assert.rejects(
    startManagedServer({
      name: "llama-server",
      launch: launchFor(engineFor("llama-server") as ServerEngine, { weights: "x.gguf", port, parallel: 1, servedName: "x", extraArgs: [], chatTemplate: true }),
      port,
      logFile,
      startTimeoutMs: 4000,
      killGraceMs: 500,
    }),
    /did not become healthy within 4 s/,
  );
  const pidLine = readFileSync(logFile, "utf8");
  assert.match(pidLine, /starting on/);
  // The port is free again: the server is gone.
  await new Promise((r) => setTimeout(r, 300));
  await new Promise<void>((res, rej) => {
    const s = createServer();
    s.once("error", rej);
    s.listen(port, "127.0.0.1", () => s.close(() => res()));
  });
});

test("ignores SIGTERM: SIGKILL after the grace period", async () => {
  const { dir, gguf } = setup("ignore-term");
  const a = await autostart({ modelPath: gguf, engine: "llama-server", serverArgs: [], parallel: 1, logDir: dir, startTimeoutMs: 10_000, killGraceMs: 300 });
  const pid = Number(a.server.pid);
  const t0 = Date.now();
  await a.stop();
  assert.ok(await waitDead(pid), "killed despite ignoring SIGTERM");
  assert.ok(Date.now() - t0 < 3000);
  assert.match(readFileSync(String(a.server.log_file), "utf8"), /ignoring SIGTERM/);
});

test("crash mid-run: requests fail with a transport error, stop() still cleans up", async () => {
  const { dir, gguf } = setup("crash-mid");
  const a = await autostart({ modelPath: gguf, engine: "llama-server", serverArgs: [], parallel: 1, logDir: dir, startTimeoutMs: 10_000, killGraceMs: 300 });
  const spec = { messages: [{ role: "user" as const, content: "x" }], prompt: "x" };
  await a.backend.generate(spec, { max_tokens: 4, temperature: 0 }, 1);
  await a.backend.generate(spec, { max_tokens: 4, temperature: 0 }, 1);
  await assert.rejects(a.backend.generate(spec, { max_tokens: 4, temperature: 0 }, 1));
  await a.stop();
  assert.ok(await waitDead(Number(a.server.pid)));
});

test("port already taken → clear error before anything starts", async () => {
  const { dir, gguf } = setup("ok");
  const blocker = createServer();
  await new Promise<void>((r) => blocker.listen(0, "127.0.0.1", r));
  const port = (blocker.address() as { port: number }).port;
  try {
    await assert.rejects(autostart({ modelPath: gguf, engine: "llama-server", port, serverArgs: [], parallel: 1, logDir: dir }), new RegExp(`port ${port} is already in use`));
  } finally {
    blocker.close();
  }
});

test("missing engine binary and missing model path are clear errors", async () => {
  const { dir, gguf } = setup("ok");
  process.env.WORKBENCH_VLLM_BIN = "/nonexistent/vllm";
  await assert.rejects(autostart({ modelPath: join(dir, "nope.gguf"), engine: "auto", serverArgs: [], parallel: 1, logDir: dir }), /model path does not exist/);
  await assert.rejects(autostart({ modelPath: gguf, engine: "vllm", serverArgs: [], parallel: 1, logDir: dir }), /needs a GGUF|not found on PATH/);
});
