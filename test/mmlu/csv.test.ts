// The RFC-4180 reader keeps raw strings; on the real MMLU files it must agree with Python's csv module.
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync, readdirSync } from "node:fs";
import path from "node:path";
import { createHash } from "node:crypto";
import { CsvError, parseCsv } from "../../src/benchmarks/shared/csv.js";
import { DATA_DIR } from "../helpers/data-dir.js";

test("quoted fields: embedded commas, doubled quotes, multi-line values, CRLF and LF mixed", () => {
  const text = 'q1,"a, b","say ""hi""",C\r\n"line one\nline two",x,,D\nlast,row,0.,None';
  assert.deepEqual(parseCsv(text), [
    ["q1", "a, b", 'say "hi"', "C"],
    ["line one\nline two", "x", "", "D"],
    ["last", "row", "0.", "None"],
  ]);
});

test("a CRLF inside a quoted field is kept byte for byte; a final line end adds no row", () => {
  assert.deepEqual(parseCsv('"a\r\nb",c\r\n'), [["a\r\nb", "c"]]);
  assert.deepEqual(parseCsv("a\rb\r"), [["a"], ["b"]]);
});

test("values that look like numbers or null stay strings", () => {
  const [row] = parseCsv("0.,140.,1.50,None,-0,1e3,NaN");
  assert.deepEqual(row, ["0.", "140.", "1.50", "None", "-0", "1e3", "NaN"]);
  for (const v of row!) assert.equal(typeof v, "string");
});

test("blank lines give empty rows, a BOM is skipped, trailing empty fields are kept", () => {
  assert.deepEqual(parseCsv("\ufeffa,b\n\nc,\n"), [["a", "b"], [], ["c", ""]]);
});

test("lenient like Python's csv: stray quotes in unquoted fields, text after a closing quote", () => {
  assert.deepEqual(parseCsv('5" ruler,"ab"cd,e'), [['5" ruler', "abcd", "e"]]);
});

test("an unterminated quote is an error naming the source and the line it started on", () => {
  assert.throws(() => parseCsv('a,b\nc,"open\nstill open', "x.csv"), (e: unknown) => e instanceof CsvError && /x\.csv:2: unterminated/.test(e.message));
});

for (const [split, rowsExpected, digest] of [
  ["test", 14042, "dc64ba65aa3e0d32b359f94d9940b3ee6a205b2da3e98ca0433f99abf4faf5d7"],
  ["dev", 285, "c8afb2892f0838f2dea10f4ffbe2caf2be1432dd256275f28acb6a6e46735d11"],
] as const) {
  test(`all 57 MMLU ${split} files parse exactly as Python's csv.reader does`, () => {
    // digest = sha256 over the files in name order of json.dumps(rows, ensure_ascii=False, separators=(",", ":"))
    const dir = path.join(DATA_DIR, "mmlu/data", split);
    const files = readdirSync(dir).filter((f) => f.endsWith(".csv")).sort();
    assert.equal(files.length, 57);
    const h = createHash("sha256");
    let rows = 0;
    let multiLine = 0;
    for (const f of files) {
      const parsed = parseCsv(readFileSync(path.join(dir, f), "utf8"), f);
      rows += parsed.length;
      multiLine += parsed.filter((r) => r.some((v) => v.includes("\n"))).length;
      h.update(JSON.stringify(parsed));
    }
    assert.equal(rows, rowsExpected);
    if (split === "test") assert.equal(multiLine, 1127);
    assert.equal(h.digest("hex"), digest);
  });
}
