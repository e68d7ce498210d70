// Text from result files and servers reaches the terminal without control characters, and a
// result file's samples_file cannot point outside the result's folder.
import { test } from "node:test";
import assert from "node:assert/strict";
import { mkdirSync } from "node:fs";
import { join } from "node:path";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { runCommand } from "../../src/cli/command.js";
import compare from "../../src/cli/commands/compare.js";
import evalCommand from "../../src/cli/commands/eval.js";
import { readSamplesLog } from "../../src/compare/samples-log.js";
import { printable } from "../../src/util/printable.js";
import { capture, ifevalItems, makeDoc, tempDir, writeDoc, writeSamples } from "./helpers.js";

const dir = tempDir();
const EVIL = "evil\x1b]0;pwned\x07\x1b[2J\x9b31m\u202ereversed";

test("printable removes ESC/BEL/C1/bidi overrides, keeps text, newlines only when asked", () => {
  assert.equal(printable(EVIL, { oneLine: true }), "evil]0;pwned[2J31mreversed");
  assert.equal(printable("a\nb\tc\r\n"), "a\nb\tc\n");
  assert.equal(printable("a\nb", { oneLine: true }), "a b");
});

test("compare: a model id with escape sequences is printed without them", async () => {
  const items = ifevalItems(50, 1);
  const a = writeDoc(dir, "a.json", makeDoc({ ifeval: { items } }, { repo_id: `org/${EVIL}` }));
  const b = writeDoc(dir, "b.json", makeDoc({ ifeval: { items } }, { repo_id: "org/plain" }));
  const out = capture();
  const err = capture();
  const code = await runCommand(compare, [a, b, "--resamples", "200"], { stdout: out.stream, stderr: err.stream } as never);
  assert.equal(code, 0, err.text());
  assert.match(out.text(), /org\/evil\]0;pwned/);
  assert.doesNotMatch(out.text() + err.text(), /[\x00-\x08\x0b-\x1f\x7f-\x9f\u202e]/);
});

test("eval: an error body with escape sequences is printed without them", async () => {
  const server = createServer((req, res) => {
    req.resume();
    res.writeHead(req.url === "/v1/models" ? 500 : 404, { "content-type": "text/plain" });
    res.end(EVIL);
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  try {
    const out = capture();
    const err = capture();
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    const code = await runCommand(evalCommand, ["--base-url", url, "--benchmark", "gsm8k", "--limit", "2", "--out", join(dir, "evals")], { stdout: out.stream, stderr: err.stream } as never);
    assert.notEqual(code, 0);
    assert.match(err.text(), /evil\]0;pwned/);
    assert.doesNotMatch(err.text(), /[\x00-\x08\x0b-\x1f\x7f-\x9f\u202e]/);
  } finally {
    server.close();
  }
});

test("samples_file: only a file name beside the result is read (no ../, no absolute path)", async () => {
  const inner = join(dir, "runs");
  mkdirSync(inner, { recursive: true });
  const secret = join(dir, "secret.samples.jsonl");
  const line = (response: string) => [{ benchmark: "ifeval", id: "q0", sample: 0, prompt: "p", response, finish_reason: "stop" }];
  writeSamples(dir, "secret.samples.jsonl", line("stolen"));
  writeSamples(inner, "ok.samples.jsonl", line("fine"));
  const wanted = new Set(["ifeval\u0000q0"]);
  for (const bad of ["../secret.samples.jsonl", secret, "sub/ok.samples.jsonl", ".."]) {
    const doc = makeDoc({ ifeval: { items: ifevalItems(2, 1) } }, { samples_file: bad });
    const log = await readSamplesLog(join(inner, "r.json"), doc, wanted);
    assert.equal(log.status, "refused", bad);
    assert.equal(log.texts.size, 0, bad);
  }
  const good = await readSamplesLog(join(inner, "r.json"), makeDoc({ ifeval: { items: ifevalItems(2, 1) } }, { samples_file: "ok.samples.jsonl" }), wanted);
  assert.equal(good.status, "ok");
});
