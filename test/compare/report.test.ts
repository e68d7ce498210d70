// The report's words and summaries, without a browser: floor/ceiling verdicts, the headline,
// short names, the Pareto front, the Markdown table, drift in JSON and HTML.
import { test } from "node:test";
import assert from "node:assert/strict";
import { compareRuns, DEFAULT_OPTIONS } from "../../src/compare/compare-runs.js";
import { markdownTable, bottomLines } from "../../src/compare/report-markdown.js";
import { reportJson } from "../../src/compare/report-json.js";
import { renderHtml } from "../../src/compare/report-html.js";
import { paretoFront } from "../../src/compare/report/scatter.js";
import { headline, headlineText, shortLabels } from "../../src/compare/report/summary.js";
import type { LoadedRun } from "../../src/compare/types.js";
import { binaryItems, makeDoc } from "./helpers.js";
import { drift, LADDER, ladderReport, writeLadder } from "./ladder.js";
import { tempDir } from "./helpers.js";

const OPTS = { ...DEFAULT_OPTIONS, resamples: 1000 };

function run(label: string, outcomes: boolean[], extra: Record<string, boolean[]> = {}, size?: number): LoadedRun {
  const benches = { humaneval: { items: binaryItems(outcomes, "pass@1", "HumanEval/") }, ...Object.fromEntries(Object.entries(extra).map(([b, o]) => [b, { items: binaryItems(o) }])) };
  return { file: `${label}.json`, label, doc: makeDoc(benches, size ? { model: { size_bytes: size, quantization: label } } : {}) };
}

test("two runs failing every item are not distinguishable, not non-inferior; same at the ceiling", () => {
  const zeros = Array.from({ length: 40 }, () => false);
  const ones = Array.from({ length: 40 }, () => true);
  const r = compareRuns(run("f16", zeros, { mmlu: ones }), [run("q4", zeros, { mmlu: ones })], OPTS);
  const [he, mmlu] = r.candidates[0]!.benchmarks.map((b) => b.metrics[0]!);
  assert.equal(he!.verdict, "inconclusive");
  assert.match(he!.reason, /^Not distinguishable by this benchmark: both runs fail every one of the 40 compared items \(floor\)/);
  assert.equal(mmlu!.verdict, "inconclusive");
  assert.match(mmlu!.reason, /pass every one of the 40 compared items \(ceiling\)/);
  const line = headlineText(headline(r.candidates[0]!), 1, true);
  assert.equal(line, "q4: not distinguishable by HumanEval (both score 0 on all 40 items); not distinguishable by MMLU (both score 100 on all 40 items)");
  // Identical runs that are neither all-pass nor all-fail stay non-inferior.
  const mixed = zeros.map((_, i) => i % 2 === 0);
  assert.equal(compareRuns(run("a", mixed), [run("b", mixed)], OPTS).candidates[0]!.benchmarks[0]!.metrics[0]!.verdict, "non-inferior");
});

test("headline: most severe benchmark first, with delta, interval and p; KLD last", () => {
  const n = 300;
  const base = Array.from({ length: n }, (_, i) => i % 3 !== 0);
  const worse = base.map((v, i) => v && i % 10 !== 1);
  const r = compareRuns(run("bf16", base, { mmlu: base }), [run("q4", base, { mmlu: worse })], OPTS);
  const p = r.candidates[0]!;
  p.drift = drift({ ...LADDER[3]!, kld: 0.031 });
  const h = headline(p);
  assert.deepEqual(h.phrases.map((x) => [x.benchmark, x.standing]), [["mmlu", "worse"], ["humaneval", "non-inferior"]]);
  const m = p.benchmarks.find((b) => b.benchmark === "mmlu")!.metrics[0]!;
  assert.equal(
    headlineText(h, 1),
    `q4: worse on MMLU (${m.delta.toFixed(1).replace("-", "−")} pts, 95 % CI ${m.ci.lo.toFixed(1).replace("-", "−")} to ${m.ci.hi.toFixed(1).replace("-", "−")}, p < 0.001); ` +
      "non-inferior within 1 pt on HumanEval (0.0 pts, 95 % CI 0.0 to 0.0); KLD 0.031",
  );
  p.drift = { ...p.drift, exact: false };
  assert.match(bottomLines(r)[0]!, /; KLD >= 0\.031$/);
});

