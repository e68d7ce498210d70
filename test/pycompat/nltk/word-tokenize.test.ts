import { test } from "node:test";
import assert from "node:assert/strict";
import { treebankTokenize, wordTokenize } from "../../../src/pycompat/nltk/word-tokenize.js";
import { englishPunkt, SKIP_NO_PUNKT } from "./nltk-data.js";

// Expected tokens come from NLTK 3.8 (Debian python3-nltk 3.8-1) with punkt english:
// nltk.word_tokenize(text).
const WORD_CASES: Array<[string, string[]]> = [
  ["I DON'T like it. I'M here and NASA's rover can't stop, gonna win.", ["I", "DO", "N'T", "like", "it", ".", "I", "'M", "here", "and", "NASA", "'s", "rover", "ca", "n't", "stop", ",", "gon", "na", "win", "."]],
  ["She said \"hello\" and 'bye'. “Smart quotes” and ‘single’.", ["She", "said", "``", "hello", "''", "and", "'bye", "'", ".", "“", "Smart", "quotes", "”", "and", "‘", "single", "’", "."]],
  ["A well-known state-of-the-art model. The U.S.A. is big.", ["A", "well-known", "state-of-the-art", "model", ".", "The", "U.S.A.", "is", "big", "."]],
  ["COVID-19 cases rose by 1,234,567 (about 3.5%) in 2020...", ["COVID-19", "cases", "rose", "by", "1,234,567", "(", "about", "3.5", "%", ")", "in", "2020", "..."]],
  ["Visit https://example.com/a?b=c&d=e or mail me@x.org!", ["Visit", "https", ":", "//example.com/a", "?", "b=c", "&", "d=e", "or", "mail", "me", "@", "x.org", "!"]],
  ["Wait... what?! Ok -- fine; done: yes.", ["Wait", "...", "what", "?", "!", "Ok", "--", "fine", ";", "done", ":", "yes", "."]],
  ["Gimme that, lemme see. Wanna go? 'Tis true, 'twas fun. Cannot, d'ye?", ["Gim", "me", "that", ",", "lem", "me", "see", ".", "Wan", "na", "go", "?", "'T", "is", "true", ",", "'t", "was", "fun", ".", "Can", "not", ",", "d", "'ye", "?"]],
  ["They'll go, we've been, you're right, he'd stay, it's O'Neil's.", ["They", "'ll", "go", ",", "we", "'ve", "been", ",", "you", "'re", "right", ",", "he", "'d", "stay", ",", "it", "'s", "O'Neil", "'s", "."]],
  ["Emoji 😀 test 🎉! Non-Latin: Привет, мир. 你好，世界。", ["Emoji", "😀", "test", "🎉", "!", "Non-Latin", ":", "Привет", ",", "мир", ".", "你好，世界。"]],
  ["Price is $5.00, and #hashtag @user * star {curly} <angle> [square].", ["Price", "is", "$", "5.00", ",", "and", "#", "hashtag", "@", "user", "*", "star", "{", "curly", "}", "<", "angle", ">", "[", "square", "]", "."]],
  ["Ends with period inside quote.\" Then 'single.'", ["Ends", "with", "period", "inside", "quote", ".", "''", "Then", "'single", ".", "'"]],
  ["Multi\nline\ttext with\u00a0nbsp. Second sentence here.", ["Multi", "line", "text", "with", "nbsp", ".", "Second", "sentence", "here", "."]],
  ["``Already quoted'' text and ''double single''.", ["``", "Already", "quoted", "''", "text", "and", "``", "double", "single", "''", "."]],
  ["Numbers: 3,5 and 1:30 and a,b and x:y.", ["Numbers", ":", "3,5", "and", "1:30", "and", "a", ",", "b", "and", "x", ":", "y", "."]],
  ["ALL CAPS SENTENCE HERE. MORE CAPS!", ["ALL", "CAPS", "SENTENCE", "HERE", ".", "MORE", "CAPS", "!"]],
  ["'Hello,' he said. 'rew 'em 'll", ["'Hello", ",", "'", "he", "said", ".", "'rew", "'em", "'ll"]],
];

// Expected tokens come from NLTK 3.8: nltk.tokenize.NLTKWordTokenizer().tokenize(text)
// (no sentence split). They pin Python-regex details: Unicode \w and \b, IGNORECASE
// folds (ſ matches s, İ matches i), Python whitespace (NBSP yes, U+200B no), `$`, "\r".
const TREEBANK_CASES: Array<[string, string[]]> = [
  ["hello,\n", ["hello", ","]],
  ["end.\n", ["end", "."]],
  ["x '𝐀 y", ["x", "'", "𝐀", "y"]],
  ["the 'ſo' case", ["the", "'ſo", "'", "case"]],
  ["He said 'TİS true", ["He", "said", "'T", "İS", "true"]],
  ["décannot and cannot", ["décannot", "and", "can", "not"]],
  ["wanna\u00a0go wanna\u200bgo", ["wan", "na", "go", "wanna\u200bgo"]],
  ["CANNOT 'TWAS 'twas", ["CAN", "NOT", "'T", "WAS", "'t", "was"]],
  ["\"Quote\" start", ["``", "Quote", "''", "start"]],
  ["a\rb,\r", ["a", "b", ","]],
];

test("wordTokenize equals nltk.word_tokenize on hand-written cases", { skip: SKIP_NO_PUNKT }, () => {
  const punkt = englishPunkt();
  for (const [text, expected] of WORD_CASES) {
    assert.deepEqual(wordTokenize(text, punkt), expected, `text ${JSON.stringify(text)}`);
  }
});

test("treebankTokenize equals NLTKWordTokenizer.tokenize on Unicode/regex edge cases", () => {
  for (const [text, expected] of TREEBANK_CASES) {
    assert.deepEqual(treebankTokenize(text), expected, `text ${JSON.stringify(text)}`);
  }
});

test("wordTokenize of empty and blank text is empty", { skip: SKIP_NO_PUNKT }, () => {
  const punkt = englishPunkt();
  assert.deepEqual(wordTokenize("", punkt), []);
  assert.deepEqual(wordTokenize(" \n\t ", punkt), []);
});
