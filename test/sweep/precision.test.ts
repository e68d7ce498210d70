// The sweep's default baseline: the variant with the most precise recorded quantization.
import { test } from "node:test";
import assert from "node:assert/strict";
import { mostPrecise, precisionRank } from "../../src/sweep/precision.js";

test("precision order: F32 > BF16 > F16 > Q8_0 > Q6_K > Q5_K_M > Q5_0 > Q4_K_M > Q4_0 > Q3_K_M > Q2_K > IQ1_S", () => {
  const ladder = ["F32", "BF16", "F16", "Q8_0", "Q6_K", "Q5_K_M", "Q5_0", "Q4_K_M", "Q4_0", "Q3_K_M", "Q2_K", "IQ1_S"];
  const ranks = ladder.map(precisionRank);
  for (let i = 1; i < ranks.length; i++) assert.ok(ranks[i - 1]! < ranks[i]!, `${ladder[i - 1]} before ${ladder[i]}`);
});

test("safetensors labels rank by what they name; FP8 sits with Q8_0; unknown labels come last", () => {
  assert.equal(precisionRank("FP8 (block 128x128)"), precisionRank("Q8_0"));
  assert.equal(precisionRank("GPTQ-4bit-g128"), precisionRank("Q4_0"));
  assert.equal(precisionRank("W4A16-g128 (compressed-tensors)"), precisionRank("Q4_0"));
  assert.ok(precisionRank("unknown") > precisionRank("IQ1_S"));
});

test("mostPrecise: the first of the most precise; null when none is known", () => {
  assert.equal(mostPrecise(["Q4_K_M", "BF16", "Q8_0"]), 1);
  assert.equal(mostPrecise(["Q8_0", "FP8", "Q4_0"]), 0);
  assert.equal(mostPrecise([null, "unknown"]), null);
  assert.equal(mostPrecise([null, "Q6_K"]), 1);
});
