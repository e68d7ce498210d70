import { mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { test } from "node:test";
import assert from "node:assert/strict";
import { detectLanguage, detectLanguageProbabilities, LangDetectException } from "../../../src/pycompat/langdetect/detect.js";
import { loadLangProfiles, REFERENCE_LANG_ORDER } from "../../../src/pycompat/langdetect/profiles.js";
import { LANGDETECT_DIR, profiles, SKIP_NO_PROFILES } from "./data.js";

const EXC = "LangDetectException";

/**
 * Expected outputs of Python langdetect 1.0.9 (`from langdetect import DetectorFactory,
 * detect; DetectorFactory.seed = 0; detect(text)`), EXC where it raises
 * LangDetectException("No features in text.").
 */
const CASES: [string, string][] = [
  ["My answer is no.", "en"],
  ["My answer is maybe.", "en"],
  ["YES", "cy"],
  ["etchings", "de"],
  ["a", "tl"],
  ["I", "id"],
  ["OK", "pt"],
  ["THIS IS ALL CAPS TEXT ABOUT THE WEATHER TODAY", "en"],
  ["JOHN SMITH, MARY JONES, PETER PARKER", "de"],
  ["DAS IST EIN TEST. Das ist ein Test.", "de"],
  ["The Quick Brown Fox Jumps", "en"],
  ["12345 67890 !!! ???", EXC],
  ["", EXC],
  ["   \n\t ", EXC],
  ["https://example.com/path?x=1", EXC],
  ["Visit https://example.com/path?x=1 or mail me at john.doe@example.org today please", "en"],
  ["write to someone@mail.example.com", "en"],
  ["Tôi yêu tiếng Việt rất nhiều", "vi"],
  // combining marks after a vowel are folded into precomposed letters
  ["Tie\u0302\u0301ng Vie\u0323\u0302t va\u0300 ngu\u031bo\u031b\u0300i", "vi"],
  ["Ti\u00ea\u0301ng Vi\u00ea\u0323t Nam", "vi"],
  ["我爱北京天安门，这是一个美丽的城市。", "zh-cn"],
  ["我愛台灣，這是一個美麗的地方。", "zh-tw"],
  ["これは日本語の文章です。カタカナもあります。", "ja"],
  ["ひらがなだけ", "ja"],
  ["안녕하세요, 저는 한국어를 공부하고 있습니다.", "ko"],
  ["मैं हिंदी में बात कर रहा हूँ और यह बहुत अच्छा है।", "hi"],
  ["मी मराठी भाषेत बोलतो आहे.", "mr"],
  ["مرحبا بكم في هذا المكان الجميل", "ar"],
  ["این یک متن فارسی است که برای آزمایش نوشته شده", "fa"],
  ["یہ اردو زبان میں لکھا گیا ایک جملہ ہے", "ur"],
  ["Hello мир, this is a mixed текст", "en"],
  ["Привет, как дела? OK", "mk"],
  ["😀😀🎉", EXC],
  ["I love pizza 🍕🍕 so much!", "it"],
  ["Bon dia, com estàs? Avui fa un temps magnífic a Barcelona.", "ca"],
  ["Bore da, sut wyt ti heddiw? Mae'r tywydd yn braf.", "cy"],
  ["Aceasta este o țară frumoasă și liniștită.", "ro"],
  ["Αυτό είναι ένα ελληνικό κείμενο.", "el"],
  ["זהו טקסט בעברית לבדיקה", "he"],
  ["นี่คือข้อความภาษาไทย", "th"],
  ["இது தமிழ் உரை ஆகும்", "ta"],
  ["¿Dónde está la biblioteca? ¡Aquí!", "es"],
  ["Das   ist\n\n  gut", "de"],
  ["\u201cQuoted\u201d \u2014 text\u2026 here", "en"],
  ["café naïve résumé « déjà vu »", "fr"],
  ["Dit is een Nederlandse zin.", "nl"],
  ["Dette er en norsk setning om været.", "no"],
  ["আমি বাংলায় গান গাই", "bn"],
  ["abc\ud800def ghi", "cy"], // a lone surrogate is one code point, as in Python
  ["𝐇𝐞𝐥𝐥𝐨 𝐰𝐨𝐫𝐥𝐝", EXC], // astral letters are in no profile
  ["Ǆemal ǅemal ǆemal", "et"], // titlecase ǅ is not upper
  ["ʻOkina ʻōlelo Hawaiʻi", "sw"],
  // only the first 10000 code points count
  ["hello world ".repeat(1000) + "bonjour le monde ".repeat(50), "en"],
  ["Привет ".repeat(3000), "mk"],
];

function pyDetect(text: string): string {
  try {
    return detectLanguage(text, profiles());
  } catch (err) {
    if (err instanceof LangDetectException) {
      assert.equal(err.message, "No features in text.");
      return EXC;
    }
    throw err;
  }
}

test("detectLanguage matches Python langdetect (seed 0) on hand-written tricky texts", { skip: SKIP_NO_PROFILES }, () => {
  const wrong = CASES.map(([text, want]) => [text.slice(0, 40), pyDetect(text), want] as const).filter(([, got, want]) => got !== want);
  assert.deepEqual(wrong, []);
});

test("LangDetectException is an Error subclass thrown for feature-less text", { skip: SKIP_NO_PROFILES }, () => {
  assert.throws(
    () => detectLanguage("... 42 ...", profiles()),
    (err: unknown) => err instanceof LangDetectException && err instanceof Error && err.message === "No features in text.",
  );
});

test("detectLanguageProbabilities sorts languages above 0.1, most probable first", { skip: SKIP_NO_PROFILES }, () => {
  const probs = detectLanguageProbabilities("Bon dia, com estàs? Avui fa un temps magnífic.", profiles());
  assert.ok(probs.length >= 1);
  for (let i = 0; i < probs.length; i++) {
    assert.ok(probs[i]!.prob > 0.1);
    if (i > 0) assert.ok(probs[i - 1]!.prob >= probs[i]!.prob);
  }
  assert.equal(probs[0]!.lang, detectLanguage("Bon dia, com estàs? Avui fa un temps magnífic.", profiles()));
});

test("the seed argument changes the random walk (seed 0 is the IFEval reference)", { skip: SKIP_NO_PROFILES }, () => {
  // Python: detect_langs("etchings") differs between DetectorFactory.seed 0 and 1
  const p0 = detectLanguageProbabilities("etchings", profiles(), 0);
  const p1 = detectLanguageProbabilities("etchings", profiles(), 1);
  assert.notDeepEqual(p0, p1);
  assert.deepEqual(detectLanguageProbabilities("etchings", profiles(), 0), p0, "deterministic for a fixed seed");
});

/** A langdetect data dir of 55 synthetic profiles (same names as the reference). */
function syntheticDir(profileText: (lang: string) => string): string {
  const dir = mkdtempSync(path.join(os.tmpdir(), "langdetect-"));
  mkdirSync(path.join(dir, "profiles"));
  const messages = [
    "NGram.LATIN1_EXCLUDE=\\u00A0\\u00AB\\u00B0\\u00BB",
    "NGram.KANJI_1_0=\\u4F7C\\u6934",
    "TO_NORMALIZE_VI_CHARS=AEIOUYaeiouy",
    "DMARK_CLASS=\\u0300\\u0301\\u0303\\u0309\\u0323",
    ...["0300", "0301", "0303", "0309", "0323"].map((m) => `NORMALIZED_VI_CHARS_${m}=AEIOUYaeiouy`),
  ];
  writeFileSync(path.join(dir, "messages.properties"), messages.join("\n") + "\n");
  for (const lang of REFERENCE_LANG_ORDER) writeFileSync(path.join(dir, "profiles", lang), profileText(lang));
  return dir;
}

test('returns "unknown" when no language gets probability above 0.1', () => {
  // Every language has the same n-gram probabilities: the walk never converges and
  // each language ends at 1/55. Python langdetect also answers "unknown" here.
  const dir = syntheticDir((lang) => JSON.stringify({ freq: { a: 1, b: 2 }, n_words: [3, 1, 1], name: lang }));
  try {
    const synthetic = loadLangProfiles(dir);
    assert.equal(detectLanguage("a b ab", synthetic), "unknown");
    assert.deepEqual(detectLanguageProbabilities("a b ab", synthetic), []);
    assert.throws(() => detectLanguage("zzz", synthetic), LangDetectException);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test("loadLangProfiles names the missing or malformed file", () => {
  const dir = syntheticDir((lang) => JSON.stringify({ freq: { a: 1 }, n_words: [1, 1, 1], name: lang }));
  try {
    const bad = path.join(dir, "profiles", "fi");
    writeFileSync(bad, '{"freq": {"a": 1,}, "n_words": [1, 1, 1], "name": "fi"}');
    assert.throws(() => loadLangProfiles(dir), (err: Error) => err.message.includes(bad) && /malformed JSON/.test(err.message));
    writeFileSync(bad, '{"freq": {"a": 1}, "n_words": [1, 1], "name": "fi"}');
    assert.throws(() => loadLangProfiles(dir), (err: Error) => err.message.includes(bad) && /n_words/.test(err.message));
    writeFileSync(bad, '{"freq": {"a": 1}, "n_words": [1, 1, 1]}');
    assert.throws(() => loadLangProfiles(dir), (err: Error) => err.message.includes(bad) && /"name"/.test(err.message));
    rmSync(bad);
    assert.throws(() => loadLangProfiles(dir), (err: Error) => err.message.includes(bad) && /cannot read/.test(err.message));
    rmSync(path.join(dir, "messages.properties"));
    assert.throws(() => loadLangProfiles(dir), /messages\.properties: cannot read/);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test("loadLangProfiles reads all 55 reference profiles in os.listdir order", { skip: SKIP_NO_PROFILES }, () => {
  const loaded = profiles();
  // langs come from each profile's "name" field, in file order: names equal file names
  assert.deepEqual(loaded.langs, REFERENCE_LANG_ORDER);
  assert.deepEqual([...loaded.langs].sort(), readdirSync(path.join(LANGDETECT_DIR, "profiles")).sort());
});
