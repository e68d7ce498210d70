// Store keys: canonical request JSON + model identity + sample index.
import { test } from "node:test";
import assert from "node:assert/strict";
import { createHash } from "node:crypto";
import { canonicalJson, requestKeyBase, sampleKey } from "../../src/runner/keys.js";

test("canonical JSON sorts keys at every level, keeps array order, drops undefined", () => {
  assert.equal(canonicalJson({ b: 1, a: [{ z: 1, y: undefined, x: "s" }, null], c: { e: true, d: undefined } }), '{"a":[{"x":"s","z":1},null],"b":1,"c":{"e":true}}');
  assert.equal(canonicalJson({ x: 1, y: 2 }), canonicalJson({ y: 2, x: 1 }));
  assert.notEqual(canonicalJson([1, 2]), canonicalJson([2, 1]));
});

test("a key is the sha256 of the request, the model identity and the sample index", () => {
  const req = { path: "/v1/chat/completions", body: { model: "m", messages: [{ role: "user", content: "hi" }], temperature: 0 } };
  const base = requestKeyBase("server|http://h|m|", req);
  const k0 = sampleKey(base, 0);
  assert.match(k0, /^[0-9a-f]{64}$/);
  assert.equal(k0, createHash("sha256").update(base + "\u0000sample=0").digest("hex"));
  assert.equal(sampleKey(requestKeyBase("server|http://h|m|", { body: { temperature: 0, messages: [{ content: "hi", role: "user" }], model: "m" }, path: "/v1/chat/completions" }), 0), k0, "field order does not matter");
  assert.notEqual(sampleKey(base, 1), k0, "each sample has its own key");
  assert.notEqual(sampleKey(requestKeyBase("weights:abc", req), 0), k0, "another model identity, another key");
  assert.notEqual(sampleKey(requestKeyBase("server|http://h|m|", { ...req, body: { ...req.body, temperature: 0.5 } }), 0), k0);
});
