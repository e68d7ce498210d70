import { test } from "node:test";
import assert from "node:assert/strict";
import { mkdtempSync, mkdirSync, writeFileSync, existsSync, utimesSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { writeGguf } from "./gguf-writer.js";
import { readGgufHeader, summarizeGguf, GgufError } from "../../src/model/gguf.js";
import { describeModel } from "../../src/model/metadata.js";
import { resolveModelPath, ModelPathError, repoIdFromLayout } from "../../src/model/resolve-path.js";
import { sanitizeRepoId } from "../../src/results/result-files.js";
import { describeConfig } from "../../src/model/safetensors-config.js";
import { fingerprintFiles } from "../../src/model/fingerprint.js";
import { sharedModel } from "../helpers/data-dir.js";

const tmp = () => mkdtempSync(join(tmpdir(), "wb-model-"));

test("GGUF header: architecture, file_type name, parameter count, context, chat template", () => {
  const dir = tmp();
  const f = join(dir, "qwen-q4.gguf");
  writeGguf(f, {
    "general.architecture": { t: "str", v: "qwen2" },
    "general.name": { t: "str", v: "Qwen2.5 7B Instruct" },
    "general.basename": { t: "str", v: "Qwen2.5" },
    "general.size_label": { t: "str", v: "7B" },
    "general.file_type": { t: "u32", v: 15 },
    "qwen2.context_length": { t: "u32", v: 32768 },
    "tokenizer.ggml.tokens": { t: "arr_str", v: ["<s>", "a", "b"] },
    "tokenizer.chat_template": { t: "str", v: "{% for m in messages %}{{ m.content }}{% endfor %}" },
  }, [
    { name: "token_embd.weight", dims: [64, 100], type: 12 },
    { name: "blk.0.attn_norm.weight", dims: [64], type: 0 },
  ]);
  const s = summarizeGguf(readGgufHeader(f));
  assert.equal(s.architecture, "qwen2");
  assert.equal(s.quantization, "Q4_K_M");
  assert.equal(s.parameters, 64 * 100 + 64);
  assert.equal(s.context_length, 32768);
  assert.equal(s.has_chat_template, true);
  const m = describeModel(f);
  assert.equal(m.model_format, "gguf");
  assert.equal(m.repo_id, "Qwen2.5-7B");
  assert.match(m.fingerprint, /^sha256:[0-9a-f]{64}$/);
});

test("GGUF file_type table covers the common llama.cpp quantizations", () => {
  const dir = tmp();
  const cases: Array<[number, string]> = [[0, "F32"], [1, "F16"], [2, "Q4_0"], [7, "Q8_0"], [10, "Q2_K"], [12, "Q3_K_M"], [14, "Q4_K_S"], [17, "Q5_K_M"], [18, "Q6_K"], [30, "IQ4_XS"], [32, "BF16"]];
  for (const [ft, name] of cases) {
    const f = join(dir, `m${ft}.gguf`);
    writeGguf(f, { "general.architecture": { t: "str", v: "llama" }, "general.file_type": { t: "u32", v: ft } }, []);
    assert.equal(summarizeGguf(readGgufHeader(f)).quantization, name, `file_type ${ft}`);
  }
  // Without general.file_type the dominant 2-D weight type names it.
  const f = join(dir, "nofiletype.gguf");
  writeGguf(f, { "general.architecture": { t: "str", v: "llama" } }, [{ name: "w", dims: [32, 32], type: 8 }, { name: "n", dims: [32], type: 0 }]);
  assert.equal(summarizeGguf(readGgufHeader(f)).quantization, "Q8_0");
});

test("corrupt or truncated GGUF → clear error naming the file", () => {
  const dir = tmp();
  const bad = join(dir, "bad.gguf");
  writeFileSync(bad, "NOTGGUF-----------------");
  assert.throws(() => readGgufHeader(bad), (e: Error) => e instanceof GgufError && e.message.includes(bad) && /bad magic/.test(e.message));
  const trunc = join(dir, "trunc.gguf");
  const buf = Buffer.alloc(24);
  buf.write("GGUF");
  buf.writeUInt32LE(3, 4);
  buf.writeBigUInt64LE(0n, 8);
  buf.writeBigUInt64LE(5n, 16);
  writeFileSync(trunc, buf);
  assert.throws(() => readGgufHeader(trunc), /truncated GGUF header/);
});

test("the shared stories260K model reads as llama F32 with 292,800 parameters", (t) => {
  const f = sharedModel("stories260K.gguf");
  if (!existsSync(f)) return t.skip("shared model not present");
  const m = describeModel(f);
  assert.equal(m.gguf?.architecture, "llama");
  assert.equal(m.gguf?.parameters, 292800);
  assert.equal(m.gguf?.context_length, 2048);
  assert.equal(m.gguf?.has_chat_template, false);
  assert.equal(m.quantization, "F32");
});

test("path resolution: split shards, directories, HF cache snapshots, org/name layout, missing path", () => {
  const root = tmp();
  const shardDir = join(root, "models", "acme", "Big-GGUF");
  mkdirSync(shardDir, { recursive: true });
  for (const i of [1, 2, 3]) writeGguf(join(shardDir, `big-Q4_K_M-0000${i}-of-00003.gguf`), { "general.architecture": { t: "str", v: "llama" }, "general.file_type": { t: "u32", v: 15 } }, []);
  const r = resolveModelPath(shardDir);
  assert.equal(r.format, "gguf");
  assert.equal(r.weightFiles.length, 3);
  assert.ok(r.primary.endsWith("-00001-of-00003.gguf"));
  assert.equal(r.layoutRepoId, "acme/Big-GGUF");
  const viaShard2 = resolveModelPath(join(shardDir, "big-Q4_K_M-00002-of-00003.gguf"));
  assert.ok(viaShard2.primary.endsWith("-00001-of-00003.gguf"), "any shard resolves to the first");

  const hf = join(root, "hub", "models--org--Model-FP8");
  const snapOld = join(hf, "snapshots", "aaa111");
  const snapNew = join(hf, "snapshots", "bbb222");
  for (const s of [snapOld, snapNew]) {
    mkdirSync(s, { recursive: true });
    writeFileSync(join(s, "config.json"), JSON.stringify({ torch_dtype: "bfloat16", quantization_config: { quant_method: "fp8", weight_block_size: [128, 128] } }));
    writeFileSync(join(s, "model.safetensors"), Buffer.alloc(100));
  }
  utimesSync(snapOld, new Date(2020, 1, 1), new Date(2020, 1, 1));
  const m = describeModel(hf);
  assert.equal(m.model_format, "safetensors");
  assert.equal(m.repo_id, "org/Model-FP8");
  assert.equal(m.quantization, "FP8 (block 128x128)");
  assert.equal(describeModel(snapOld).repo_id, "org/Model-FP8");

  assert.throws(() => resolveModelPath(join(root, "nope")), (e: Error) => e instanceof ModelPathError && /does not exist/.test(e.message));
  const two = join(root, "two");
  mkdirSync(two);
  writeGguf(join(two, "a.gguf"), {}, []);
  writeGguf(join(two, "b.gguf"), {}, []);
  assert.throws(() => resolveModelPath(two), /holds 2 \.gguf files/);
  assert.equal(repoIdFromLayout("/home/u/models/org/name"), "org/name");
  assert.equal(sanitizeRepoId("org/Qwen2.5 7B (Q4)"), "org_Qwen2.5-7B-Q4");
});

test("safetensors config.json: every quantization family", () => {
  const c = (q: unknown, dtype = "bfloat16") => describeConfig({ torch_dtype: dtype, architectures: ["LlamaForCausalLM"], ...(q ? { quantization_config: q } : {}) });
  assert.deepEqual([c(null).quant_method, c(null).label], ["none", "BF16"]);
  assert.equal(c(null, "float16").label, "F16");
  const awq = c({ quant_method: "awq", bits: 4, group_size: 128, zero_point: true, version: "gemm" });
  assert.deepEqual([awq.quant_method, awq.bits, awq.group_size, awq.label], ["awq", 4, 128, "AWQ-4bit-g128"]);
  const gptq = c({ quant_method: "gptq", bits: 8, group_size: -1, desc_act: true });
  assert.deepEqual([gptq.bits, gptq.group_size, gptq.label], [8, -1, "GPTQ-8bit"]);
  const ct = c({ quant_method: "compressed-tensors", format: "pack-quantized", config_groups: { group_0: { weights: { num_bits: 4, type: "int", strategy: "group", group_size: 128, symmetric: true }, targets: ["Linear"] } } });
  assert.deepEqual([ct.quant_method, ct.bits, ct.group_size, ct.label], ["compressed-tensors", 4, 128, "W4A16-g128 (compressed-tensors)"]);
  const ct8 = c({ quant_method: "compressed-tensors", config_groups: { group_0: { weights: { num_bits: 8, type: "float", strategy: "channel" }, input_activations: { num_bits: 8, type: "float", dynamic: true } } } });
  assert.equal(ct8.label, "FP8 W8A8 (compressed-tensors)");
  const bnb = c({ quant_method: "bitsandbytes", load_in_4bit: true, bnb_4bit_quant_type: "nf4" });
  assert.deepEqual([bnb.bits, bnb.label], [4, "bitsandbytes-4bit-nf4"]);
  const legacyBnb = c({ load_in_8bit: true });
  assert.deepEqual([legacyBnb.quant_method, legacyBnb.bits], ["bitsandbytes", 8]);
  const mx = c({ quant_method: "mxfp4" });
  assert.deepEqual([mx.bits, mx.group_size, mx.label], [4, 32, "MXFP4"]);
  const fp8 = c({ quant_method: "fp8", activation_scheme: "dynamic" });
  assert.deepEqual([fp8.bits, fp8.label], [8, "FP8"]);
});

test("fingerprint changes with content, not with path; large files are sampled", () => {
  const dir = tmp();
  const a = join(dir, "a", "w.gguf");
  const b = join(dir, "b", "w.gguf");
  mkdirSync(join(dir, "a"));
  mkdirSync(join(dir, "b"));
  const big = Buffer.alloc(8 << 20, 7);
  writeFileSync(a, big);
  writeFileSync(b, big);
  assert.equal(fingerprintFiles([a]), fingerprintFiles([b]), "same bytes, same name → same fingerprint");
  big[(8 << 20) - 10] = 9; // a byte inside the final sampled block (re-quantized tail)
  writeFileSync(b, big);
  assert.notEqual(fingerprintFiles([a]), fingerprintFiles([b]));
});