test("short names drop what all labels share, cut at a separator; unchanged when that leaves clashes", () => {
  assert.deepEqual(shortLabels(["Meta-Llama-3.1-8B-Instruct-BF16", "Meta-Llama-3.1-8B-Instruct-Q8_0", "Meta-Llama-3.1-8B-Instruct-Q4_K_M"]), ["BF16", "Q8_0", "Q4_K_M"]);
  assert.deepEqual(shortLabels(["qwen-Q4_K_M-imat", "qwen-Q4_K_S-imat"]), ["Q4_K_M", "Q4_K_S"], "a shared suffix goes too, but not half a token");
  assert.deepEqual(shortLabels(["model-Q4_0", "model-Q4_1"]), ["Q4_0", "Q4_1"]);
  assert.deepEqual(shortLabels(["fp16", "fp16-rerun"]), ["fp16", "fp16-rerun"]);
  assert.deepEqual(shortLabels(["a", "b"]), ["a", "b"]);
});

test("Pareto front: nothing smaller is as good (higher scores, or lower KLD)", () => {
  const pts = [
    { bytes: 16, value: 70 },
    { bytes: 8, value: 70 },
    { bytes: 6, value: 68 },
    { bytes: 7, value: 66 },
    { bytes: 2, value: 50 },
  ];
  assert.deepEqual([...paretoFront(pts, true)].sort(), [1, 2, 4], "16 GB ties with 8 GB; 7 GB is beaten by 6 GB");
  assert.deepEqual([...paretoFront([{ bytes: 8, value: 0.002 }, { bytes: 5, value: 0.03 }, { bytes: 6, value: 0.05 }], false)].sort(), [0, 1]);
});

test("Markdown table: size and KLD columns when known; JSON carries drift and size; HTML shows both", () => {
  const dir = tempDir();
  const r = ladderReport(writeLadder(dir));
  const md = markdownTable(r);
  assert.equal(md[0], "| variant | size | IFEval prompt_level_strict | HumanEval pass@1 | GSM8K strict_match | MMLU accuracy | TruthfulQA accuracy | mean KLD |");
  assert.match(md[2]!, /^\| Meta-Llama-3\.1-8B-Instruct-BF16 \(baseline\) \| 15\.0 GiB \| 70\.3 \| .* \| 0 \|$/);
  assert.match(md.at(-1)!, /^\| Meta-Llama-3\.1-8B-Instruct-IQ2_XXS \| 2\.23 GiB \| [\d.]+ \(-\d+\.\d\) \*\*worse\*\* \|.* \| >= 0\.410 \|$/);
  const j = reportJson(r, { failOnRegression: false });
  assert.equal(j.baseline.size_bytes, LADDER[0]!.bytes);
  assert.equal(j.candidates[2]!.drift!.mean_kld, LADDER[3]!.kld);
  const html = renderHtml(r, { logs: new Map() });
  assert.match(html, /<section id="drift">/);
  assert.match(html, /KLD of IQ2_XXS was computed from the baseline's top 32 tokens only: it is a <b>lower bound<\/b>/);
  assert.match(html, /data-good-enough="" data-not-worse="Meta-Llama-3.1-8B-Instruct-Q8_0"/);
  const plain = ladderReport(writeLadder(tempDir(), LADDER.slice(0, 3)), LADDER.slice(0, 3), false);
  assert.doesNotMatch(renderHtml(plain, { logs: new Map() }), /id="drift"/, "no drift block without drift");
  assert.doesNotMatch(markdownTable(plain)[0]!, /KLD/);
});
