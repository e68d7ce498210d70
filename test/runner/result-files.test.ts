// Result file names, never-overwrite suffixes, document validation and the published schema.
import { test } from "node:test";
import assert from "node:assert/strict";
import { mkdtempSync, readFileSync, readdirSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { localDate, repoIdFromModelName, resultStem, sanitizeRepoId, writeResultFiles } from "../../src/results/result-files.js";
import { buildResultDocument, resultSchemaText, writeRunResults } from "../../src/results/write.js";
import type { BenchmarkResult } from "../../src/results/schema.js";

const root = fileURLToPath(new URL(import.meta.url.endsWith(".ts") ? "../../" : "../../../", import.meta.url));

test("repo ids: org/name kept, server file paths become the model file's name; file names sanitized", () => {
  assert.equal(repoIdFromModelName("Qwen/Qwen2.5-7B-Instruct"), "Qwen/Qwen2.5-7B-Instruct");
  assert.equal(repoIdFromModelName("/models/qwen2.5-7b-instruct-q4_k_m.gguf"), "qwen2.5-7b-instruct-q4_k_m");
  assert.equal(repoIdFromModelName("./m/Llama-3-70B-Q4_K_M-00001-of-00003.gguf"), "Llama-3-70B-Q4_K_M");
  assert.equal(repoIdFromModelName("llama3.1:8b"), "llama3.1:8b");
  assert.equal(sanitizeRepoId("Qwen/Qwen2.5-7B-Instruct"), "Qwen_Qwen2.5-7B-Instruct");
  assert.equal(sanitizeRepoId("llama3.1:8b q4"), "llama3.1-8b-q4");
  assert.equal(sanitizeRepoId("../../etc/passwd"), "etc_passwd");
  assert.equal(sanitizeRepoId("///"), "model");
  const d = new Date(2025, 0, 9, 23, 30);
  assert.equal(localDate(d), "2025-01-09");
  assert.equal(resultStem(d, "org/m", ["ifeval", "humaneval"]), "2025-01-09_org_m_ifeval-humaneval");
});

test("never overwrites: the next free suffix, for the result and its samples log together", () => {
  const dir = mkdtempSync(join(tmpdir(), "wb-files-"));
  writeFileSync(join(dir, "s.json"), "old");
  writeFileSync(join(dir, "s_2.samples.jsonl"), "old");
  const w = writeResultFiles(dir, "s", "line\n", (samples) => JSON.stringify({ samples }));
  assert.equal(w.resultFile, join(dir, "s_3.json"));
  assert.equal(readFileSync(w.resultFile, "utf8"), JSON.stringify({ samples: "s_3.samples.jsonl" }));
  assert.equal(readFileSync(join(dir, "s.json"), "utf8"), "old");
  assert.deepEqual(readdirSync(dir).sort(), ["s.json", "s_2.samples.jsonl", "s_3.json", "s_3.samples.jsonl"]);
  assert.throws(() => writeResultFiles(dir, "t", "", () => {
    throw new Error("render failed");
  }), /render failed/);
  assert.ok(!readdirSync(dir).some((f) => f.startsWith("t")), "no half-written pair left behind");
});

function bench(): BenchmarkResult {
  return {
    benchmark: "ifeval",
    protocol: "p",
    questions: 1,
    overall_score: 1,
    metrics: { prompt_level_strict: 1 },
    dataset: { name: "ifeval", version: "v", sha256: {}, limit: null, items: 1 },
    generation: {},
    usage: { requests: 1, cached: 0, prompt_tokens: 1, completion_tokens: 1, wall_s: 0, tokens_per_s: 0, truncated: 0, truncation_rate: 0, errors: 0 },
    items: [{ id: "1", scores: { prompt_level_strict: true } }],
  };
}

test("documents are validated before anything is written", () => {
  const dir = mkdtempSync(join(tmpdir(), "wb-doc-"));
  const meta = {
    repoId: "org/m",
    modelPath: null,
    modelFormat: "unknown",
    gpuInfo: { available: false, reason: "remote server" },
    settings: { backend: "chat", base_url: "http://x", model_name: "org/m", model_identity: "id", concurrency: 4, limit: null, benchmarks: ["ifeval"] },
  };
  const ok = writeRunResults(dir, buildResultDocument(meta, { ifeval: bench() }), ["{}"]);
  assert.match(ok.resultFile, /_org_m_ifeval\.json$/);
  assert.equal(ok.document.samples_file, ok.resultFile.replace(/.*\//, "").replace(".json", ".samples.jsonl"));
  const bad = { ...bench(), overall_score: 2 };
  assert.throws(() => writeRunResults(dir, buildResultDocument(meta, { ifeval: bad }), []), /benchmarks\.ifeval\.overall_score/);
  assert.equal(readdirSync(dir).length, 2);
});

test("schema/result.schema.json is the one generated from the validator", () => {
  assert.equal(readFileSync(join(root, "schema", "result.schema.json"), "utf8"), resultSchemaText(), "run: node --import tsx scripts/gen-schema.ts");
});
