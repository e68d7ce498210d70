import { test } from "node:test";
import assert from "node:assert/strict";
import { existsSync, mkdtempSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { writeGguf } from "./gguf-writer.js";
import { readGgufHeader } from "../../src/model/gguf.js";
import { describeModel } from "../../src/model/metadata.js";
import inspect from "../../src/cli/commands/inspect.js";
import { validateResultDocument } from "../../src/results/schema.js";
import { runCaptured } from "../helpers/run-command.js";
import { sharedModel } from "../helpers/data-dir.js";

const tmp = () => mkdtempSync(join(tmpdir(), "wb-tensors-"));

// The weight matrices (tensors with >= 2 dimensions) of each ladder file, as its SOURCES.md lists them;
// the 11 1-D norm tensors (f32 in every file) are not counted. Keys in order: most tensors first.
const LADDER: Array<[string, string, Record<string, number>]> = [
  ["stories260K.gguf", "F32", { f32: 37 }],
  ["stories260K-F16.gguf", "F16", { f16: 37 }],
  ["stories260K-Q8_0.gguf", "Q8_0", { q8_0: 32, f16: 5 }],
  ["stories260K-Q5_0.gguf", "Q5_0", { q5_0: 31, f16: 5, q8_0: 1 }],
  ["stories260K-Q4_0.gguf", "Q4_0", { q4_0: 31, f16: 5, q8_0: 1 }],
  ["stories260K-Q2_0.gguf", "Q2_0", { q2_0: 30, f16: 5, q8_0: 1, q5_0: 1 }], // equal counts: more bytes first
];

for (const [file, label, types] of LADDER) {
  test(`inspect --json ${file}: weight-matrix histogram ${JSON.stringify(types)}, label ${label} agrees`, async (t) => {
    const f = sharedModel(file);
    if (!existsSync(f)) return t.skip("shared model not present");
    const r = await runCaptured(inspect, [f, "--json"]);
    assert.equal(r.code, 0, r.err);
    const model = JSON.parse(r.out).model;
    assert.equal(model.quantization, label);
    assert.deepEqual(model.tensor_types, types);
    assert.deepEqual(Object.keys(model.tensor_types), Object.keys(types), "most numerous type first");
    assert.equal(model.dominant_type, label.toLowerCase());
    // The unquantized original has no general.file_type: its label comes from the tensors, nothing to check.
    assert.equal(model.label_matches_tensors, file === "stories260K.gguf" ? null : true);
    assert.equal(model.quantization_warning, undefined);
    // The per-type bytes, with the f32 1-D tensors, fill the data section up to alignment padding.
    const h = readGgufHeader(f);
    const oneD = h.tensors.filter((x) => x.dims.length < 2).reduce((a, x) => a + Number(x.dims[0]) * 4, 0);
    const data = statSync(f).size - Math.ceil(h.headerBytes / 32) * 32;
    const counted = Object.values(model.tensor_bytes as Record<string, number>).reduce((a, b) => a + b, 0) + oneD;
    assert.ok(counted <= data && counted > data - 32 * h.tensors.length, `${counted} bytes counted, data section ${data}`);
    assert.deepEqual(Object.keys(model.tensor_bytes), Object.keys(types));
  });
}

/** Llama-like layer matrices (hidden 256, ffn 512), each in the given type, plus a 1-D norm. */
function layer(i: number, type: (name: string) => number) {
  const m = (name: string, dims: number[]) => ({ name: `blk.${i}.${name}.weight`, dims, type: type(name) });
  return [
    m("attn_q", [256, 256]), m("attn_k", [256, 256]), m("attn_v", [256, 256]), m("attn_output", [256, 256]),
    m("ffn_gate", [256, 512]), m("ffn_up", [256, 512]), m("ffn_down", [512, 256]),
    { name: `blk.${i}.attn_norm.weight`, dims: [256], type: 0 },
  ];
}
const Q4_0 = 2, Q8_0 = 8, Q5_0 = 6, Q3_K = 11, Q4_K = 12, Q5_K = 13, Q6_K = 14;

function ggufFile(fileType: number, tensors: ReturnType<typeof layer>): string {
  const f = join(tmp(), "m.gguf");
  writeGguf(f, { "general.architecture": { t: "str", v: "llama" }, "general.file_type": { t: "u32", v: fileType } }, tensors);
  return f;
}

test("a Q2_K label over all-q4_0 weights → label_matches_tensors false and a warning; inspect prints it", async () => {
  const f = ggufFile(10, [
    { name: "token_embd.weight", dims: [256, 1000], type: Q4_0 },
    ...layer(0, () => Q4_0), ...layer(1, () => Q4_0),
    { name: "output.weight", dims: [256, 1000], type: Q8_0 },
  ]);
  const m = describeModel(f);
  assert.equal(m.quantization, "Q2_K", "the label is kept as the file states it");
  assert.deepEqual(m.tensor_types, { q4_0: 15, q8_0: 1 });
  assert.equal(m.tensor_bytes?.q4_0, ((8 * 256 * 256 + 6 * 256 * 512 + 256 * 1000) / 32) * 18);
  assert.equal(m.dominant_type, "q4_0");
  assert.equal(m.label_type, "q2_k");
  assert.equal(m.label_matches_tensors, false);
  assert.match(m.quantization_warning ?? "", /general\.file_type says Q2_K but no tensor is q2_k: q4_0 holds 100\.0% of the layer matrix elements/);

  const text = await runCaptured(inspect, [f]);
  assert.equal(text.code, 0, text.err);
  assert.match(text.out, /^quantization: Q2_K$/m);
  assert.match(text.out, /^tensor types \(weight matrices; 1-D tensors left out\):\n {2}q4_0 +15 +\d+\.\d KiB +\d+\.\d% of bytes {2}\(dominant\)\n {2}q8_0 +1 +\d+\.\d KiB/m);
  assert.match(text.out, /^warning: general\.file_type says Q2_K but no tensor is q2_k/m);
  const json = JSON.parse((await runCaptured(inspect, [f, "--json"])).out).model;
  assert.equal(json.label_matches_tensors, false);
  assert.match(json.quantization_warning, /no tensor is q2_k/);
});

test("real K-quant mixes do not warn: Q4_K_M with q6_k tensors, Q3_K_L whose q5_k outweighs q3_k in bytes", () => {
  // llama-quantize's Q4_K_M: attn_v and ffn_down in q6_k on some layers, output in q6_k.
  const q4km = describeModel(ggufFile(15, [
    { name: "token_embd.weight", dims: [256, 1000], type: Q4_K },
    ...layer(0, (n) => (n === "attn_v" || n === "ffn_down" ? Q6_K : Q4_K)), ...layer(1, () => Q4_K),
    { name: "output.weight", dims: [256, 8000], type: Q6_K },
  ]));
  assert.equal(q4km.dominant_type, "q4_k");
  assert.equal(q4km.label_matches_tensors, true);
  assert.equal(q4km.quantization_warning, undefined);
  // Q3_K_L: attn_v, attn_output, ffn_down in q5_k. By bytes q5_k leads; by elements q3_k does.
  const q3kl = describeModel(ggufFile(13, [...layer(0, (n) => (["attn_v", "attn_output", "ffn_down"].includes(n) ? Q5_K : Q3_K))]));
  assert.ok(q3kl.tensor_bytes!.q5_k! > q3kl.tensor_bytes!.q3_k!);
  assert.equal(q3kl.label_matches_tensors, true);
  assert.equal(q3kl.quantization_warning, undefined);
});

test("a K-quant label whose type holds only a minority of the layers → warning naming both shares", () => {
  // Rows that do not fit 256-element blocks fall back to q5_0/q8_0: what a narrow model's "Q4_K_M" can hold.
  const m = describeModel(ggufFile(15, [...layer(0, (n) => (n === "ffn_down" ? Q4_K : n === "attn_v" ? Q8_0 : Q5_0))]));
  assert.equal(m.dominant_type, "q5_0");
  assert.equal(m.label_matches_tensors, false);
  assert.match(m.quantization_warning ?? "", /says Q4_K_M but its type q4_k is not the main one: q5_0 holds 70\.0% of the layer matrix elements, q4_k 20\.0%/);
});

test("result documents accept the tensor fields in the model block and reject a malformed histogram", () => {
  const f = sharedModel("stories260K-Q5_0.gguf");
  const model = existsSync(f) ? describeModel(f) : { quantization: "Q5_0", tensor_types: { q5_0: 31 } };
  const doc = {
    schema_version: 1, tool: { name: "model-workbench", version: "0" }, timestamp: "2024-01-01T00:00:00Z", repo_id: "x",
    model_path: null, model_format: "gguf", model, gpu_info: { available: false },
    settings: { backend: "x", base_url: null, model_name: null, model_identity: "x", concurrency: 1, limit: null, benchmarks: [] },
    benchmarks: {},
  };
  assert.deepEqual(validateResultDocument(doc, "r.json").model?.tensor_types, model.tensor_types);
  assert.throws(() => validateResultDocument({ ...doc, model: { ...model, tensor_types: { q5_0: "many" } } }, "r.json"), /r\.json: field model\.tensor_types\.q5_0/);
});

test("inspect prints the ladder's Q5_0 histogram right under the label, without a warning", async (t) => {
  const f = sharedModel("stories260K-Q5_0.gguf");
  if (!existsSync(f)) return t.skip("shared model not present");
  const r = await runCaptured(inspect, [f]);
  assert.equal(r.code, 0, r.err);
  assert.ok(r.out.includes([
    "quantization: Q5_0",
    "tensor types (weight matrices; 1-D tensors left out):",
    "  q5_0        31   137.2 KiB   49.2% of bytes  (dominant)",
    "  f16          5   107.5 KiB   38.6% of bytes",
    "  q8_0         1    34.0 KiB   12.2% of bytes",
    "architecture: llama",
  ].join("\n")), r.out);
  assert.doesNotMatch(r.out, /^warning:/m);
});
