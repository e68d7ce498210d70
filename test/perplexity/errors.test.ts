import { test } from "node:test";
import assert from "node:assert/strict";
import { existsSync } from "node:fs";
import { createEmbeddedTokenScorer } from "../../src/target/embedded-token-scorer.js";
import { scorePerplexity } from "../../src/benchmarks/perplexity/score.js";
import { decodeTextFile, PerplexityInputError } from "../../src/benchmarks/perplexity/protocol.js";
import { model } from "./llama-reference.js";

test("an empty file and a binary file are refused with one line naming the file", () => {
  assert.throws(() => decodeTextFile(new Uint8Array(0), "t.txt"), (e: Error) => e instanceof PerplexityInputError && /^t\.txt: the file is empty/.test(e.message) && !e.message.includes("\n"));
  assert.throws(() => decodeTextFile(Uint8Array.from([0x7f, 0x45, 0x4c, 0x46, 0, 1]), "a.out"), /^PerplexityInputError: a\.out: binary file \(contains NUL bytes\)/);
  assert.throws(() => decodeTextFile(Uint8Array.from([0x61, 0xff, 0xfe]), "x.bin"), /^PerplexityInputError: x\.bin: not valid UTF-8/);
  assert.equal(decodeTextFile(Buffer.from("héllo\n"), "ok.txt"), "héllo\n");
});

test("a text shorter than 2 chunks and a ctx above the trained context are refused with one line", async (t) => {
  if (!existsSync(model("F32"))) return t.skip("stories260K.gguf not present");
  await assert.rejects(createEmbeddedTokenScorer({ modelPath: model("F32"), ctx: 4096, threads: 1 }), /^UsageError: ctx: 4096 is above the model's trained context of 2048 tokens/);
  const scorer = await createEmbeddedTokenScorer({ modelPath: model("F32"), ctx: 64, threads: 1 });
  try {
    await assert.rejects(scorePerplexity(scorer, { text: "Once upon a time there was a cat.", textName: "short.txt", ctx: 64 }), (e: Error) => e instanceof PerplexityInputError && /^short\.txt: tokenizes to \d+ tokens; at least 128 \(2 chunks of ctx 64\) are needed$/.test(e.message));
    await assert.rejects(scorePerplexity(scorer, { text: "", textName: "empty.txt", ctx: 64 }), /^PerplexityInputError: empty\.txt: the text is empty/);
    await assert.rejects(scorePerplexity(scorer, { text: "x", ctx: 4096 }), /ctx: 4096 is above the model's trained context of 2048/);
  } finally {
    await scorer.close();
  }
});
