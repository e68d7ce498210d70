// `workbench sweep --benchmark perplexity` end to end on the stories260K ladder (embedded engine): every
// variant scores the same text with its own file, the comparison carries the drift (KLD) per variant in
// --json and in the HTML report, a rerun reuses every variant, and a rerun on another text does not.
import { test } from "node:test";
import assert from "node:assert/strict";
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { spawnCli, exitOf } from "../fakes/spawn-cli.js";
import { DATA_DIR, sharedModel } from "../helpers/data-dir.js";
import { writeCorpus } from "../perplexity/llama-reference.js";

const F32 = sharedModel("stories260K.gguf");
const Q8 = sharedModel("stories260K-Q8_0.gguf");
const Q4 = sharedModel("stories260K-Q4_0.gguf");
const have = [F32, Q8, Q4].every((f) => existsSync(f)) && existsSync(join(DATA_DIR, "gsm8k", "test.jsonl"));

interface Drift { mean_kld: number; exact: boolean; ctx: number; n_chunks: number; tokens_scored: number; same_top_p: number; ppl_base: number; ppl_candidate: number }
interface SweepDoc {
  variants: Array<{ name: string; status: string; result_file: string | null }>;
  comparison: { candidates: Array<{ label: string; drift?: Drift }> } | null;
}

const env = { WORKBENCH_CACHE_DIR: mkdtempSync(join(tmpdir(), "wb-sweep-ppl-cache-")), WORKBENCH_DATA_DIR: DATA_DIR, WORKBENCH_LLAMA_SERVER_BIN: "/nonexistent/llama-server" };

test("sweep --benchmark perplexity: KLD per variant in --json and in the report; reuse only for the same text", { timeout: 600_000 }, async (t) => {
  if (!have) return t.skip("stories260K ladder or the GSM8K test split not present");
  const dir = mkdtempSync(join(tmpdir(), "wb-sweep-ppl-"));
  try {
    const text = join(dir, "T.txt");
    writeCorpus(text, 40);
    const out = join(dir, "D");
    const html = join(dir, "R.html");
    const args = (t: string) => ["sweep", "--model", F32, Q8, Q4, "--engine", "embedded", "--benchmark", "perplexity", "--perplexity-text", t, "--ctx", "256", "--threads", "1", "--html", html, "--out", out, "--json"];

    const r = await exitOf(spawnCli(args(text), env));
    assert.equal(r.code, 0, r.stderr);
    const doc = JSON.parse(r.stdout) as SweepDoc;
    assert.deepEqual(doc.variants.map((v) => v.status), ["evaluated", "evaluated", "evaluated"]);
    const results = doc.variants.map((v) => JSON.parse(readFileSync(v.result_file!, "utf8")));
    // Each variant scored with its own file: different PPLs, same token ids.
    const ppls = results.map((d) => d.benchmarks.perplexity.metrics.ppl as number);
    assert.equal(new Set(ppls).size, 3, `one PPL per variant: ${ppls.join(", ")}`);
    assert.equal(new Set(results.map((d) => d.benchmarks.perplexity.distributions.token_ids_sha256)).size, 1);
    assert.deepEqual(doc.comparison?.candidates.map((c) => c.label), ["stories260K-Q8_0", "stories260K-Q4_0"]);
    const [q8, q4] = doc.comparison!.candidates.map((c) => c.drift!);
    for (const d of [q8!, q4!]) {
      assert.ok(d, "a drift object per candidate");
      assert.deepEqual([d.ctx, d.exact, d.tokens_scored], [256, true, d.n_chunks * 127]);
      assert.ok(d.n_chunks >= 2);
      assert.ok(Math.abs(d.ppl_base - ppls[0]!) <= 0.01 * ppls[0]!, `PPL(base) of the drift ${d.ppl_base} is the baseline's own ${ppls[0]} (from its 16-bit log-probs)`);
    }
    assert.ok(q8!.mean_kld > 0 && q8!.mean_kld < q4!.mean_kld, `KLD Q8_0 ${q8!.mean_kld} < Q4_0 ${q4!.mean_kld}`);
    assert.ok(q8!.same_top_p > q4!.same_top_p);
    const page = readFileSync(html, "utf8");
    assert.match(page, /<section id="drift"><h2>Drift from the baseline's token distribution<\/h2>/);
    const section = page.slice(page.indexOf('<section id="drift">'));
    assert.match(section.slice(0, section.indexOf("</section>")), /stories260K-Q4_0/);

    // The same command again: every variant reused.
    const again = await exitOf(spawnCli(args(text), env));
    assert.equal(again.code, 0, again.stderr);
    assert.deepEqual((JSON.parse(again.stdout) as SweepDoc).variants.map((v) => v.status), ["reused", "reused", "reused"]);

    // Another text: nothing reused, and the drift is over the new text's tokens.
    const other = join(dir, "U.txt");
    writeFileSync(other, "Zebra. " + readFileSync(text, "utf8"));
    const third = await exitOf(spawnCli(args(other), env));
    assert.equal(third.code, 0, third.stderr);
    const doc3 = JSON.parse(third.stdout) as SweepDoc;
    assert.deepEqual(doc3.variants.map((v) => v.status), ["evaluated", "evaluated", "evaluated"]);
    assert.ok(doc3.comparison?.candidates.every((c) => c.drift && c.drift.mean_kld > 0));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test("sweep: a perplexity flag without --benchmark perplexity is refused (exit 2)", async (t) => {
  if (!have) return t.skip("stories260K ladder not present");
  const out = join(mkdtempSync(join(tmpdir(), "wb-sweep-ppl-bad-")), "D");
  const r = await exitOf(spawnCli(["sweep", "--model", F32, Q4, "--engine", "embedded", "--benchmark", "ifeval", "--ctx", "256", "--out", out], env));
  assert.equal(r.code, 2);
  assert.equal(r.stderr, "workbench: sweep: --ctx is a perplexity option; add --benchmark perplexity\n");
  assert.equal(existsSync(out), false);
});
