// Component timings behind IFEval scoring: Punkt sentence splitting and langdetect over the
// 541 GPT-4 responses (warm, best of 5), and the one-time parameter/profile loads.
// Run: npx tsx bench/ifeval-components.ts
// Targets: Punkt < 50 ms, langdetect < 150 ms (warm, whole corpus).
import { readFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { performance } from "node:perf_hooks";
import { loadPunktParams } from "../src/pycompat/nltk/punkt-params.js";
import { PunktSentenceTokenizer } from "../src/pycompat/nltk/punkt.js";
import { wordTokenize } from "../src/pycompat/nltk/word-tokenize.js";
import { loadLangProfiles } from "../src/pycompat/langdetect/profiles.js";
import { detectLanguage } from "../src/pycompat/langdetect/detect.js";

const DATA = process.env.WORKBENCH_DATA_DIR ?? resolve("../shared/datasets");
const texts = readFileSync(join(DATA, "ifeval", "input_response_data_gpt4_20231107_145030.jsonl"), "utf8")
  .split("\n")
  .filter((l) => l.trim())
  .map((l) => (JSON.parse(l) as { response: string }).response);

function best(label: string, fn: () => void): void {
  fn(); // warm-up
  let b = Infinity;
  for (let i = 0; i < 5; i++) {
    const t = performance.now();
    fn();
    b = Math.min(b, performance.now() - t);
  }
  console.log(`${label.padEnd(44)} ${b.toFixed(1)} ms`);
}

let t = performance.now();
const punkt = new PunktSentenceTokenizer(loadPunktParams(join(DATA, "nltk_data", "tokenizers", "punkt_tab", "english")));
console.log(`${"load Punkt parameters".padEnd(44)} ${(performance.now() - t).toFixed(1)} ms`);
t = performance.now();
const profiles = loadLangProfiles(join(DATA, "langdetect"));
console.log(`${"load 55 langdetect profiles".padEnd(44)} ${(performance.now() - t).toFixed(1)} ms`);
best(`Punkt sentences, ${texts.length} responses`, () => texts.forEach((x) => punkt.tokenize(x)));
best(`word_tokenize, ${texts.length} responses`, () => texts.forEach((x) => wordTokenize(x, punkt)));
best(`langdetect, ${texts.length} responses`, () =>
  texts.forEach((x) => {
    try {
      detectLanguage(x, profiles);
    } catch {
      /* no features */
    }
  }),
);
