import { test } from "node:test";
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import assert from "node:assert/strict";
import { alignRuns, AlignmentError } from "../../src/compare/align.js";
import { loadResultFile } from "../../src/compare/load.js";
import { ResultFileError } from "../../src/results/schema.js";
import type { LoadedRun } from "../../src/compare/types.js";
import { binaryItems, bernoulli, ifevalItems, makeDoc, tempDir, writeDoc, type BenchSpec } from "./helpers.js";

function run(file: string, benches: Record<string, BenchSpec>): LoadedRun {
  return { file, label: file, doc: makeDoc(benches) };
}

const items = binaryItems(bernoulli(20, 0.6, 1));

test("refuses different dataset versions, names, files, limits, protocols — naming what differs", () => {
  const a = run("a.json", { gsm8k: { items } });
  const cases: Array<[BenchSpec, RegExp]> = [
    [{ items, dataset: { version: "v2" } }, /gsm8k: dataset version differs \("v1" in a\.json, "v2" in b\.json\)/],
    [{ items, dataset: { name: "gsm8k-platinum" } }, /dataset name differs \("gsm8k" in a\.json, "gsm8k-platinum" in b\.json\)/],
    [{ items, dataset: { sha256: { "data.jsonl": "cd".repeat(32) } } }, /dataset file "data\.jsonl" has a different sha256/],
    [{ items, dataset: { sha256: { "other.jsonl": "ab".repeat(32) } } }, /dataset file "data\.jsonl" is recorded only in a\.json/],
    [{ items, dataset: { limit: 20 } }, /--limit differs \(none in a\.json, 20 in b\.json\)/],
    [{ items, protocol: "gsm8k-other" }, /protocol differs/],
  ];
  for (const [spec, re] of cases) {
    const b = run("b.json", { gsm8k: spec });
    assert.throws(() => alignRuns(a, b), (e: unknown) => e instanceof AlignmentError && re.test(e.message), String(re));
  }
});

test("refuses different item sets, listing the ids only in each file", () => {
  const a = run("a.json", { mmlu: { items } });
  const other = items.slice(2).concat(binaryItems([true], "accuracy", "extra"));
  const b = run("b.json", { mmlu: { items: other } });
  assert.throws(() => alignRuns(a, b), /mmlu: item sets differ \(2 only in a\.json: "q0", "q1"; 1 only in b\.json: "extra0"\)/);
});

test("refuses prompts whose instruction lists differ", () => {
  const base = ifevalItems(5, 3);
  const changed = base.map((it, i) => (i === 2 ? { ...it, unit_labels: it.unit_labels!.map(() => "other:thing") } : it));
  assert.throws(() => alignRuns(run("a.json", { ifeval: { items: base } }), run("b.json", { ifeval: { items: changed } })), /ifeval: item "1002": unit_labels differ/);
});

test("items errored in either run are excluded and counted", () => {
  const withErr = (ids: number[]) => items.map((it, i) => (ids.includes(i) ? { ...it, scores: {}, error: "timeout" } : it));
  const a = run("a.json", { gsm8k: { items: withErr([0, 1]) } });
  const b = run("b.json", { gsm8k: { items: withErr([1, 5, 7]) } });
  const { aligned } = alignRuns(a, b);
  const g = aligned[0]!;
  assert.equal(g.ids.length, 20 - 4);
  assert.deepEqual(g.excluded, { errored_baseline: 2, errored_candidate: 3, errored_either: 4, ids: ["q0", "q1", "q5", "q7"] });
  assert.ok(!g.ids.includes("q5"));
});

test("benchmarks in one file only are skipped; none in common is refused", () => {
  const a = run("a.json", { gsm8k: { items }, mmlu: { items } });
  const b = run("b.json", { gsm8k: { items }, humaneval: { items } });
  const { aligned, skipped } = alignRuns(a, b);
  assert.deepEqual(aligned.map((x) => x.benchmark), ["gsm8k"]);
  assert.deepEqual(skipped, ["mmlu", "humaneval"]);
  assert.throws(() => alignRuns(run("a.json", { mmlu: { items } }), run("b.json", { gsm8k: { items } })), /no benchmark in common/);
});

test("unusable files name the file and the field", () => {
  const dir = tempDir();
  const good = makeDoc({ humaneval: { items: [{ id: "HumanEval/0", scores: { "pass@1": 0.5 } }] } });
  const bad = structuredClone(good) as unknown as { benchmarks: { humaneval: { items: Array<{ scores: Record<string, number>; units?: unknown; unit_labels?: unknown; id?: unknown }> } } };
  bad.benchmarks.humaneval.items[0]!.scores["pass@1"] = 1.5;
  const f1 = writeDoc(dir, "range.json", bad);
  assert.throws(() => loadResultFile(f1), (e: unknown) => e instanceof ResultFileError && /range\.json: field benchmarks\.humaneval\.items\.0\.scores\.pass@1: expected a boolean or a number in \[0, 1\], got 1\.5/.test(e.message));
  bad.benchmarks.humaneval.items[0]!.scores["pass@1"] = 0.5;
  bad.benchmarks.humaneval.items[0]!.units = { inst_level_strict: [true] };
  bad.benchmarks.humaneval.items[0]!.unit_labels = ["a:b", "c:d"];
  const f2 = writeDoc(dir, "units.json", bad);
  assert.throws(() => loadResultFile(f2), /units\.json: field benchmarks\.humaneval\.items\.0\.units\.inst_level_strict: expected 2 entries \(as in unit_labels\), got 1/);
  delete bad.benchmarks.humaneval.items[0]!.units;
  delete bad.benchmarks.humaneval.items[0]!.unit_labels;
  bad.benchmarks.humaneval.items[0]!.id = 7;
  const f3 = writeDoc(dir, "id.json", bad);
  assert.throws(() => loadResultFile(f3), /id\.json: field benchmarks\.humaneval\.items\.0\.id/);
  const dup = makeDoc({ humaneval: { items: [{ id: "x", scores: {} }, { id: "x", scores: {} }] } });
  assert.throws(() => loadResultFile(writeDoc(dir, "dup.json", dup)), /dup\.json: field benchmarks\.humaneval\.items\.1\.id: duplicate item id "x"/);
  writeFileSync(join(dir, "nojson.json"), "{");
  assert.throws(() => loadResultFile(join(dir, "nojson.json")), /nojson\.json: not valid JSON/);
  assert.throws(() => loadResultFile(`${dir}/absent.json`), /absent\.json: cannot read the file \(ENOENT\)/);
});

test("labels: file names minus the parts all files share, numbered on collision", async () => {
  const { labelRuns } = await import("../../src/compare/load.js");
  assert.deepEqual(labelRuns(["e/2025-06-01_org_Qwen-7B-F16_ifeval_humaneval.json", "e/2025-06-01_org_Qwen-7B-Q4_K_M_ifeval_humaneval.json"]), ["Qwen-7B-F16", "Qwen-7B-Q4_K_M"]);
  assert.deepEqual(labelRuns(["fp16.json", "fp8.json"]), ["fp16", "fp8"]);
  assert.deepEqual(labelRuns(["a/run.json", "b/run.json"]), ["run#1", "run#2"]);
});
