import { test } from "node:test";
import assert from "node:assert/strict";
import { pyJsonDumps } from "../../../src/pycompat/json/dump.js";

test("results rows are written like Python's json.dumps (expected text from Python 3.11)", () => {
  const row = {
    task_id: "HumanEval/0",
    completion: "é\u2603\u{1F600}\x00\x7f\t\"\\",
    n: [1, 2.5, 1e-5, 0.0001, 1e16, 123456789012345.6, -0.5],
    ok: true,
    none: null,
  };
  assert.equal(
    pyJsonDumps(row),
    String.raw`{"task_id": "HumanEval/0", "completion": "\u00e9\u2603\ud83d\ude00\u0000\u007f\t\"\\", "n": [1, 2.5, 1e-05, 0.0001, 1e+16, 123456789012345.6, -0.5], "ok": true, "none": null}`,
  );
  assert.equal(pyJsonDumps({}), "{}");
  assert.equal(pyJsonDumps([]), "[]");
});
