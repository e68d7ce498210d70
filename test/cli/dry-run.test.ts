// eval --dry-run: per benchmark the requests, generation settings and first rendered prompt (and
// for a GGUF the context its longest prompt needs, from the model's tokenizer), with no server
// started and nothing sent.
import { after, test } from "node:test";
import assert from "node:assert/strict";
import { existsSync, mkdtempSync, readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { startFakeServer } from "../fakes/fake-server.js";
import { sharedModel } from "../helpers/data-dir.js";
import { runCli } from "./run-cli.js";

const work = mkdtempSync(join(tmpdir(), "wb-dryrun-"));
after(() => rmSync(work, { recursive: true, force: true }));
const env = { WORKBENCH_CACHE_DIR: join(work, "cache") };
const MODEL = sharedModel("stories260K.gguf");

test("eval --port --dry-run: requests, settings and the first prompt of each benchmark; nothing sent, nothing written", async () => {
  const server = await startFakeServer({ modelId: "test/dry", answer: () => "A" });
  const out = join(work, "evals");
  try {
    const r = await runCli(["eval", "--port", String(server.port), "--benchmark", "gsm8k", "humaneval", "--limit", "3", "--samples", "4", "--temperature", "0.5", "--dry-run", "--out", out], env);
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /^dry run: no server started, nothing sent\nmode: chat \(--backend chat\)\n/);
    assert.match(r.stdout, /^gsm8k: 3 items × 1 sample = 3 requests \(protocol [^)]+\)\n {2}generation: max_tokens 1024, temperature 0\.5\n {2}first prompt \(gsm8k\/0, \d+ messages\):$/m);
    assert.match(r.stdout, /\| Problem: Janet’s ducks lay 16 eggs per day/);
    assert.match(r.stdout, /^humaneval: 3 items × 4 samples = 12 requests/m);
    assert.match(r.stdout, /\| def has_close_elements\(numbers: List\[float\], threshold: float\) -> bool:/);
    assert.match(r.stdout, /^15 requests in all\n$/m);
    assert.equal(server.stats.requests, 0, "no generation request");
    assert.equal(existsSync(out) ? readdirSync(out).length : 0, 0, "no result written");

    const j = await runCli(["eval", "--port", String(server.port), "--benchmark", "mmlu", "--limit", "1", "--backend", "completions", "--dry-run", "--json"], env);
    assert.equal(j.code, 0, j.stderr);
    const plan = JSON.parse(j.stdout) as { mode: string; benchmarks: Array<{ benchmark: string; items: number; samples: number; generation: { max_tokens: number }; first_prompt: { prompt?: string } }> };
    assert.equal(plan.mode, "completion");
    assert.equal(plan.benchmarks[0]!.benchmark, "mmlu");
    assert.equal(plan.benchmarks[0]!.items, 57, "--limit 1: one question of each subject");
    assert.equal(plan.benchmarks[0]!.generation.max_tokens, 16);
    assert.match(plan.benchmarks[0]!.first_prompt.prompt ?? "", /abstract algebra/);
    assert.equal(server.stats.requests, 0);
  } finally {
    await server.close();
  }
});

test("eval --model <gguf> --dry-run: the context each benchmark needs, measured with the model's tokenizer; no engine started", { skip: existsSync(MODEL) ? false : "stories260K.gguf not present" }, async () => {
  // A server binary that does not exist: starting one would fail the run.
  const r = await runCli(["eval", "--model", MODEL, "--engine", "llama-server", "--benchmark", "ifeval", "--limit", "2", "--max-tokens", "100", "--dry-run"], { ...env, WORKBENCH_LLAMA_SERVER_BIN: "/nonexistent/llama-server" }, 60_000);
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stdout, /^mode: completion \(the GGUF has no chat template\)\ncontext: \d+ tokens per slot \(the model was trained on 2048\)\n/m);
  assert.match(r.stdout, /^ {2}context needed: longest prompt (\d+) tokens \+ max_tokens 100 = \d+$/m);
  const [, longest, needed] = /longest prompt (\d+) tokens \+ max_tokens 100 = (\d+)/.exec(r.stdout)!;
  assert.ok(Number(longest) > 0);
  assert.equal(Number(needed), Number(longest) + 100);
  assert.match(r.stdout, /first prompt \(1000, raw text\):\n {4}\| Write a 300\+ word summary/);
});
