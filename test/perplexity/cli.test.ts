// `workbench eval --benchmark perplexity` and `workbench compare` of two such runs, through the real
// CLI on the stories260K ladder, and the one-line input errors (exit 2).
import { test } from "node:test";
import assert from "node:assert/strict";
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { runCli } from "../cli/run-cli.js";
import { model, writeCorpus, DATA_DIR } from "./llama-reference.js";

const haveData = existsSync(model("F32")) && existsSync(model("Q4_0")) && existsSync(join(DATA_DIR, "gsm8k", "test.jsonl"));

function resultOf(dir: string): { file: string; doc: any } {
  const f = readdirSync(dir).find((n) => n.endsWith(".json"))!;
  return { file: join(dir, f), doc: JSON.parse(readFileSync(join(dir, f), "utf8")) };
}

test("eval --benchmark perplexity writes metrics.ppl and a distributions file; compare prints the drift block", { timeout: 300_000 }, async (t) => {
  if (!haveData) return t.skip("stories260K models or the GSM8K test split not present");
  const dir = mkdtempSync(join(tmpdir(), "wb-ppl-cli-"));
  try {
    const text = join(dir, "T.txt");
    writeCorpus(text, 30);
    const run = (variant: string, out: string) =>
      runCli(["eval", "--model", model(variant), "--benchmark", "perplexity", "--perplexity-text", text, "--ctx", "128", "--threads", "1", "--out", out], {}, 120_000);
    const a = await run("F32", join(dir, "A"));
    assert.equal(a.code, 0, a.stderr);
    assert.match(a.stdout, /perplexity PPL \d+\.\d{4} ± \d+\.\d{4} +\(ctx 128, \d+ chunks, \d+ tokens scored\)/);
    const b = await run("Q4_0", join(dir, "B"));
    assert.equal(b.code, 0, b.stderr);
    const ra = resultOf(join(dir, "A"));
    const p = ra.doc.benchmarks.perplexity;
    assert.ok(p.metrics.ppl > 1 && p.metrics.ppl < 512, String(p.metrics.ppl));
    assert.equal(p.metrics.ctx, 128);
    assert.equal(p.metrics.tokens_scored, p.metrics.n_chunks * 63);
    assert.equal(p.metrics.top_k, null, "full distributions for a 512-token vocabulary");
    assert.deepEqual([p.generation.scorer, p.generation.exact, p.distributions.exact, p.distributions.storage], ["embedded", true, true, "f32"]);
    assert.doesNotMatch(p.distributions.file, /[/\\]/);
    assert.ok(existsSync(join(dir, "A", p.distributions.file)), "the distributions file lies beside the result");
    assert.deepEqual(readdirSync(join(dir, "A")).filter((n) => n.startsWith(".")), [], "no temporary file left");

    const c = await runCli(["compare", ra.file, resultOf(join(dir, "B")).file, "--json"], {}, 60_000);
    assert.equal(c.code, 0, c.stderr);
    const d = JSON.parse(c.stdout).candidates[0].drift;
    for (const k of ["ctx", "n_chunks", "tokens_scored", "mean_kld", "kld_stderr", "median_kld", "p99_kld", "same_top_p", "ppl_base", "ppl_candidate", "ppl_ratio", "mean_delta_p", "rms_delta_p", "top_k", "exact"]) {
      assert.ok(k in d, `drift.${k}`);
    }
    assert.equal(d.exact, true);
    assert.equal(d.top_k, null);
    assert.ok(d.mean_kld > 0.01 && d.mean_kld < 1, `Q4_0 of a 260K model moves the distribution measurably: ${d.mean_kld}`);
    assert.ok(d.same_top_p > 0.4 && d.same_top_p < 1, String(d.same_top_p));
    assert.ok(d.bootstrap.mean_kld.lo <= d.mean_kld && d.mean_kld <= d.bootstrap.mean_kld.hi);
    assert.match(d.verdict, /moved the next-token distribution: mean KLD [\d.]+ ± [\d.]+ \(exact\), same top token [\d.]+ %/);
    const closeTo = (x: number, y: number) => Math.abs(x - y) <= 0.01 * y;
    assert.ok(closeTo(d.ppl_candidate, resultOf(join(dir, "B")).doc.benchmarks.perplexity.metrics.ppl), "PPL(Q) of the drift = the candidate's own PPL");

    // A run on another text: the token ids differ, and compare names the first differing position.
    const other = join(dir, "U.txt");
    writeFileSync(other, "Zebra. " + readFileSync(text, "utf8"));
    const u = await runCli(["eval", "--model", model("Q4_0"), "--benchmark", "perplexity", "--perplexity-text", other, "--ctx", "128", "--threads", "1", "--out", join(dir, "U")], {}, 120_000);
    assert.equal(u.code, 0, u.stderr);
    const bad = await runCli(["compare", ra.file, resultOf(join(dir, "U")).file], {}, 60_000);
    assert.equal(bad.code, 2, bad.stdout);
    assert.match(bad.stderr, /token ids differ from the base .* at position [12] \(chunk 0, offset [12]\): base \d+, candidate \d+/);
    assert.equal(bad.stderr.trim().split("\n").length, 1, bad.stderr);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test("perplexity input errors: short text, empty file, binary file, --ctx above the model's context, bad --top-k: one line, exit 2", { timeout: 300_000 }, async (t) => {
  if (!existsSync(model("F32"))) return t.skip("stories260K.gguf not present");
  const dir = mkdtempSync(join(tmpdir(), "wb-ppl-err-"));
  try {
    writeFileSync(join(dir, "short.txt"), "Once upon a time there was a cat.\n");
    writeFileSync(join(dir, "empty.txt"), "");
    writeFileSync(join(dir, "bin.dat"), Buffer.from([0x7f, 0x45, 0x4c, 0x46, 0, 1, 2, 3]));
    writeFileSync(join(dir, "ok.txt"), "Once upon a time there was a cat. ".repeat(300));
    const cases: Array<[string[], RegExp]> = [
      [["--perplexity-text", join(dir, "short.txt"), "--ctx", "64"], /short\.txt: tokenizes to \d+ tokens; at least 128 \(2 chunks of ctx 64\) are needed/],
      [["--perplexity-text", join(dir, "empty.txt")], /empty\.txt: the file is empty; expected a text corpus/],
      [["--perplexity-text", join(dir, "bin.dat")], /bin\.dat: binary file \(contains NUL bytes\); expected UTF-8 text/],
      [["--perplexity-text", join(dir, "ok.txt"), "--ctx", "4096"], /ctx: 4096 is above the model's trained context of 2048 tokens/],
      [["--perplexity-text", join(dir, "missing.txt")], /missing\.txt: cannot read the file \(ENOENT\)/],
      [["--perplexity-text", join(dir, "ok.txt"), "--top-k", "zero"], /--top-k: expected a positive integer or "all", got 'zero'/],
    ];
    for (const [extra, re] of cases) {
      const r = await runCli(["eval", "--model", model("F32"), "--benchmark", "perplexity", "--threads", "1", "--out", join(dir, "out"), ...extra], {}, 60_000);
      assert.equal(r.code, 2, `${extra.join(" ")}: ${r.stderr}`);
      assert.match(r.stderr, re);
      assert.equal(r.stderr.trim().split("\n").length, 1, r.stderr);
    }
    const stray = await runCli(["eval", "--port", "9", "--benchmark", "ifeval", "--ctx", "64"]);
    assert.equal(stray.code, 2);
    assert.match(stray.stderr, /--ctx is a perplexity option; add --benchmark perplexity/);
    assert.ok(!existsSync(join(dir, "out")) || readdirSync(join(dir, "out")).length === 0, "nothing written");
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
