// Recompute HELM's stated MMLU exact match from the predictions the MMLU-Redux authors committed
// (10 models x 30 subjects x 100 questions) and from HELM's raw Llama-3-70B completions.
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import path from "node:path";
import { parseCsv } from "../../src/benchmarks/shared/csv.js";
import { LETTERS, loadMmlu, type MmluItem } from "../../src/benchmarks/mmlu/data.js";
import { mmlu, mmluId, scoreMmlu } from "../../src/benchmarks/mmlu/task.js";
import type { ResponseRecord } from "../../src/benchmarks/types.js";
import { DATA_DIR } from "../helpers/data-dir.js";

const HELM = path.join(DATA_DIR, "mmlu/samples/mmlu-redux-helm/outputs");
const SUBJECTS = [
  "anatomy", "astronomy", "business_ethics", "clinical_knowledge", "college_chemistry", "college_computer_science",
  "college_mathematics", "college_medicine", "college_physics", "conceptual_physics", "econometrics", "electrical_engineering",
  "formal_logic", "global_facts", "high_school_chemistry", "high_school_geography", "high_school_macroeconomics",
  "high_school_mathematics", "high_school_physics", "high_school_statistics", "high_school_us_history", "human_aging",
  "logical_fallacies", "machine_learning", "miscellaneous", "philosophy", "professional_accounting", "professional_law",
  "public_relations", "virology",
];

function readTable(file: string): { header: string[]; rows: string[][] } {
  const [header, ...rows] = parseCsv(readFileSync(path.join(HELM, "analyses", file), "utf8"), file);
  return { header: header!, rows: rows.filter((r) => r.length > 0) };
}

/** One synthetic item per MMLU-Redux row (gold from groundtruth_answer 0-3); predictions as responses. */
function redux(subject: string, models: string[]) {
  const { header, rows } = readTable(`${subject}.csv`);
  const gt = header.indexOf("groundtruth_answer");
  const items: MmluItem[] = rows.map((r, i) => ({
    subject, index: i, question: r[0]!, choices: ["", "", "", ""], answer: LETTERS[Number(r[gt])]!, shots: [],
  }));
  const perModel = models.map((m) => {
    const col = header.indexOf(m);
    assert.ok(col >= 0, `${subject}.csv has a ${m} column`);
    return new Map(items.map((it, i) => [mmluId(it), [{ text: rows[i]![col]!, raw: rows[i]![col]!, finish_reason: "length" } as ResponseRecord]]));
  });
  return { items, perModel };
}

test("per-subject EM (300/300 model x subject values) and pooled EM (10/10, exactly) reproduce the stated tables", () => {
  const pooled = readTable("concat_all_subjects_EM_per_error.csv");
  const models = pooled.header.slice(2).map((h) => h.replace(/_correct$/, ""));
  assert.equal(models.length, 10);
  const all = models.map(() => ({ items: [] as MmluItem[], responses: new Map<string, ResponseRecord[]>() }));
  let checked = 0;
  for (const subject of SUBJECTS) {
    const stated = readTable(`${subject}_em_per_error.csv`);
    const overall = stated.rows.find((r) => r[0] === "Overall" && r[1] === "Overall")!;
    const { items, perModel } = redux(subject, models);
    assert.equal(items.length, 100, subject);
    models.forEach((m, k) => {
      const out = scoreMmlu(items, perModel[k]!);
      const want = Number(overall[stated.header.indexOf(`${m}_correct`)]);
      for (const metric of ["accuracy", "exact_letter"]) {
        assert.equal(out.metrics[metric]!.toFixed(2), want.toFixed(2), `${subject} ${m} ${metric}`);
      }
      checked++;
      // pool under subject-unique ids
      for (const it of items) all[k]!.items.push(it);
      for (const [id, r] of perModel[k]!) all[k]!.responses.set(id, r);
    });
  }
  assert.equal(checked, 300);
  const allRow = pooled.rows.find((r) => r[0] === "All" && r[1] === "Overall")!;
  models.forEach((m, k) => {
    const out = scoreMmlu(all[k]!.items, all[k]!.responses);
    assert.equal(all[k]!.items.length, 3000);
    // the stated value is a pandas mean over 3000 booleans: same count, equal up to float summation order
    const want = Number(allRow[k + 2]);
    const correct = (out.breakdown as { subjects: Record<string, { correct: number }> }).subjects;
    const total = Object.values(correct).reduce((a, s) => a + s.correct, 0);
    assert.equal(total, Math.round(want * 3000), `pooled ${m}: number correct`);
    assert.ok(Math.abs(out.metrics.accuracy! - want) < 1e-12, `pooled ${m}: ${out.metrics.accuracy} vs ${want}`);
  });
});

interface HelmState {
  instance: { input: { text: string }; references: Array<{ output: { text: string }; tags: string[] }> };
  result: { completions: Array<{ text: string }> };
}

test("raw HELM Llama-3-70B completions: gold letters equal our CSVs on 1079/1079, full-subject EM as stated", async () => {
  const { items } = await loadMmlu({ dataDir: DATA_DIR });
  const stated: Record<string, number | undefined> = { college_chemistry: 0.56, college_mathematics: 0.56, global_facts: 0.49 };
  const subjects = ["college_chemistry", "college_mathematics", "econometrics", "formal_logic", "global_facts", "high_school_physics", "machine_learning", "public_relations", "virology"];
  let matched = 0;
  for (const subject of subjects) {
    const byKey = new Map<string, MmluItem[]>();
    for (const it of items.filter((x) => x.subject === subject)) {
      const k = [it.question, ...it.choices].join("\u0000");
      byKey.set(k, [...(byKey.get(k) ?? []), it]);
    }
    const doc = JSON.parse(readFileSync(path.join(HELM, "original_helm/meta_llama-3-70b", `${subject}.json`), "utf8")) as { request_states: HelmState[] };
    const used: MmluItem[] = [];
    const responses = new Map<string, ResponseRecord[]>();
    for (const st of doc.request_states) {
      const refs = st.instance.references;
      const it = byKey.get([st.instance.input.text, ...refs.map((r) => r.output.text)].join("\u0000"))?.shift();
      assert.ok(it, `${subject}: HELM item found in our CSV`);
      assert.equal(it.answer, LETTERS[refs.findIndex((r) => r.tags.includes("correct"))], `${subject}: gold letter`);
      matched++;
      used.push(it);
      const text = st.result.completions[0]!.text;
      responses.set(mmluId(it), [{ text, raw: text, finish_reason: "length" }]);
    }
    const out = await mmlu.score(used, responses, {});
    const want = stated[subject];
    if (want !== undefined) assert.equal(out.metrics.accuracy, want, `${subject} full-subject EM`);
    assert.equal(out.metrics.accuracy, out.metrics.exact_letter, `${subject}: both rules agree on one-token completions`);
  }
  assert.equal(matched, 1079);
});
