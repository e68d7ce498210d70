// One prompt rule on every engine: a GGUF without a chat template is prompted in completion mode on
// the embedded engine and on llama-server alike, and greedy decoding then gives the same text on
// both (llama-server built by `workbench build-llama` for the CPU variant node-llama-cpp runs, so the
// two share their kernels). Skips, saying why, without a llama-server.
import { test } from "node:test";
import assert from "node:assert/strict";
import { existsSync, mkdtempSync, readdirSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { spawnCli, exitOf } from "../fakes/spawn-cli.js";
import { sharedModel } from "../helpers/data-dir.js";
import { findLlamaTool } from "../../src/target/llama-build.js";

const SERVER = findLlamaTool("llama-server");
const MODEL = sharedModel("stories260K.gguf");
const skip = !SERVER ? "no llama-server: run `workbench build-llama` (or set WORKBENCH_LLAMA_SERVER_BIN)" : !existsSync(MODEL) ? "../shared/models not present" : false;

async function answers(engine: string): Promise<{ doc: any; byId: Map<string, string> }> {
  const out = mkdtempSync(join(tmpdir(), `wb-same-${engine}-`));
  const env = { WORKBENCH_LLAMA_SERVER_BIN: SERVER ?? "", WORKBENCH_CACHE_DIR: mkdtempSync(join(tmpdir(), "wb-cache-")) };
  const r = await exitOf(spawnCli(["eval", "--model", MODEL, "--engine", engine, "--benchmark", "ifeval", "--limit", "10", "--max-tokens", "32", "--concurrency", "1", "--out", out], env));
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stderr, /no chat template: prompting in completion mode/);
  const files = readdirSync(out);
  const doc = JSON.parse(readFileSync(join(out, files.find((f) => /_ifeval\.json$/.test(f))!), "utf8"));
  const lines = readFileSync(join(out, files.find((f) => f.endsWith(".samples.jsonl"))!), "utf8").split("\n").filter(Boolean).map((l) => JSON.parse(l));
  return { doc, byId: new Map(lines.map((l) => [l.id, l.response])) };
}

test("embedded and llama-server: same prompts, same greedy text on stories260K for 10 IFEval prompts", { skip }, async () => {
  const embedded = await answers("embedded");
  const server = await answers("llama-server");
  assert.equal(embedded.doc.benchmarks.ifeval.generation.mode, "completion");
  assert.equal(server.doc.benchmarks.ifeval.generation.mode, "completion");
  assert.equal(server.doc.server.prompt_format, "completion");
  assert.equal(embedded.byId.size, 10);
  const differing = [...embedded.byId].filter(([id, text]) => server.byId.get(id) !== text);
  assert.deepEqual(
    differing.map(([id, text]) => ({ id, embedded: text, server: server.byId.get(id) })),
    [],
    "every answer identical on the two engines",
  );
});
