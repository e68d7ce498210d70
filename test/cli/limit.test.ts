// `--limit N` is stratified where a benchmark has categories: MMLU takes the first N questions of
// each of its 57 subjects (lm-eval's per-subtask limit), recorded in the result as limit_per;
// benchmarks without categories take their first N items. compare refuses runs whose item sets differ.
import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { MMLU_SUBJECTS } from "../../src/assets/catalog.js";
import { validateResultDocument, type ResultDocument } from "../../src/results/schema.js";
import { startFakeServer, type FakeServer } from "../fakes/fake-server.js";
import { runCli } from "./run-cli.js";

const work = mkdtempSync(join(tmpdir(), "wb-limit-"));
const env = { WORKBENCH_CACHE_DIR: join(work, "cache") };
let server: FakeServer;
before(async () => {
  server = await startFakeServer({ modelId: "test/limit", answer: () => "A" });
});
after(async () => {
  await server.close();
  rmSync(work, { recursive: true, force: true });
});

async function evalRun(name: string, args: string[]): Promise<{ file: string; doc: ResultDocument }> {
  const out = join(work, name);
  const r = await runCli(["eval", "--port", String(server.port), "--out", out, "--concurrency", "16", ...args], env, 120_000);
  assert.equal(r.code, 0, r.stderr);
  const file = join(out, readdirSync(out).find((f) => f.endsWith(".json") && !f.endsWith(".samples.jsonl"))!);
  return { file, doc: validateResultDocument(JSON.parse(readFileSync(file, "utf8")), file) };
}

const perSubject = (n: number): string[] => MMLU_SUBJECTS.flatMap((s) => Array.from({ length: n }, (_, i) => `mmlu/${s}/${i}`));

let two: Promise<{ file: string; doc: ResultDocument }> | undefined;
const mmluTwo = () => (two ??= evalRun("mmlu-2", ["--benchmark", "mmlu", "gsm8k", "--limit", "2"]));

test("eval --limit 2: MMLU runs the first 2 questions of every subject, GSM8K its first 2", async () => {
  const requestsBefore = server.stats.requests;
  const { doc } = await mmluTwo();
  const mm = doc.benchmarks.mmlu!;
  assert.deepEqual(mm.items.map((i) => i.id), perSubject(2));
  assert.deepEqual({ limit: mm.dataset.limit, limit_per: mm.dataset.limit_per, items: mm.dataset.items }, { limit: 2, limit_per: "subject", items: 114 });
  assert.equal(Object.keys((mm.breakdown as { subjects: object }).subjects).length, 57);
  assert.equal(Object.keys(mm.dataset.sha256).length, 2 * 57, "every subject's test and dev file is recorded");
  const gsm = doc.benchmarks.gsm8k!;
  assert.deepEqual(gsm.items.map((i) => i.id), ["gsm8k/0", "gsm8k/1"]);
  assert.deepEqual([gsm.dataset.limit, gsm.dataset.limit_per, gsm.dataset.items], [2, undefined, 2]);
  assert.equal(server.stats.requests - requestsBefore, 114 + 2);
});

test("the same --limit selects the same items again; a different one is refused by compare", async () => {
  const a = await mmluTwo();
  const again = await evalRun("mmlu-2-again", ["--benchmark", "mmlu", "--limit", "2", "--no-cache"]);
  assert.deepEqual(again.doc.benchmarks.mmlu!.items.map((i) => i.id), a.doc.benchmarks.mmlu!.items.map((i) => i.id));
  const ok = await runCli(["compare", a.file, again.file, "--json", "--resamples", "100"], env);
  assert.equal(ok.code, 0, ok.stderr);

  const three = await evalRun("mmlu-3", ["--benchmark", "mmlu", "--limit", "3"]);
  const r = await runCli(["compare", a.file, three.file, "--resamples", "100"], env);
  assert.equal(r.code, 2);
  assert.match(r.stderr, /mmlu: --limit differs \(2 in .*, 3 in .*\).*item sets differ \(57 only in /);

  // A run limited the old way (the first N overall) is not comparable either, even with the same ids.
  const doc = JSON.parse(readFileSync(again.file, "utf8")) as ResultDocument;
  delete doc.benchmarks.mmlu!.dataset.limit_per;
  const overall = join(work, "overall.json");
  writeFileSync(overall, JSON.stringify(doc));
  const r2 = await runCli(["compare", a.file, overall, "--resamples", "100"], env);
  assert.equal(r2.code, 2);
  assert.match(r2.stderr, /mmlu: --limit counted per differs \("subject" in .*, "item" in .*overall\.json\)/);
});

test("score mmlu --limit 1 scores the first item of each subject, like eval --limit 1", async () => {
  const responses = join(work, "mmlu-replies.jsonl");
  writeFileSync(responses, perSubject(3).map((id) => JSON.stringify({ id, response: "A" })).join("\n") + "\n");
  const r = await runCli(["score", "mmlu", "--responses", responses, "--limit", "1", "--json"], env, 60_000);
  assert.equal(r.code, 0, r.stderr);
  const j = JSON.parse(r.stdout) as { counts: { scored: number; ignored: number }; dataset: { limit: number; limit_per?: string; items: number }; items: Array<{ id: string }> };
  assert.deepEqual(j.items.map((i) => i.id), perSubject(1));
  assert.deepEqual([j.counts.scored, j.counts.ignored], [57, 114]);
  assert.deepEqual([j.dataset.limit, j.dataset.limit_per, j.dataset.items], [1, "subject", 57]);
});
