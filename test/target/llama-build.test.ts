// The llama.cpp builder: refuses clearly when a tool is missing, reuses a finished build, and the
// tools it built run. The build itself is done once by .ci/run (`workbench build-llama`).
import { test } from "node:test";
import assert from "node:assert/strict";
import { mkdtempSync, symlinkSync } from "node:fs";
import { homedir, tmpdir } from "node:os";
import { join } from "node:path";
import { spawnSync } from "node:child_process";
import { spawnCli, exitOf } from "../fakes/spawn-cli.js";
import { findLlamaBuild, buildDir, llamaSource, cpuVariant, cmakeFlags } from "../../src/target/llama-build.js";

function which(cmd: string): string | null {
  const r = spawnSync("sh", ["-c", `command -v ${cmd}`], { encoding: "utf8" });
  return r.status === 0 ? r.stdout.trim() : null;
}

test("build-llama names the missing tool (cmake) in one line and exits 2", { skip: which("git") ? false : "git is not on PATH" }, async () => {
  const git = which("git")!;
  const bin = mkdtempSync(join(tmpdir(), "wb-nocmake-"));
  symlinkSync(git, join(bin, "git"));
  const cache = mkdtempSync(join(tmpdir(), "wb-cache-"));
  const r = await exitOf(spawnCli(["build-llama", "--cpu"], { PATH: bin, WORKBENCH_CACHE_DIR: cache }));
  assert.equal(r.code, 2, r.stderr);
  const lines = r.stderr.trim().split("\n");
  assert.equal(lines.length, 1, r.stderr);
  assert.match(lines[0]!, /cmake not found.*needs cmake/);
});

test("build-llama --check on an empty cache says there is no build and exits 1", async () => {
  const cache = mkdtempSync(join(tmpdir(), "wb-cache-"));
  const r = await exitOf(spawnCli(["build-llama", "--check"], { WORKBENCH_CACHE_DIR: cache }));
  assert.equal(r.code, 1);
  assert.match(r.stderr, /no finished llama\.cpp build/);
});

test("the bundled source is llama.cpp at a pinned commit, and builds are keyed by it", () => {
  const s = llamaSource();
  assert.match(s.commit, /^[0-9a-f]{40}$/);
  assert.ok(buildDir(s.commit, false, "/c", null).endsWith(s.commit.slice(0, 12)));
  assert.ok(buildDir(s.commit, true, "/c", "zen4").endsWith(s.commit.slice(0, 12) + "-zen4-cuda"));
});

test("the CPU variant is the best of ggml's x86 variants the CPU supports, never an AMX one", () => {
  const zen4 = "flags\t\t: fpu sse4_2 avx f16c fma avx2 bmi2 avx512f avx512vbmi avx512_vnni avx512_bf16 amx_tile amx_int8\n";
  assert.equal(cpuVariant(zen4)?.name, "zen4");
  assert.ok(!cmakeFlags(false, cpuVariant(zen4)).some((f) => f.includes("AMX")), "AMX stays off even where the CPU has it");
  assert.equal(cpuVariant("flags : sse4_2 avx f16c fma avx2 bmi2\n")?.name, "haswell");
  assert.equal(cpuVariant("flags : sse4_2 avx f16c fma avx2 bmi2 avx_vnni\n")?.name, "alderlake");
  assert.equal(cpuVariant("flags : fpu\n"), null);
  assert.ok(cmakeFlags(false, cpuVariant(zen4)).includes("-DGGML_AVX512_BF16=ON"));
});

// The persistent cache the tools were built into (.ci/run: WORKBENCH_LLAMA_CACHE), not the tests' temporary one.
const LLAMA_CACHE = process.env.WORKBENCH_LLAMA_CACHE ?? join(homedir(), ".cache", "model-workbench");

test("a finished build is reused (no rebuild) and its tools run", { skip: findLlamaBuild({ cacheDir: LLAMA_CACHE }) ? false : `no llama.cpp build in ${LLAMA_CACHE} (run \`workbench build-llama\`)` }, async () => {
  const started = Date.now();
  const r = await exitOf(spawnCli(["build-llama", "--json"], { WORKBENCH_CACHE_DIR: LLAMA_CACHE }));
  assert.equal(r.code, 0, r.stderr);
  const b = JSON.parse(r.stdout) as { seconds: number; binaries: Record<string, string>; cmakeFlags: string[] };
  assert.equal(b.seconds, 0);
  assert.ok(Date.now() - started < 60_000);
  assert.ok(b.cmakeFlags.includes("-DGGML_NATIVE=OFF"));
  for (const tool of ["llama-server", "llama-perplexity"]) {
    const v = spawnSync(b.binaries[tool]!, ["--version"], { encoding: "utf8" });
    assert.match(v.stdout + v.stderr, /version: \d+/, tool);
  }
});
