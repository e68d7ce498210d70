// The response store: append-only JSONL, survives a torn last line, reads back by key.
import { test } from "node:test";
import assert from "node:assert/strict";
import { appendFileSync, mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { ResponseStore, type StoredSample } from "../../src/runner/response-store.js";

function rec(i: number): StoredSample {
  return { v: 1, key: `k${i}`, bench: "b", id: `item${i}`, sample: 0, raw: `answer ${i}\nwith "quotes"`, finish_reason: i % 2 ? "stop" : "length", t: 1 };
}

function tmpFile(): string {
  return join(mkdtempSync(join(tmpdir(), "wb-store-")), "sub", "store.jsonl");
}

test("appended samples are on disk after flush and read back after reopening", async () => {
  const file = tmpFile();
  const s = await ResponseStore.open(file);
  for (let i = 0; i < 50; i++) s.append(rec(i));
  await s.flush();
  assert.equal(readFileSync(file, "utf8").trim().split("\n").length, 50);
  await s.close();
  const again = await ResponseStore.open(file);
  assert.equal(again.loaded, 50);
  assert.equal(again.skipped, 0);
  assert.deepEqual(again.get("k7"), rec(7));
  assert.equal(again.get("k99"), undefined);
  await again.close();
});

test("a torn last line (crash mid-write) is skipped and the next append starts a new line", async () => {
  const file = tmpFile();
  const s = await ResponseStore.open(file);
  s.append(rec(1));
  await s.close();
  appendFileSync(file, JSON.stringify(rec(2)).slice(0, 30));
  const t = await ResponseStore.open(file);
  assert.equal(t.loaded, 1);
  assert.equal(t.skipped, 1);
  t.append(rec(3));
  await t.close();
  const u = await ResponseStore.open(file);
  assert.deepEqual([u.loaded, u.skipped], [2, 1]);
  assert.ok(u.get("k1") && u.get("k3") && !u.get("k2"));
  await u.close();
});

test("read: false (--no-cache) ignores what is stored but still appends", async () => {
  const file = tmpFile();
  const s = await ResponseStore.open(file);
  s.append(rec(1));
  await s.close();
  const n = await ResponseStore.open(file, { read: false });
  assert.equal(n.get("k1"), undefined);
  n.append(rec(2));
  await n.close();
  const all = await ResponseStore.open(file);
  assert.equal(all.loaded, 2);
  await all.close();
});
