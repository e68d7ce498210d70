import { test } from "node:test";
import assert from "node:assert/strict";
import { mkdtempSync, readdirSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { loadLangProfilesCached } from "../../../src/pycompat/langdetect/profile-cache.js";
import { detectLanguageProbabilities } from "../../../src/pycompat/langdetect/detect.js";
import { LANGDETECT_DIR, SKIP_NO_PROFILES, profiles } from "./data.js";

const TEXTS = ["My answer is no.", "YES", "Bonjour tout le monde, je suis content", "Привет, как дела?", "这是一个测试", "नमस्ते दुनिया", "Bon dia a tothom", "Ein kleiner Test"];

test("profiles read back from the binary cache detect exactly like freshly parsed ones", { skip: SKIP_NO_PROFILES }, () => {
  const cache = mkdtempSync(path.join(tmpdir(), "wb-ldcache-"));
  const built = loadLangProfilesCached(LANGDETECT_DIR, cache); // parses and writes the cache
  const files = readdirSync(path.join(cache, "derived"));
  assert.equal(files.length, 1);
  assert.match(files[0]!, /^langdetect-[0-9a-f]{32}\.bin$/);
  const fromCache = loadLangProfilesCached(LANGDETECT_DIR, cache); // reads it back
  const fresh = profiles();
  for (const p of [built, fromCache]) {
    assert.deepEqual(p.langs, fresh.langs);
    for (const t of TEXTS) assert.deepEqual(detectLanguageProbabilities(t, p), detectLanguageProbabilities(t, fresh), t);
  }
});

test("a corrupt cache file is rebuilt, not trusted", { skip: SKIP_NO_PROFILES }, () => {
  const cache = mkdtempSync(path.join(tmpdir(), "wb-ldcache-"));
  loadLangProfilesCached(LANGDETECT_DIR, cache);
  const file = path.join(cache, "derived", readdirSync(path.join(cache, "derived"))[0]!);
  writeFileSync(file, "garbage");
  const p = loadLangProfilesCached(LANGDETECT_DIR, cache);
  assert.deepEqual(detectLanguageProbabilities("Ein kleiner Test", p), detectLanguageProbabilities("Ein kleiner Test", profiles()));
});
