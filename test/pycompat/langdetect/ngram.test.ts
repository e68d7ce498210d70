import { createHash } from "node:crypto";
import { test } from "node:test";
import assert from "node:assert/strict";
import { normalizeChar, prepareText } from "../../../src/pycompat/langdetect/ngram.js";
import { profiles, SKIP_NO_PROFILES } from "./data.js";

const sha256 = (s: string): string => createHash("sha256").update(s).digest("hex");

test("normalizeChar equals langdetect NGram.normalize on every code point", { skip: SKIP_NO_PROFILES }, () => {
  // Python: sha256("\n".join("%x:%x" % (cp, ord(n)) for every cp in 0..0x10FFFF
  //         with n = NGram.normalize(chr(cp)) != chr(cp)))  -> 18282 lines
  const { tables } = profiles();
  const lines: string[] = [];
  for (let cp = 0; cp < 0x110000; cp++) {
    const n = normalizeChar(cp, tables);
    if (n !== cp) lines.push(`${cp.toString(16)}:${n.toString(16)}`);
  }
  assert.equal(lines.length, 18282);
  assert.equal(sha256(lines.join("\n")), "01bf57a4a2958dbee4d1a803e0c99aa38a74d2b38931b864b1e916262e349d2c");
});

test("prepareText: URL/e-mail removal, Vietnamese folding, space collapsing, 10000 code point cut", { skip: SKIP_NO_PROFILES }, () => {
  const { tables } = profiles();
  const str = (cps: number[]): string => String.fromCodePoint(...cps);
  assert.equal(str(prepareText("see https://a.b/c?d=1 and x.y@z.com now", tables)), "see and now");
  assert.equal(str(prepareText("Vie\u0323\u0302t  \u00ea\u0301", tables)), "Vi\u1eb9\u0302t \u1ebf");
  assert.equal(prepareText("a".repeat(10005), tables).length, 10000);
  assert.equal(prepareText("😀".repeat(10005), tables).length, 10000, "counts code points, not UTF-16 units");
  // mostly non-Latin text drops its Latin letters (A-z, including [\]^_`)
  assert.equal(str(prepareText("Привет мир ok_", tables)), "Привет мир ");
  // Latin Extended Additional counts as non-Latin too (langdetect 1.0.9 quirk)
  assert.equal(str(prepareText("ab ạạạạạ", tables)), " ạạạạạ");
});
