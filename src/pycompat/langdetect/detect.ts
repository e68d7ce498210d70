/**
 * Python langdetect 1.0.9 `detect(text)` with `DetectorFactory.seed = seed`
 * (seed 0 unless given: Python's default is a random seed, a fixed one makes results reproducible).
 */
import { extractNgrams, prepareText } from "./ngram.js";
import type { LangProfiles } from "./profiles.js";
import { PyRandom } from "./py-random.js";

/** Raised exactly where Python langdetect raises (LangDetectException). */
export class LangDetectException extends Error {
  constructor(message: string) {
    super(message);
    this.name = "LangDetectException";
  }
}

export interface LangProbability {
  readonly lang: string;
  readonly prob: number;
}

const ALPHA_DEFAULT = 0.5;
const ALPHA_WIDTH = 0.05;
const ITERATION_LIMIT = 1000;
const PROB_THRESHOLD = 0.1;
const CONV_THRESHOLD = 0.99999;
const BASE_FREQ = 10000;
const N_TRIAL = 7;

/** Detector._detect_block: averaged language probabilities over 7 random walks. */
function detectBlock(ngrams: readonly number[], profiles: LangProfiles, seed: number): Float64Array {
  const nLangs = profiles.langs.length;
  const { wordStart, entryLang, entryProb, denseRowOf, denseRows } = profiles;
  const langprob = new Float64Array(nLangs);
  const prob = new Float64Array(nLangs);
  const saved = new Float64Array(nLangs);
  const rng = new PyRandom(seed);
  const count = ngrams.length;
  for (let t = 0; t < N_TRIAL; t++) {
    prob.fill(1.0 / nLangs);
    const alpha = ALPHA_DEFAULT + rng.gauss(0.0, 1.0) * ALPHA_WIDTH;
    const weight = alpha / BASE_FREQ;
    for (let i = 0; ; i++) {
      // _update_lang_prob: prob[j] *= weight + p(word | lang j), p = 0 where the
      // language lacks the word. Sparse words: scale everything by weight, then redo
      // the languages with an entry from their saved old value (same arithmetic).
      const word = ngrams[rng.randbelow(count)]!;
      const row = denseRowOf[word]!;
      if (row >= 0) {
        for (let j = 0; j < nLangs; j++) prob[j]! *= weight + denseRows[row + j]!;
      } else {
        const start = wordStart[word]!;
        const end = wordStart[word + 1]!;
        for (let e = start; e < end; e++) saved[e - start] = prob[entryLang[e]!]! * (weight + entryProb[e]!);
        for (let j = 0; j < nLangs; j++) prob[j]! *= weight;
        for (let e = start; e < end; e++) prob[entryLang[e]!] = saved[e - start]!;
      }
      if (i % 5 === 0) {
        // _normalize_prob: plain left-to-right sum (Python 3.11 sum())
        let sum = 0.0;
        for (let j = 0; j < nLangs; j++) sum += prob[j]!;
        let maxp = 0.0;
        for (let j = 0; j < nLangs; j++) {
          const p = prob[j]! / sum;
          if (maxp < p) maxp = p;
          prob[j] = p;
        }
        if (maxp > CONV_THRESHOLD || i >= ITERATION_LIMIT) break;
      }
    }
    for (let j = 0; j < nLangs; j++) langprob[j]! += prob[j]! / N_TRIAL;
  }
  return langprob;
}

/**
 * Python `detect_langs(text)`: languages with probability > 0.1, most probable first
 * (stable for ties). Throws LangDetectException("No features in text.") like Python.
 */
export function detectLanguageProbabilities(text: string, profiles: LangProfiles, seed = 0): LangProbability[] {
  const cps = prepareText(text, profiles.tables);
  const ngrams = extractNgrams(cps, profiles);
  if (ngrams.length === 0) throw new LangDetectException("No features in text.");
  const langprob = detectBlock(ngrams, profiles, seed);
  const result: LangProbability[] = [];
  for (let j = 0; j < langprob.length; j++) {
    if (langprob[j]! > PROB_THRESHOLD) result.push({ lang: profiles.langs[j]!, prob: langprob[j]! });
  }
  return result.sort((a, b) => (a.prob < b.prob ? 1 : b.prob < a.prob ? -1 : 0));
}

/** Python `detect(text)`: the most probable language code, or "unknown". */
export function detectLanguage(text: string, profiles: LangProfiles, seed = 0): string {
  const top = detectLanguageProbabilities(text, profiles, seed)[0];
  return top === undefined ? "unknown" : top.lang;
}
