// Messages that used to mislead: `score` alone, a file compared with itself, a JSON file that is
// not a result, a mistyped --data-dir / WORKBENCH_DATA_DIR (an error naming it, not a download),
// and `assets --fetch` offline saying why each download failed in text mode too.
import { after, test } from "node:test";
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { binaryItems, makeDoc, writeDoc } from "../compare/helpers.js";
import { startFakeServer } from "../fakes/fake-server.js";
import { runCli } from "./run-cli.js";

const work = mkdtempSync(join(tmpdir(), "wb-messages-"));
after(() => rmSync(work, { recursive: true, force: true }));
const env = { WORKBENCH_CACHE_DIR: join(work, "cache") };
const runs = join(work, "runs");
mkdirSync(runs);
const a = writeDoc(runs, "a.json", makeDoc({ arith: { items: binaryItems([true, false, true, true]) } }));
const b = writeDoc(runs, "b.json", makeDoc({ arith: { items: binaryItems([true, true, true, false]) } }));

test("workbench score alone: exit 2 and the list of scorable benchmarks", async () => {
  const r = await runCli(["score"], env);
  assert.equal(r.code, 2);
  assert.match(r.stderr, /^workbench: score: name the benchmark to score\n/);
  for (const name of ["ifeval", "humaneval", "gsm8k", "mmlu", "truthfulqa-mc1"]) assert.match(r.stderr, new RegExp(`^  ${name} `, "m"));
});

test("compare A A (or the same file by another path) is refused, naming the file", async () => {
  let r = await runCli(["compare", a, a, "--resamples", "100"], env);
  assert.equal(r.code, 2);
  assert.match(r.stderr, /^workbench compare: .*a\.json: given twice; a run compared with itself shows no difference\n$/);
  const other = `${runs}/../runs/a.json`;
  r = await runCli(["compare", a, b, other, "--resamples", "100"], env);
  assert.equal(r.code, 2);
  assert.match(r.stderr, /runs\/\.\.\/runs\/a\.json: given twice \(also as .*runs\/a\.json\)/);
  r = await runCli(["compare", a, b, "--baseline-rerun", a, "--resamples", "100"], env);
  assert.equal(r.code, 2);
  assert.match(r.stderr, /given twice/);
});

test("compare with a JSON file that is not a result: 'not a workbench result file'", async () => {
  const notResult = join(work, "package-like.json");
  writeFileSync(notResult, JSON.stringify({ name: "x", version: "1.0.0" }));
  let r = await runCli(["compare", a, notResult, "--resamples", "100"], env);
  assert.equal(r.code, 2);
  assert.match(r.stderr, /^workbench compare: .*package-like\.json: not a workbench result file \(no schema_version\)\n$/);
  const future = join(work, "future.json");
  writeFileSync(future, JSON.stringify({ ...JSON.parse(JSON.stringify(makeDoc({ arith: { items: binaryItems([true]) } }))), schema_version: 2 }));
  r = await runCli(["compare", a, future, "--resamples", "100"], env);
  assert.equal(r.code, 2);
  assert.match(r.stderr, /future\.json: schema_version 2 is not one this workbench reads \(expected 1\)/);
});

test("a --data-dir or WORKBENCH_DATA_DIR that does not exist: exit 2 naming it, nothing sent or downloaded", async () => {
  const missing = join(work, "datsets");
  const server = await startFakeServer({ answer: () => "A" });
  try {
    const r = await runCli(["eval", "--port", String(server.port), "--benchmark", "gsm8k", "--limit", "1", "--data-dir", missing, "--out", join(work, "evals")], env, 20_000);
    assert.equal(r.code, 2, r.stderr);
    assert.equal(r.stderr, `workbench: eval: --data-dir ${missing}: no such directory\n`);
    const e = await runCli(["eval", "--port", String(server.port), "--benchmark", "gsm8k", "--limit", "1", "--out", join(work, "evals")], { ...env, WORKBENCH_DATA_DIR: missing }, 20_000);
    assert.equal(e.code, 2, e.stderr);
    assert.equal(e.stderr, `workbench: eval: WORKBENCH_DATA_DIR ${missing}: no such directory\n`);
    assert.equal(server.stats.requests, 0);
  } finally {
    await server.close();
  }
  const responses = join(work, "r.jsonl");
  writeFileSync(responses, '{"id":"gsm8k/0","response":"42"}\n');
  const s = await runCli(["score", "gsm8k", "--responses", responses, "--data-dir", missing], env);
  assert.equal(s.code, 2);
  assert.match(s.stderr, new RegExp(`--data-dir ${missing.replace(/[/.]/g, "\\$&")}: no such directory\\n$`));
  const as = await runCli(["assets", "--data-dir", responses], env);
  assert.equal(as.code, 2);
  assert.match(as.stderr, /^workbench: assets: --data-dir .*r\.jsonl: not a directory\n$/);
});

// A network namespace with only loopback makes every download fail at once, whatever the machine's network.
const offline = spawnSync("unshare", ["-rn", "true"]).status === 0;

test("assets --fetch offline: the text report says why each download failed", { skip: offline ? false : "unshare -rn is not available to cut the network" }, () => {
  const empty = join(work, "empty-data");
  mkdirSync(empty);
  // The CLI as spawnCli starts it: the TypeScript entry under tsx from sources, bin/workbench.js compiled.
  const fromSources = import.meta.url.endsWith(".ts");
  const cli = fromSources ? ["--import", "tsx", fileURLToPath(new URL("../fakes/cli-entry.ts", import.meta.url))] : [fileURLToPath(new URL("../../../bin/workbench.js", import.meta.url))];
  const r = spawnSync("unshare", ["-rn", process.execPath, ...cli, "assets", "--fetch", "--data-dir", empty], {
    env: { ...process.env, WORKBENCH_CACHE_DIR: join(work, "offline-cache") },
    encoding: "utf8",
    timeout: 60_000,
  });
  assert.equal(r.status, 1, r.stderr);
  assert.match(r.stdout, /^gsm8k\s+\d+ file\(s\)\s+missing\n\s+asset 'gsm8k': could not download https:\/\/\S+ \(fetch failed: (EAI_AGAIN|ENOTFOUND|ENETUNREACH)\); place the file by hand at /m);
  assert.match(r.stdout, /asset\(s\) missing; run with --fetch/);
});
