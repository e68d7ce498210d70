// `workbench list`: one row per registered benchmark with its dataset size, protocol, generation
// defaults and requests; the registry's static item counts are checked against the loaded datasets.
import { test } from "node:test";
import assert from "node:assert/strict";
import { datasetFacts, knownBenchmarks, loadBenchmark } from "../../src/benchmarks/registry.js";
import { DATA_DIR } from "../helpers/data-dir.js";
import { runCli } from "./run-cli.js";

interface Row {
  benchmark: string;
  items: number;
  protocol: string;
  max_tokens: number;
  samples_per_item: number;
  limit_rule: string;
  requests: number;
  requests_exact: boolean;
  max_generated_tokens: number;
}

test("the registry's dataset facts match the datasets as loaded", async () => {
  for (const name of knownBenchmarks()) {
    const facts = datasetFacts(name)!;
    const bench = await loadBenchmark(name, { chat: true });
    const { items } = await bench.load({ dataDir: DATA_DIR });
    assert.equal(items.length, facts.items, `${name}: item count`);
    assert.equal(bench.limitPer?.name, facts.limitPer?.name, `${name}: limit category`);
    if (facts.limitPer && bench.limitPer) {
      const sizes = new Map<string, number>();
      for (const it of items) sizes.set(bench.limitPer.of(it), (sizes.get(bench.limitPer.of(it)) ?? 0) + 1);
      assert.equal(sizes.size, facts.limitPer.count, `${name}: number of ${facts.limitPer.name}s`);
      assert.equal(Math.min(...sizes.values()), facts.limitPer.smallest, `${name}: smallest ${facts.limitPer.name}`);
    }
  }
});

test("workbench list --json: every benchmark with the figures its definition gives", async () => {
  const r = await runCli(["list", "--json"]);
  assert.equal(r.code, 0, r.stderr);
  const j = JSON.parse(r.stdout) as { limit: number | null; benchmarks: Row[] };
  assert.equal(j.limit, null);
  assert.deepEqual(j.benchmarks.map((b) => b.benchmark), knownBenchmarks());
  for (const row of j.benchmarks) {
    const bench = await loadBenchmark(row.benchmark, { chat: true });
    const samples = bench.samplesPerItem ?? 1;
    assert.deepEqual(
      [row.items, row.protocol, row.max_tokens, row.samples_per_item, row.requests, row.requests_exact, row.max_generated_tokens],
      [datasetFacts(row.benchmark)!.items, bench.protocol, bench.defaults.max_tokens, samples, datasetFacts(row.benchmark)!.items, true, row.items * samples * bench.defaults.max_tokens],
      row.benchmark,
    );
  }
  const mmlu = j.benchmarks.find((b) => b.benchmark === "mmlu")!;
  assert.deepEqual([mmlu.items, mmlu.max_tokens, mmlu.limit_rule], [14042, 16, "first N of each of the 57 subjects"]);
});

test("workbench list --limit 20: requests a limited run sends (MMLU: 20 of each subject)", async () => {
  const r = await runCli(["list", "--limit", "20", "--json"]);
  assert.equal(r.code, 0, r.stderr);
  const rows = new Map((JSON.parse(r.stdout) as { benchmarks: Row[] }).benchmarks.map((b) => [b.benchmark, b]));
  assert.deepEqual([rows.get("mmlu")!.requests, rows.get("mmlu")!.requests_exact], [20 * 57, true]);
  assert.equal(rows.get("gsm8k")!.requests, 20);
  assert.equal(rows.get("humaneval")!.requests, 20);
  const big = new Map((JSON.parse((await runCli(["list", "--limit", "200", "--json"])).stdout) as { benchmarks: Row[] }).benchmarks.map((b) => [b.benchmark, b]));
  assert.deepEqual([big.get("humaneval")!.requests, big.get("mmlu")!.requests_exact], [164, false]);
});

test("workbench list: a table with a row per benchmark; bad --limit is exit 2", async () => {
  const r = await runCli(["list"]);
  assert.equal(r.code, 0, r.stderr);
  const lines = r.stdout.split("\n");
  assert.match(lines[0]!, /^benchmark\s+items\s+protocol \(chat\)\s+max tokens\s+samples\/item\s+requests\s+--limit N takes$/);
  for (const name of knownBenchmarks()) assert.ok(lines.some((l) => l.startsWith(name + " ")), name);
  assert.match(r.stdout, /^mmlu\s+14,042\s+mmlu-5shot-letter\s+16\s+1\s+14,042\s+first N of each of the 57 subjects$/m);
  const bad = await runCli(["list", "--limit", "0"]);
  assert.equal(bad.code, 2);
  assert.match(bad.stderr, /^workbench: list: --limit: expected a positive integer, got '0'\n$/);
  const help = await runCli(["--help"]);
  assert.match(help.stdout, /^  list\s+List the benchmarks/m);
});
