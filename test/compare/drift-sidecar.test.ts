import { test } from "node:test";
import assert from "node:assert/strict";
import { mkdtempSync, rmSync, writeFileSync, readdirSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { SidecarWriter, openSidecar, tokenIdsSha256, recordBytes, type SidecarHeader, type SidecarStorage } from "../../src/results/distributions.js";
import { quantizeLogprobs } from "../../src/compare/token-drift.js";
import { computeDrift } from "../../src/compare/drift.js";

const V = 7;
const CTX = 8;
const FIRST = 4;
const PER = CTX - 1 - FIRST;

function header(storage: SidecarStorage, tokens: Int32Array, nChunks: number, k: number | null = null): SidecarHeader {
  return { format: "workbench-perplexity-sidecar", version: 1, storage, vocab_size: V, top_k: k, ctx: CTX, first: FIRST, n_chunks: nChunks, per_chunk: PER, bos: 1, tokenizer_fingerprint: "f", token_ids_sha256: tokenIdsSha256(tokens) };
}

function rows(nChunks: number, shift: number): Float32Array[] {
  return Array.from({ length: nChunks }, (_, c) => {
    const a = new Float32Array(PER * V);
    for (let r = 0; r < PER; r++) {
      const x = Array.from({ length: V }, (_, i) => Math.sin(1 + i * 1.7 + r * 0.3 + c + shift) * 4);
      const m = Math.max(...x);
      const lse = m + Math.log(x.reduce((s, v) => s + Math.exp(v - m), 0));
      x.forEach((v, i) => (a[r * V + i] = v - lse));
    }
    return a;
  });
}

function writeFull(path: string, storage: "f32" | "u16", tokens: Int32Array, data: Float32Array[]): void {
  const w = new SidecarWriter(path, header(storage, tokens, data.length), tokens);
  for (const d of data) w.writeFullChunk(d, quantizeLogprobs);
  w.finish();
}

test("sidecar round trip: f32 rows exact, u16 rows within one step (llama's base encoding), top-K rows exact; sizes as documented", () => {
  const dir = mkdtempSync(join(tmpdir(), "wb-sc-"));
  try {
    const tokens = Int32Array.from({ length: 3 * CTX }, (_, i) => (i * 5) % V);
    const data = rows(3, 0);
    writeFull(join(dir, "a.f32"), "f32", tokens, data);
    writeFull(join(dir, "a.u16"), "u16", tokens, data);
    const f = openSidecar(join(dir, "a.f32"));
    assert.deepEqual(f.tokens, tokens);
    let c = 0;
    for (const ch of f.chunks()) {
      assert.equal(ch.storage, "f32");
      if (ch.storage === "f32") assert.deepEqual(ch.logprobs, data[c]);
      c++;
    }
    assert.equal(c, 3);
    f.close();
    const u = openSidecar(join(dir, "a.u16"));
    c = 0;
    for (const ch of u.chunks()) {
      if (ch.storage !== "u16") throw new Error("expected u16");
      for (let r = 0; r < PER; r++) {
        const q = ch.row(r);
        for (let i = 0; i < V; i++) {
          const orig = Math.max(data[c]![r * V + i]!, Math.max(...data[c]!.subarray(r * V, (r + 1) * V)) - 16);
          assert.ok(Math.abs(q.scale * q.codes[i]! + q.minLogprob - orig) <= q.scale, `chunk ${c} row ${r} token ${i}`);
        }
      }
      c++;
    }
    u.close();
    assert.equal(recordBytes({ storage: "u16", vocab_size: 512, top_k: null }), 1032, "like llama's base file: 2 floats + 512 u16");
    const k = 3;
    const w = new SidecarWriter(join(dir, "a.topk"), header("topk", tokens, 3, k), tokens);
    const ids = Int32Array.from({ length: PER * k }, (_, i) => i % V);
    const lps = Float32Array.from({ length: PER * k }, (_, i) => -i / 10);
    for (let j = 0; j < 3; j++) w.writeTopKChunk(Float32Array.from({ length: PER }, (_, r) => -r - j), ids, lps);
    w.finish();
    const t = openSidecar(join(dir, "a.topk"));
    let j = 0;
    for (const ch of t.chunks()) {
      if (ch.storage !== "topk") throw new Error("expected topk");
      assert.deepEqual(ch.ids, ids);
      assert.deepEqual(ch.logprobs, lps);
      assert.deepEqual(Array.from(ch.actual), Array.from({ length: PER }, (_, r) => -r - j));
      j++;
    }
    t.close();
    assert.throws(() => writeFull(join(dir, "a.f32"), "f32", tokens, data), /EEXIST/, "never overwrites");
    assert.deepEqual(readdirSync(dir).filter((n) => n.endsWith(".tmp")), [], "no temporary left behind");
    writeFileSync(join(dir, "trunc"), Buffer.from("WBPPLSC1"));
    assert.throws(() => openSidecar(join(dir, "trunc")), /not a perplexity sidecar|truncated/);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test("drift: a run against itself has zero KL and full top agreement; differing token ids are refused at the first differing position", () => {
  const dir = mkdtempSync(join(tmpdir(), "wb-sc-"));
  try {
    const tokens = Int32Array.from({ length: 4 * CTX }, (_, i) => (i * 3) % V);
    writeFull(join(dir, "base"), "f32", tokens, rows(4, 0));
    writeFull(join(dir, "same"), "f32", tokens, rows(4, 0));
    writeFull(join(dir, "cand"), "f32", tokens, rows(4, 0.5));
    const self = computeDrift(join(dir, "base"), join(dir, "same"), { bootstrapResamples: 100 });
    assert.equal(self.exact, true);
    assert.equal(self.tokens_scored, 4 * PER);
    assert.ok(Math.abs(self.mean_kld) < 1.3e-4, `self KL ${self.mean_kld}: only the 16-bit base rounding (half a step, 16 / 65535 / 2 = 1.2e-4)`);
    assert.equal(self.same_top_p, 1);
    const d = computeDrift(join(dir, "base"), join(dir, "cand"), { bootstrapResamples: 100 });
    assert.ok(d.mean_kld > 0.01, String(d.mean_kld));
    assert.ok(d.bootstrap.mean_kld.lo <= d.mean_kld && d.mean_kld <= d.bootstrap.mean_kld.hi);
    const other = tokens.slice();
    other[19] = (other[19]! + 1) % V;
    writeFull(join(dir, "other"), "f32", other, rows(4, 0));
    assert.throws(() => computeDrift(join(dir, "base"), join(dir, "other")), /token ids differ from the base .* at position 19 \(chunk 2, offset 3\)/);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
