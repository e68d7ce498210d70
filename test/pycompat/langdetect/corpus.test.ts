import { createHash } from "node:crypto";
import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import { test } from "node:test";
import assert from "node:assert/strict";
import { detectLanguage, LangDetectException } from "../../../src/pycompat/langdetect/detect.js";
import { DATA_DIR, profiles, SKIP_NO_PROFILES } from "./data.js";
import { looseVariants } from "../../../src/benchmarks/ifeval/evaluate.js";

/**
 * Digests of Python langdetect 1.0.9 outputs (DetectorFactory.seed = 0, /usr/bin/python3
 * 3.11.2) over each file's `response` fields, one output per line: the language code, or
 * "LangDetectException: No features in text." No per-text expectations are committed.
 *   all:    sha256 of "\n".join(outputs)
 *   blocks: sha256(...)[:12] of each run of 50 outputs, to locate a mismatch
 *   loose:  sha256 of the outputs + "\n" for the 8 IFEval loose-mode variants of every
 *           response (raw, "*" removed, first/last/both lines dropped and stripped, and
 *           those three with "*" removed)
 */
const EXPECTED: Record<string, { all: string; blocks: string[]; loose: string }> = {
  "input_response_data_gpt4_20231107_145030.jsonl": {
    all: "2e0361f28db221346b88b8d441768f1d2cbef6e8b96fc9223522cf0415b595e0",
    blocks: [
      "b1878d2d4a4d", "273380ad97cb", "1806c553ae30", "849b5725779d", "89d844c909ab", "f437b4720a42",
      "bb0d0c71aa10", "9c5371cdfa79", "f71697d673d7", "3678864688bc", "7ce34fc785a4",
    ],
    loose: "1a5b24605c38ff5cac7fbde30b2cf03e248c1fd8f15bc1119fa5589dbc44a9cc",
  },
  "input_response_data_text_bison.jsonl": {
    all: "f8c5431f81462873dd10d3ef270b6f310c4d2f3ae29e8a4e5ce4b2d42e15306b",
    blocks: [
      "5c0030528989", "db1cef7e74e6", "0edecb4f4c13", "bfa582c64ef2", "64da1db593b9", "0bd93af68552",
      "b772d734b048", "40a4e4a86e88", "06ca0c0a113e", "0aec66e216ca", "cc7fa6c56032",
    ],
    loose: "fac68b26b67863cca5be650d138cf65a0991647acc30be84544e57c6b16f9057",
  },
};
const BLOCK = 50;

const sha256 = (s: string): string => createHash("sha256").update(s, "utf8").digest("hex");

function output(text: string): string {
  try {
    return detectLanguage(text, profiles());
  } catch (err) {
    if (err instanceof LangDetectException) return `LangDetectException: ${err.message}`;
    throw err;
  }
}

function responses(file: string): string[] {
  const out: string[] = [];
  for (const line of readFileSync(file, "utf8").split("\n")) {
    if (line.trim() === "") continue;
    const response = (JSON.parse(line) as { response: unknown }).response;
    assert.equal(typeof response, "string", `${file}: field "response" must be a string`);
    out.push(response as string);
  }
  return out;
}



for (const [name, expected] of Object.entries(EXPECTED)) {
  const file = path.join(DATA_DIR, "ifeval", name);
  const skip = SKIP_NO_PROFILES || (existsSync(file) ? false : `IFEval responses not found at ${file} (set WORKBENCH_DATA_DIR)`);

  test(`detectLanguage equals Python langdetect (seed 0) on every response of ${name}`, { skip }, () => {
    const outputs = responses(file).map(output);
    assert.equal(outputs.length, 541);
    if (sha256(outputs.join("\n")) === expected.all) return;
    const bad: string[] = [];
    for (let b = 0; b * BLOCK < outputs.length; b++) {
      const block = outputs.slice(b * BLOCK, (b + 1) * BLOCK);
      if (sha256(block.join("\n")).slice(0, 12) !== expected.blocks[b]) {
        const notEn = block.map((o, i) => [b * BLOCK + i, o] as const).filter(([, o]) => o !== "en");
        bad.push(`responses ${b * BLOCK}-${b * BLOCK + block.length - 1} differ; ours (non-"en"): ${JSON.stringify(notEn)}`);
      }
    }
    assert.fail(`${name}: outputs differ from Python langdetect\n${bad.join("\n")}`);
  });

  test(`detectLanguage equals Python langdetect (seed 0) on all IFEval loose variants of ${name}`, { skip }, () => {
    const hash = createHash("sha256");
    for (const response of responses(file)) {
      for (const v of looseVariants(response)) hash.update(output(v) + "\n", "utf8");
    }
    assert.equal(hash.digest("hex"), expected.loose);
  });
}
