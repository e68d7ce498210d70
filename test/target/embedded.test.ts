import { test } from "node:test";
import assert from "node:assert/strict";
import { existsSync, mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { autostart } from "../../src/target/autostart.js";
import { sharedModel } from "../helpers/data-dir.js";

const MODEL = sharedModel("stories260K.gguf");

test("embedded engine: loads the GGUF in process, completes text in parallel, greedy is deterministic", async (t) => {
  if (!existsSync(MODEL)) return t.skip("stories260K.gguf not present");
  const a = await autostart({ modelPath: MODEL, engine: "embedded", serverArgs: [], parallel: 3, logDir: mkdtempSync(join(tmpdir(), "wb-emb-")) });
  try {
    assert.equal(a.backend.kind, "embedded");
    assert.equal(a.backend.chat, false, "stories260K has no chat template: plain completion");
    assert.equal(a.server.engine, "embedded");
    assert.match(String(a.server.version), /node-llama-cpp 3\.21\.1/);
    assert.equal(a.model.model_format, "gguf");
    const spec = { messages: [], prompt: "Once upon a time", stop: ["\n\n"] };
    const gen = { max_tokens: 24, temperature: 0 };
    const [x, y, z] = await Promise.all([a.backend.generate(spec, gen, 1), a.backend.generate(spec, gen, 1), a.backend.generate({ ...spec, prompt: "The cat" }, gen, 1)]);
    assert.ok(x.generations[0]!.text.length > 0);
    assert.equal(x.generations[0]!.text, y.generations[0]!.text, "same prompt, greedy → same text");
    assert.ok(["length", "stop"].includes(x.generations[0]!.finish_reason!));
    assert.ok(z.usage!.completion_tokens > 0);
    const short = await a.backend.generate(spec, { max_tokens: 3, temperature: 0 }, 1);
    assert.equal(short.generations[0]!.finish_reason, "length");
  } finally {
    await a.stop();
  }
});
