import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { createServer, type Server } from "node:http";
import { mkdtempSync, mkdirSync, writeFileSync, readFileSync, existsSync, readdirSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { deflateRawSync } from "node:zlib";
import { resolveAsset, resolveAssetFile, AssetError } from "../../src/assets/resolve.js";
import type { AssetDef } from "../../src/assets/catalog.js";
import { sha256Hex } from "../../src/util/hash.js";

const PAYLOAD = Buffer.from('{"task_id": "t/0"}\n');
const TEXT = Buffer.from("dr\nmr\n");
let server: Server;
let base = "";
const hits: string[] = [];

/** A zip with one deflated member, built by hand (local header + central directory + EOCD). */
function makeZip(name: string, data: Buffer): Buffer {
  const comp = deflateRawSync(data);
  const nameBuf = Buffer.from(name);
  const local = Buffer.alloc(30);
  local.writeUInt32LE(0x04034b50, 0);
  local.writeUInt16LE(20, 4);
  local.writeUInt16LE(8, 8);
  local.writeUInt32LE(comp.length, 18);
  local.writeUInt32LE(data.length, 22);
  local.writeUInt16LE(nameBuf.length, 26);
  const central = Buffer.alloc(46);
  central.writeUInt32LE(0x02014b50, 0);
  central.writeUInt16LE(8, 10);
  central.writeUInt32LE(comp.length, 20);
  central.writeUInt32LE(data.length, 24);
  central.writeUInt16LE(nameBuf.length, 28);
  central.writeUInt32LE(0, 42);
  const cdOffset = local.length + nameBuf.length + comp.length;
  const eocd = Buffer.alloc(22);
  eocd.writeUInt32LE(0x06054b50, 0);
  eocd.writeUInt16LE(1, 8);
  eocd.writeUInt16LE(1, 10);
  eocd.writeUInt32LE(central.length + nameBuf.length, 12);
  eocd.writeUInt32LE(cdOffset, 16);
  return Buffer.concat([local, nameBuf, comp, central, nameBuf, eocd]);
}

before(async () => {
  const zip = makeZip("pack/english/abbrev.txt", TEXT);
  server = createServer((req, res) => {
    hits.push(req.url ?? "");
    if (req.url === "/data.jsonl") res.end(PAYLOAD);
    else if (req.url === "/pack.zip") res.end(zip);
    else if (req.url === "/tampered.jsonl") res.end(Buffer.from("evil\n"));
    else {
      res.statusCode = 404;
      res.end("nope");
    }
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  const addr = server.address();
  base = `http://127.0.0.1:${typeof addr === "object" && addr ? addr.port : 0}`;
});
after(() => server.close());

function def(files: AssetDef["files"]): AssetDef {
  return { name: "toy", dataset: "toyset", description: "test asset", files };
}

test("data dir wins over cache and download", async () => {
  const dataDir = mkdtempSync(join(tmpdir(), "wb-data-"));
  const cacheDir = mkdtempSync(join(tmpdir(), "wb-cache-"));
  mkdirSync(join(dataDir, "toyset"), { recursive: true });
  writeFileSync(join(dataDir, "toyset", "data.jsonl"), "local\n");
  const before = hits.length;
  const a = await resolveAsset(def([{ path: "data.jsonl", url: `${base}/data.jsonl` }]), { dataDir, cacheDir });
  assert.equal(readFileSync(a.path("data.jsonl"), "utf8"), "local\n");
  assert.equal(a.sources["data.jsonl"], "data-dir");
  assert.equal(hits.length, before, "no download when the data dir has the file");
});

test("downloads into the cache, verifies sha256, then serves from the cache", async () => {
  const cacheDir = mkdtempSync(join(tmpdir(), "wb-cache-"));
  const d = def([{ path: "sub/data.jsonl", url: `${base}/data.jsonl`, sha256: sha256Hex(PAYLOAD) }]);
  const first = await resolveAsset(d, { cacheDir, dataDir: mkdtempSync(join(tmpdir(), "wb-empty-")) });
  assert.equal(first.sources["sub/data.jsonl"], "download");
  assert.equal(first.path("sub/data.jsonl"), join(cacheDir, "toyset", "sub", "data.jsonl"));
  assert.deepEqual(readFileSync(first.path("sub/data.jsonl")), PAYLOAD);
  const n = hits.length;
  const second = await resolveAsset(d, { cacheDir });
  assert.equal(second.sources["sub/data.jsonl"], "cache");
  assert.equal(hits.length, n, "second resolve does not download again");
});

test("extracts a member of a zip archive", async () => {
  const cacheDir = mkdtempSync(join(tmpdir(), "wb-cache-"));
  const a = await resolveAsset(def([{ path: "english/abbrev.txt", url: `${base}/pack.zip`, zipMember: "pack/english/abbrev.txt" }]), { cacheDir });
  assert.deepEqual(readFileSync(a.path("english/abbrev.txt")), TEXT);
});

test("checksum mismatch: clear error naming asset, URL and manual placement; nothing saved", async () => {
  const cacheDir = mkdtempSync(join(tmpdir(), "wb-cache-"));
  const url = `${base}/tampered.jsonl`;
  await assert.rejects(
    resolveAsset(def([{ path: "data.jsonl", url, sha256: sha256Hex(PAYLOAD) }]), { cacheDir }),
    (err: Error) => {
      assert.ok(err instanceof AssetError);
      assert.match(err.message, /asset 'toy'/);
      assert.match(err.message, /checksum mismatch/);
      assert.ok(err.message.includes(url));
      assert.ok(err.message.includes(join(cacheDir, "toyset", "data.jsonl")), "says where to place the file by hand");
      return true;
    },
  );
  assert.equal(existsSync(join(cacheDir, "toyset", "data.jsonl")), false);
  const left = existsSync(join(cacheDir, "toyset")) ? readdirSync(join(cacheDir, "toyset")) : [];
  assert.deepEqual(left, [], "no temp file left behind");
});

test("offline (connection refused) and HTTP errors give one clear error", async () => {
  const cacheDir = mkdtempSync(join(tmpdir(), "wb-cache-"));
  const dead = "http://127.0.0.1:9/x.jsonl";
  await assert.rejects(resolveAsset(def([{ path: "x.jsonl", url: dead }]), { cacheDir }), (err: Error) => {
    assert.match(err.message, /could not download http:\/\/127\.0\.0\.1:9\/x\.jsonl/);
    assert.match(err.message, /place the file by hand/);
    assert.doesNotMatch(err.message, /\n/);
    return true;
  });
  await assert.rejects(resolveAsset(def([{ path: "y.jsonl", url: `${base}/missing` }]), { cacheDir }), /HTTP 404/);
  await assert.rejects(resolveAsset(def([{ path: "z.jsonl", url: `${base}/data.jsonl` }]), { cacheDir, offline: true }), /downloads are off/);
});

test("WORKBENCH_DATA_DIR resolves the shared datasets by name", async (t) => {
  const dir = process.env.WORKBENCH_DATA_DIR;
  if (!dir) return t.skip("WORKBENCH_DATA_DIR not set");
  const p = await resolveAssetFile("humaneval", "HumanEval.jsonl.gz", { offline: true });
  assert.equal(sha256Hex(readFileSync(p)), "b796127e635a67f93fb35c04f4cb03cf06f38c8072ee7cee8833d7bee06979ef");
  await assert.rejects(resolveAssetFile("humaneval", "nope.jsonl"), /has no file 'nope.jsonl'/);
});
