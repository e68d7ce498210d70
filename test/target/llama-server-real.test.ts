// Against a real llama-server built from the bundled llama.cpp source (`workbench build-llama`;
// CI builds it): auto-start sizing and teardown, provenance of served models, slots, a server
// that dies mid-run, and the same prompt as the embedded engine. Skips, saying why, without it.
import { test } from "node:test";
import assert from "node:assert/strict";
import { copyFileSync, existsSync, mkdtempSync, readdirSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { spawn, type ChildProcess } from "node:child_process";
import { spawnCli, exitOf } from "../fakes/spawn-cli.js";
import { sharedModel } from "../helpers/data-dir.js";
import { findLlamaTool } from "../../src/target/llama-build.js";
import { freePort } from "../../src/target/free-port.js";

const SERVER = findLlamaTool("llama-server");
const LADDER = sharedModel("stories260K-Q4_0.gguf");
const skip = !SERVER ? "no llama-server: run `workbench build-llama` (or set WORKBENCH_LLAMA_SERVER_BIN)" : !existsSync(LADDER) ? "../shared/models not present" : false;

/** A private copy of a ladder file, so that the processes serving it can be found by its path. */
function privateModel(name: string): { dir: string; model: string } {
  const dir = mkdtempSync(join(tmpdir(), "wb-real-"));
  const model = join(dir, name);
  copyFileSync(sharedModel(name), model);
  return { dir, model };
}

/** Pids of live processes whose command line mentions `needle`. */
function processesWith(needle: string): number[] {
  const out: number[] = [];
  for (const p of readdirSync("/proc")) {
    if (!/^\d+$/.test(p)) continue;
    try {
      if (readFileSync(`/proc/${p}/cmdline`, "utf8").includes(needle)) out.push(Number(p));
    } catch {
      // gone meanwhile
    }
  }
  return out;
}

async function until<T>(what: string, fn: () => T | undefined | false, ms = 60_000): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const v = fn();
    if (v) return v;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

function env(extra: Record<string, string> = {}): Record<string, string> {
  return { WORKBENCH_LLAMA_SERVER_BIN: SERVER ?? "", WORKBENCH_CACHE_DIR: mkdtempSync(join(tmpdir(), "wb-cache-")), ...extra };
}

/** Answers saved so far in the response store under a test's cache dir. */
function storedAnswers(cacheDir: string): number {
  const dir = join(cacheDir, "responses");
  if (!existsSync(dir)) return 0;
  return readdirSync(dir).reduce((n, f) => n + readFileSync(join(dir, f), "utf8").split("\n").filter(Boolean).length, 0);
}

function resultOf(out: string): any {
  const f = readdirSync(out).find((n) => n.endsWith(".json"));
  assert.ok(f, `a result file in ${out} (${readdirSync(out).join(", ")})`);
  return JSON.parse(readFileSync(join(out, f), "utf8"));
}

async function startServer(model: string, args: string[]): Promise<{ child: ChildProcess; port: number }> {
  const port = await freePort();
  const child = spawn(SERVER!, ["-m", model, "--host", "127.0.0.1", "--port", String(port), "-t", "1", ...args], { stdio: "ignore" });
  const end = Date.now() + 60_000;
  while (Date.now() < end) {
    try {
      if ((await fetch(`http://127.0.0.1:${port}/health`)).ok) return { child, port };
    } catch {
      // not up yet
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  child.kill("SIGKILL");
  throw new Error("llama-server did not start");
}

test("eval --model Q4_0 --engine llama-server: sized launch (-t, -c), Q4_0 recorded, nothing left running", { skip }, async () => {
  const { dir, model } = privateModel("stories260K-Q4_0.gguf");
  const out = join(dir, "out");
  const r = await exitOf(spawnCli(["eval", "--model", model, "--engine", "llama-server", "--benchmark", "ifeval", "--max-tokens", "48", "--limit", "5", "--out", out], env()));
  assert.equal(r.code, 0, r.stderr);
  const doc = resultOf(out);
  assert.equal(doc.model.quantization, "Q4_0");
  const cmd: string[] = doc.server.command;
  assert.ok(cmd.includes("-t") || cmd.includes("--threads"), cmd.join(" "));
  assert.ok(cmd.includes("-c") || cmd.includes("--ctx-size"), cmd.join(" "));
  assert.equal(doc.server.engine, "llama-server");
  assert.equal(doc.benchmarks.ifeval.questions, 5);
  assert.deepEqual(processesWith(model), [], "no llama-server left behind");
});

for (const signal of ["SIGINT", "SIGTERM"] as const) {
  test(`${signal} during an auto-started run stops the server too`, { skip }, async () => {
    const { dir, model } = privateModel("stories260K-Q4_0.gguf");
    const e = env();
    const child = spawnCli(["eval", "--model", model, "--engine", "llama-server", "--benchmark", "ifeval", "--max-tokens", "48", "--concurrency", "1", "--out", join(dir, "out")], e);
    const done = exitOf(child);
    await until("a first answer", () => storedAnswers(e.WORKBENCH_CACHE_DIR!) > 0);
    child.kill(signal);
    const r = await done;
    assert.notEqual(r.code, 0, "an interrupted run does not report success");
    await until("no process serving the model", () => processesWith(model).length === 0, 10_000);
  });
}

test("a server that fails to start: clear error, exit 2 (nothing was run), nothing left running", { skip }, async () => {
  const { dir, model } = privateModel("stories260K-Q4_0.gguf");
  const r = await exitOf(spawnCli(["eval", "--model", model, "--engine", "llama-server", "--benchmark", "ifeval", "--max-tokens", "48", "--limit", "2", "--server-args", "--no-such-flag", "--out", join(dir, "out")], env()));
  assert.equal(r.code, 2, r.stderr);
  assert.match(r.stderr, /llama-server exited during start-up/);
  assert.deepEqual(processesWith(model), []);
});

test("--port already taken is refused before starting anything", { skip }, async () => {
  const { dir, model } = privateModel("stories260K-Q4_0.gguf");
  const busy = await startServer(sharedModel("stories260K-Q8_0.gguf"), []);
  try {
    const r = await exitOf(spawnCli(["eval", "--model", model, "--engine", "llama-server", "--port", String(busy.port), "--benchmark", "ifeval", "--max-tokens", "48", "--limit", "1", "--out", join(dir, "out")], env()));
    assert.notEqual(r.code, 0);
    assert.match(r.stderr, new RegExp(`port ${busy.port} is already in use`));
    assert.deepEqual(processesWith(model), []);
  } finally {
    busy.child.kill("SIGKILL");
  }
});

test("eval --port against a llama-server you started: slots become the concurrency, and the model block is the same as auto-start's", { skip }, async () => {
  const { dir, model } = privateModel("stories260K-Q4_0.gguf");
  const srv = await startServer(model, ["--parallel", "3", "-c", "6144"]);
  try {
    const out = join(dir, "port");
    const r = await exitOf(spawnCli(["eval", "--port", String(srv.port), "--benchmark", "ifeval", "--max-tokens", "48", "--limit", "3", "--out", out], env()));
    assert.equal(r.code, 0, r.stderr);
    const viaPort = resultOf(out);
    assert.equal(viaPort.settings.concurrency, 3);
    assert.equal(viaPort.server.slots, 3);
    const auto = join(dir, "auto");
    const a = await exitOf(spawnCli(["eval", "--model", model, "--engine", "llama-server", "--benchmark", "ifeval", "--max-tokens", "48", "--limit", "3", "--out", auto], env()));
    assert.equal(a.code, 0, a.stderr);
    const viaAuto = resultOf(auto);
    for (const k of ["quantization", "fingerprint", "model_format", "tensor_types"]) assert.deepEqual(viaPort.model?.[k], viaAuto.model?.[k], `model.${k}`);
    assert.equal(viaPort.model.quantization, "Q4_0");
  } finally {
    srv.child.kill("SIGKILL");
  }
});

test("a server killed mid-run: the run stops with the answers saved, and a rerun sends only the missing requests", { skip }, async () => {
  const { dir, model } = privateModel("stories260K-Q4_0.gguf");
  const e = env();
  const args = ["eval", "--model", model, "--engine", "llama-server", "--benchmark", "ifeval", "--max-tokens", "48", "--limit", "60", "--concurrency", "1", "--out", join(dir, "out")];
  const child = spawnCli(args, e);
  const done = exitOf(child);
  const serverPid = await until("the server", () => processesWith(model).filter((p) => p !== child.pid)[0]);
  await until("a few answers", () => storedAnswers(e.WORKBENCH_CACHE_DIR!) >= 3);
  process.kill(serverPid, "SIGKILL");
  const r = await done;
  assert.equal(r.code, 1, r.stderr);
  assert.match(r.stderr, /rerun/);
  assert.deepEqual(processesWith(model), []);
  const again = await exitOf(spawnCli(args, e));
  assert.equal(again.code, 0, again.stderr);
  const doc = resultOf(join(dir, "out"));
  assert.equal(doc.benchmarks.ifeval.questions, 60);
  assert.ok(doc.benchmarks.ifeval.usage.cached > 0, "answers from before the crash were kept");
  assert.ok(doc.benchmarks.ifeval.usage.requests < 60, "only the missing ones were sent");
});

test("a benchmark whose prompts cannot fit the model's trained context is refused before any request", { skip }, async () => {
  const { dir, model } = privateModel("stories260K-Q4_0.gguf");
  const r = await exitOf(spawnCli(["eval", "--model", model, "--engine", "llama-server", "--benchmark", "gsm8k", "--limit", "3", "--out", join(dir, "out")], env()));
  assert.equal(r.code, 2, r.stderr);
  assert.match(r.stderr, /gsm8k.*context/i);
  assert.equal(existsSync(join(dir, "out")) ? readdirSync(join(dir, "out")).filter((f) => f.endsWith(".json")).length : 0, 0);
});
