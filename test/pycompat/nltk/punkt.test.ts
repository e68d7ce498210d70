import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { test } from "node:test";
import assert from "node:assert/strict";
import { loadPunktParams } from "../../../src/pycompat/nltk/punkt-params.js";
import { PunktSentenceTokenizer } from "../../../src/pycompat/nltk/punkt.js";
import { englishPunkt, PUNKT_ENGLISH_DIR, SKIP_NO_PUNKT } from "./nltk-data.js";

// Expected sentences come from NLTK 3.8 punkt english
// (nltk.data.load("nltk:tokenizers/punkt/english.pickle").tokenize(text), Debian python3-nltk 3.8-1).
const CASES: Array<[string, string[]]> = [
  ["Dr. Smith went to Washington. He arrived at 3 p.m. and left.", ["Dr. Smith went to Washington.", "He arrived at 3 p.m. and left."]],
  ["The U.S. economy grew. Prices rose, e.g. for food.", ["The U.S. economy grew.", "Prices rose, e.g.", "for food."]],
  ["J. R. R. Tolkien wrote books. They sold well.", ["J. R. R. Tolkien wrote books.", "They sold well."]],
  ["It happened on 3. May it never happen again. I was born in the 20th c. and I like it.", ["It happened on 3.", "May it never happen again.", "I was born in the 20th c. and I like it."]],
  ["Wait... What happened? I don't know!!! Really.", ["Wait... What happened?", "I don't know!!!", "Really."]],
  ["He said \"Stop.\" Then he left. (This is it.) Next one.", ["He said \"Stop.\"", "Then he left.", "(This is it.)", "Next one."]],
  ["First line\nsecond line without period\n\nNew paragraph. Another sentence.", ["First line\nsecond line without period\n\nNew paragraph.", "Another sentence."]],
  ["I love it 😀. You too 🎉! Great.", ["I love it 😀.", "You too 🎉!", "Great."]],
  ["Это предложение. Это второе предложение. 這是中文。沒有句點", ["Это предложение.", "Это второе предложение.", "這是中文。沒有句點"]],
  ["Hello world.   ", ["Hello world."]],
  ["", []],
  ["   \n  ", []],
  ["Mr. and Mrs. Jones arrived. The St. Louis team won.", ["Mr. and Mrs. Jones arrived.", "The St. Louis team won."]],
  ["We met in Jan. However, it rained.", ["We met in Jan.", "However, it rained."]],
  ["The No. 1 team won. No. It did not.", ["The No.", "1 team won.", "No.", "It did not."]],
  ["Version 2.0 was released. It has bugs.", ["Version 2.0 was released.", "It has bugs."]],
  ["He scored 1,000 pts. in the game. Amazing.", ["He scored 1,000 pts.", "in the game.", "Amazing."]],
  ["'Quoted.' And then. [Bracketed.] Final.", ["'Quoted.'", "And then.", "[Bracketed.]", "Final."]],
  ["Is this it?I think so.Yes.", ["Is this it?I think so.Yes."]],
  ["A. Einstein was a physicist. B. He was smart.", ["A. Einstein was a physicist.", "B.", "He was smart."]],
  ["Ends with a number 42. The next one.", ["Ends with a number 42.", "The next one."]],
  ["See the list:\n1. First item.\n2. Second item.\n3. Third item.", ["See the list:\n1.", "First item.", "2.", "Second item.", "3.", "Third item."]],
  ["This is it.\u00a0Next sentence here. Last\u2029one.", ["This is it.", "Next sentence here.", "Last\u2029one."]],
  ["Look at this -- amazing. Then end.", ["Look at this -- amazing.", "Then end."]],
  ["P.S. I love you. P.P.S. Me too.", ["P.S.", "I love you.", "P.P.S.", "Me too."]],
  ["The etc. Then. Also viz. The end.", ["The etc.", "Then.", "Also viz.", "The end."]],
  ["Hello.\rWorld is here.\r\nNext one.", ["Hello.", "World is here.", "Next one."]],
  ["He left.)\rThen she came.", ["He left.)", "Then she came."]],
  ["Hello.\u200bWorld. Next one.", ["Hello.\u200bWorld.", "Next one."]],
  ["End.\u0085Next one. Then\ufeff. Done.", ["End.", "Next one.", "Then\ufeff.", "Done."]],
  ["It was ٣. May we go? Yes.", ["It was ٣.", "May we go?", "Yes."]],
  ["Ж. Петров пришёл. Он устал.", ["Ж. Петров пришёл.", "Он устал."]],
  ["\"Stop!\" -- he said. Fine.", ["\"Stop!\"", "-- he said.", "Fine."]],
  ["Is it?\" he asked. Yes.", ["Is it?\"", "he asked.", "Yes."]],
  ["Sentence one.\u2028Sentence two. Three.", ["Sentence one.", "Sentence two.", "Three."]],
  ["𝐀. Next thing here. 😀😀. Done.", ["𝐀.", "Next thing here.", "😀😀.", "Done."]],
  ["  Leading space. Trailing.\n\n", ["  Leading space.", "Trailing."]],
  ["Written by 𝐉. Bach today. And J. Bach too.", ["Written by 𝐉. Bach today.", "And J. Bach too."]],
  // NLTK looks for the previous word using ASCII whitespace only, so NBSP joins these two.
  ["Hello!\u00a0World! Again.", ["Hello!\u00a0World!", "Again."]],
  ["Very bad acting!!! I promise.", ["Very bad acting!!!", "I promise."]],
  ["Stop.\u3000Go now. Fine.", ["Stop.", "Go now.", "Fine."]],
];

