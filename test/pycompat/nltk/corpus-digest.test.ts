import { createHash } from "node:crypto";
import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import { test } from "node:test";
import assert from "node:assert/strict";
import { wordTokenize } from "../../../src/pycompat/nltk/word-tokenize.js";
import { DATA_DIR, englishPunkt, SKIP_NO_PUNKT } from "./nltk-data.js";
import { looseVariants } from "../../../src/benchmarks/ifeval/evaluate.js";

/**
 * sha256 over every response of each file and its 8 IFEval loose-mode variants
 * (raw, "*" removed, first/last/both lines removed and stripped, and those three
 * with "*" removed), one line per variant:
 *   `${sentences.length}\x1f${sentences.join("\x1e")}\x1f${tokens.join(" ")}\n`
 * Digests computed once with NLTK 3.8 (Debian python3-nltk 3.8-1, punkt english pickle):
 * sentences = punkt.tokenize(v), tokens = nltk.word_tokenize(v). No NLTK output is committed.
 */
const EXPECTED: Record<string, string> = {
  "input_response_data_gpt4_20231107_145030.jsonl": "5be90785237ed6070f6e9dfad82ec276755dffbe1f8e847f0a70f92470e1f546",
  "input_response_data_text_bison.jsonl": "32e5c6cba4b9e145db7db1753a0a734b7d13f4564365b8db66fb705add0839b3",
};


for (const [file, expected] of Object.entries(EXPECTED)) {
  const full = path.join(DATA_DIR, "ifeval", file);
  const skip = SKIP_NO_PUNKT || (existsSync(full) ? false : `IFEval responses not found at ${full} (set WORKBENCH_DATA_DIR)`);
  test(`Punkt + word_tokenize digest equals NLTK 3.8 on ${file} (all loose variants)`, { skip }, () => {
    const punkt = englishPunkt();
    const hash = createHash("sha256");
    let n = 0;
    for (const line of readFileSync(full, "utf8").split("\n")) {
      if (line.trim() === "") continue;
      const response = (JSON.parse(line) as { response: unknown }).response;
      assert.equal(typeof response, "string", `${file}: field "response" must be a string`);
      for (const v of looseVariants(response as string)) {
        const sentences = punkt.tokenize(v);
        const tokens = wordTokenize(v, punkt);
        hash.update(`${sentences.length}\x1f${sentences.join("\x1e")}\x1f${tokens.join(" ")}\n`, "utf8");
        n++;
      }
    }
    assert.ok(n > 8 * 500, `${file}: expected over 500 responses, got ${n / 8}`);
    assert.equal(hash.digest("hex"), expected);
  });
}
