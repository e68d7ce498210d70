// GSM8K data and the 8-shot multi-turn chat prompt (lm-eval gsm8k_cot_llama with --fewshot_as_multiturn).
import { test } from "node:test";
import assert from "node:assert/strict";
import { gsm8k } from "../../src/benchmarks/gsm8k/task.js";
import { DATA_DIR } from "../helpers/data-dir.js";

test("1,319 test items; golds are the '#### N' values with thousands commas removed", async () => {
  const { items, dataset } = await gsm8k.load({ dataDir: DATA_DIR });
  assert.equal(items.length, 1319);
  assert.equal(dataset.sha256["test.jsonl"], "3730d312f6e3440559ace48831e51066acaca737f6eabec99bccb9e4b3c39d14");
  assert.deepEqual(items.filter((i) => i.gold.startsWith("-")).map((i) => i.gold).sort(), ["-10", "-3"]);
  assert.equal(items.filter((i) => i.answer.split("#### ")[1]!.includes(",")).length, 14);
  assert.ok(items.every((i) => /^-?\d+$/.test(i.gold)));
  assert.equal(gsm8k.itemId(items[12]!), "gsm8k/12");
  assert.equal((await gsm8k.load({ dataDir: DATA_DIR, limit: 3 })).items.length, 3);
});

test("prompt: 8 user/assistant exemplar turns, then the question in the same instruction", async () => {
  const { items } = await gsm8k.load({ dataDir: DATA_DIR, limit: 1 });
  const spec = gsm8k.prompt(items[0]!, {});
  assert.equal(spec.messages.length, 17);
  assert.deepEqual(spec.messages.map((m) => m.role), [...Array(8).fill(["user", "assistant"]).flat(), "user"]);
  assert.equal(
    spec.messages[0]!.content,
    "Given the following problem, reason and give a final answer to the problem.\n" +
      "Problem: There are 15 trees in the grove. Grove workers will plant trees in the grove today. After they are done, there will be 21 trees. How many trees did the grove workers plant today?\n" +
      'Your response should end with "The final answer is [answer]" where [answer] is the response to the problem.\n',
  );
  assert.equal(spec.messages[1]!.content, "There are 15 trees originally. Then there were 21 trees after some more were planted. So there must have been 21 - 15 = 6. The final answer is 6");
  assert.equal(spec.messages[15]!.content.endsWith("23 - 15 is 8. The final answer is 8"), true);
  for (let k = 1; k < 16; k += 2) assert.match(spec.messages[k]!.content, /The final answer is \d+$/);
  assert.ok(spec.messages[16]!.content.includes(`Problem: ${items[0]!.question}\n`));
  assert.equal(spec.chatStop, undefined, "no Q: stops on chat servers");
  assert.equal(gsm8k.defaults.max_tokens, 1024);
  const sys = gsm8k.prompt(items[0]!, { systemPrompt: "Be brief." });
  assert.deepEqual(sys.messages[0], { role: "system", content: "Be brief." });
  assert.equal(sys.messages.length, 18);
});