test("Punkt English: sentences equal NLTK 3.8 on hand-written edge cases", { skip: SKIP_NO_PUNKT }, () => {
  const punkt = englishPunkt();
  for (const [text, expected] of CASES) {
    assert.deepEqual(punkt.tokenize(text), expected, `text ${JSON.stringify(text)}`);
  }
});

test("Punkt spans slice the text into the same sentences", { skip: SKIP_NO_PUNKT }, () => {
  const punkt = englishPunkt();
  for (const [text, expected] of CASES) {
    const spans = punkt.spanTokenize(text);
    assert.deepEqual(
      spans.map(([s, e]) => text.slice(s, e)),
      expected,
    );
    for (let i = 1; i < spans.length; i++) {
      assert.ok((spans[i - 1] as [number, number])[1] <= (spans[i] as [number, number])[0], "spans are ordered and disjoint");
    }
  }
});

test("loadPunktParams reads the English punkt_tab layout", { skip: SKIP_NO_PUNKT }, () => {
  const p = loadPunktParams(PUNKT_ENGLISH_DIR);
  assert.equal(p.abbrevTypes.size, 156);
  assert.ok(p.abbrevTypes.has(". . "), "entry with trailing space is kept");
  assert.ok(p.abbrevTypes.has("u.s"));
  assert.equal([...p.collocations.values()].reduce((n, s) => n + s.size, 0), 37);
  assert.ok(p.collocations.get("##number##")?.has("abreast"));
  assert.equal(p.sentStarters.size, 39);
  assert.equal(p.orthoContext.size, 20366);
  assert.equal(p.orthoContext.get("a"), 126);
});

function writeParamsDir(files: Record<string, string>): string {
  const dir = mkdtempSync(path.join(tmpdir(), "punkt-params-"));
  for (const [name, body] of Object.entries(files)) writeFileSync(path.join(dir, name), body);
  return dir;
}

test("loadPunktParams: small synthetic params drive the tokenizer", () => {
  const dir = writeParamsDir({
    "abbrev_types.txt": "dr\nprof\n",
    "collocations.tab": "##number##\tabreast\n",
    "sent_starters.txt": "however\n",
    "ortho_context.tab": "smith\t4\nhe\t2\n",
  });
  try {
    const p = loadPunktParams(dir);
    assert.deepEqual([...p.abbrevTypes].sort(), ["dr", "prof"]);
    const punkt = new PunktSentenceTokenizer(p);
    // Expected values checked against NLTK 3.8 PunktSentenceTokenizer with the same PunktParameters.
    assert.deepEqual(punkt.tokenize("Dr. Smith is here. He left."), ["Dr. Smith is here.", "He left."]);
    assert.deepEqual(punkt.tokenize("Mr. Smith is here."), ["Mr.", "Smith is here."]);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test("loadPunktParams: missing or malformed files give errors naming the file", () => {
  const complete = {
    "abbrev_types.txt": "dr\n",
    "collocations.tab": "a\tb\n",
    "sent_starters.txt": "the\n",
    "ortho_context.tab": "the\t2\n",
  };
  const { "ortho_context.tab": _omitted, ...withoutOrtho } = complete;
  const cases: Array<[Record<string, string>, RegExp]> = [
    [withoutOrtho, /cannot read ortho_context\.tab .*ENOENT/],
    [{ ...complete, "collocations.tab": "a b\n" }, /collocations\.tab line 1: expected 'word<TAB>word'/],
    [{ ...complete, "ortho_context.tab": "the\t2\nfoo\tbar\n" }, /ortho_context\.tab line 2: expected integer flags/],
    [{ ...complete, "abbrev_types.txt": "\n" }, /abbrev_types\.txt .* no entries/],
  ];
  for (const [files, pattern] of cases) {
    const dir = writeParamsDir(files);
    try {
      assert.throws(() => loadPunktParams(dir), pattern);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }
});
