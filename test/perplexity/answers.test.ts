// `eval --perplexity-from RESULT.json`: a previous run's own answers scored after their prompts (only
// the answer tokens), end to end on stories260K (completion mode, embedded engine), and compare's
// drift over those tokens: F32 against F32 is exactly 0, Q4_0 moves it.
import { test } from "node:test";
import assert from "node:assert/strict";
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { runCli } from "../cli/run-cli.js";
import { model, DATA_DIR } from "./llama-reference.js";

const have = existsSync(model("F32")) && existsSync(model("Q4_0")) && existsSync(join(DATA_DIR, "ifeval"));

function resultOf(dir: string): { file: string; doc: any } {
  const f = readdirSync(dir).find((n) => n.endsWith(".json") && !n.endsWith(".samples.jsonl"))!;
  return { file: join(dir, f), doc: JSON.parse(readFileSync(join(dir, f), "utf8")) };
}

test("--perplexity-from scores the baseline's answers; drift over the answer tokens (F32 vs F32 = 0, Q4_0 > 0)", { timeout: 300_000 }, async (t) => {
  if (!have) return t.skip("stories260K models or IFEval data not present");
  const dir = mkdtempSync(join(tmpdir(), "wb-ppl-answers-"));
  const env = { WORKBENCH_CACHE_DIR: join(dir, "cache"), WORKBENCH_LLAMA_SERVER_BIN: "/nonexistent/llama-server" };
  try {
    const gen = await runCli(["eval", "--model", model("F32"), "--engine", "embedded", "--benchmark", "ifeval", "--limit", "5", "--max-tokens", "48", "--out", join(dir, "G")], env, 120_000);
    assert.equal(gen.code, 0, gen.stderr);
    const base = resultOf(join(dir, "G"));
    assert.equal(base.doc.benchmarks.ifeval.generation.mode, "completion");
    const score = (variant: string, out: string) => runCli(["eval", "--model", model(variant), "--perplexity-from", base.file, "--threads", "1", "--out", join(dir, out)], env, 120_000);
    for (const [v, out] of [["F32", "A"], ["F32", "A2"], ["Q4_0", "B"]] as const) {
      const r = await score(v, out);
      assert.equal(r.code, 0, r.stderr);
      assert.match(r.stdout, /perplexity PPL \d+\.\d{4} ± \d+\.\d{4} +\(5 answers, the longest \d+ tokens, \d+ tokens scored\)/);
    }
    const a = resultOf(join(dir, "A"));
    const p = a.doc.benchmarks.perplexity;
    assert.equal(p.protocol, "answers");
    // Only the answer tokens are scored: as many as the run generated (the embedded engine counts them with the same tokenizer).
    assert.equal(p.metrics.tokens_scored, base.doc.benchmarks.ifeval.usage.completion_tokens);
    assert.ok(p.metrics.text_tokens > p.metrics.tokens_scored + 5, "the prompts were evaluated too");

    const drift = async (other: string) => {
      const c = await runCli(["compare", a.file, resultOf(join(dir, other)).file, "--json"], env, 60_000);
      assert.equal(c.code, 0, c.stderr);
      return JSON.parse(c.stdout).candidates[0].drift;
    };
    const same = await drift("A2");
    assert.deepEqual([same.units, same.n_chunks, same.tokens_scored, same.exact], ["answers", 5, p.metrics.tokens_scored, true]);
    assert.equal(same.mean_kld, 0);
    assert.equal(same.max_kld, 0);
    assert.equal(same.same_top_p, 1);
    assert.equal(same.ppl_ratio, 1);
    const q4 = await drift("B");
    assert.equal(q4.tokens_scored, p.metrics.tokens_scored);
    assert.ok(q4.mean_kld > 0.001, String(q4.mean_kld));
    assert.ok(q4.same_top_p < 1);
    const text = await runCli(["compare", a.file, resultOf(join(dir, "B")).file], env, 60_000);
    assert.match(text.stdout, /perplexity drift \(5 answers, \d+ tokens;/);

    // A text run and an answers run are not comparable; a chat-mode run's answers are refused.
    const corpus = join(dir, "T.txt");
    writeFileSync(corpus, "Once upon a time there was a cat. ".repeat(200));
    const t2 = await runCli(["eval", "--model", model("Q4_0"), "--benchmark", "perplexity", "--perplexity-text", corpus, "--ctx", "64", "--threads", "1", "--out", join(dir, "T")], env, 120_000);
    assert.equal(t2.code, 0, t2.stderr);
    const mixed = await runCli(["compare", a.file, resultOf(join(dir, "T")).file], env, 60_000);
    assert.equal(mixed.code, 2);
    assert.match(mixed.stderr, /scored a text in chunks, the base .* scored answers; score both the same way/);
    const chat = join(dir, "chat.json");
    const doc = structuredClone(base.doc);
    doc.benchmarks.ifeval.generation.mode = "chat";
    writeFileSync(chat, JSON.stringify(doc));
    const refused = await runCli(["eval", "--model", model("F32"), "--perplexity-from", chat, "--out", join(dir, "C")], env, 60_000);
    assert.equal(refused.code, 2);
    assert.match(refused.stderr, /--perplexity-from .*chat\.json: ifeval was answered in chat mode; only completion-mode answers can be scored/);
    assert.equal(refused.stderr.trim().split("\n").length, 1);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
