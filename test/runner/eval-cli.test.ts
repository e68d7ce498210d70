// `workbench eval` end to end against the fake server: usage errors, the GPT-4 IFEval replay gives
// the golden aggregates and per-prompt verdicts, result files are named, validated and never
// overwritten, reruns come from the store, failed items give exit status 1.
import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { mkdtempSync, readFileSync, readdirSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Writable } from "node:stream";
import { runCommand } from "../../src/cli/command.js";
import evalCommand from "../../src/cli/commands/eval.js";
import { readResultFile } from "../../src/results/result-files.js";
import { localDate } from "../../src/results/result-files.js";
import { startFakeServer, type FakeServer } from "../fakes/fake-server.js";
import { DATA_DIR, IFEVAL_GPT4_GOLDEN, IFEVAL_GPT4_INPUTS, ifevalGpt4Answers } from "../fakes/replay.js";

const work = mkdtempSync(join(tmpdir(), "wb-eval-cli-"));
process.env.WORKBENCH_CACHE_DIR = join(work, "cache");
process.env.WORKBENCH_DATA_DIR = DATA_DIR;

interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

async function cli(argv: string[]): Promise<Run> {
  let stdout = "";
  let stderr = "";
  const sink = (f: (s: string) => void): Writable =>
    new Writable({
      write(chunk: Buffer, _enc, cb) {
        f(chunk.toString());
        cb();
      },
    });
  const io = { stdout: sink((s) => (stdout += s)), stderr: sink((s) => (stderr += s)) } as unknown as { stdout: typeof process.stdout; stderr: typeof process.stderr };
  const code = await runCommand(evalCommand, argv, io);
  return { code, stdout, stderr };
}

let server: FakeServer;
const answers = ifevalGpt4Answers();

before(async () => {
  server = await startFakeServer({
    modelId: "openai/gpt-4-replay",
    answer: (req) => answers.get(req.prompt) ?? "no answer known",
  });
});

after(async () => {
  await server.close();
});

test("usage errors exit 2 with a one-line message", async () => {
  const cases: Array<[string[], RegExp]> = [
    [["--benchmark", "ifeval"], /--model PATH, or --base-url URL \/ --port P/],
    [["--port", "1", "--base-url", "http://x"], /not both/],
    [["--port", "1", "--benchmark", "ifeval", "nope"], /unknown benchmark 'nope' \(known: ifeval, humaneval/],
    [["--port", "1", "--limit", "0"], /--limit: expected an integer from 1/],
    [["--port", "1", "--gen-kwargs", "[1]"], /--gen-kwargs: expected a JSON object/],
    [["--port", "1", "--backend", "grpc"], /--backend: expected one of chat, completions, llamacpp/],
    [["--port", "99999"], /--port: expected an integer from 1 to 65535/],
    [["--port", "1", "--temperature", "hot"], /--temperature: expected a number/],
  ];
  for (const [argv, re] of cases) {
    const r = await cli(argv);
    assert.equal(r.code, 2, argv.join(" "));
    assert.match(r.stderr, re);
  }
});

test("a server that is not there: exit 2 (nothing was run) and a clear message", async () => {
  const dead = await startFakeServer({ answer: () => "" });
  const port = String(dead.port);
  await dead.close();
  const r = await cli(["--port", port, "--benchmark", "ifeval", "--out", join(work, "none")]);
  assert.equal(r.code, 2);
  assert.match(r.stderr, /cannot reach the server at http:\/\/127\.0\.0\.1:\d+/);
});

test("GPT-4 IFEval replay: golden aggregates and verdicts, seed-compatible file, rerun from the store", async () => {
  const out = join(work, "golden");
  const argv = ["--port", String(server.port), "--benchmark", "ifeval", "--ifeval-input", IFEVAL_GPT4_INPUTS, "--out", out, "--concurrency", "16"];
  const r = await cli([...argv, "--json"]);
  assert.equal(r.code, 0, r.stderr);
  const files = readdirSync(out).sort();
  const stem = `${localDate(new Date())}_openai_gpt-4-replay_ifeval`;
  assert.deepEqual(files, [`${stem}.json`, `${stem}.samples.jsonl`]);
  const firstText = readFileSync(join(out, `${stem}.json`), "utf8");
  const doc = readResultFile(join(out, `${stem}.json`));
  const { result_file: printedPath, ...printed } = JSON.parse(r.stdout) as Record<string, unknown>;
  assert.deepEqual(printed, doc, "--json prints the document written");
  assert.equal(printedPath, join(out, `${stem}.json`), "and the path it was written to");
  const b = doc.benchmarks.ifeval!;
  for (const [k, v] of Object.entries(IFEVAL_GPT4_GOLDEN)) assert.ok(Math.abs(b.metrics[k]! - v) < 0.00005, `${k}: ${b.metrics[k]} vs ${v}`);
  assert.equal(b.overall_score, b.metrics.prompt_level_strict);
  assert.equal(b.questions, 541);
  assert.equal(doc.repo_id, "openai/gpt-4-replay");
  assert.equal(doc.model_path, null);
  assert.equal(doc.model_format, "unknown");
  assert.equal(doc.settings.backend, "chat");
  assert.equal(doc.settings.concurrency, 16);
  assert.equal(b.generation.max_tokens, 1280);
  assert.equal(b.generation.temperature, 0);
  assert.equal(b.usage.requests, 541);
  assert.equal(b.usage.errors, 0);
  assert.match(Object.values(b.dataset.sha256)[0]!, /^[0-9a-f]{64}$/);
  // Per prompt, the verdicts equal the reference scorer's golden files.
  const golden = (mode: string): Map<string, { follow_all_instructions: boolean; follow_instruction_list: boolean[] }> =>
    new Map(
      readFileSync(join(DATA_DIR, "ifeval", "golden", `input_response_data_gpt4_20231107_145030_${mode}.jsonl`), "utf8")
        .trim()
        .split("\n")
        .map((l) => JSON.parse(l) as { key: number; follow_all_instructions: boolean; follow_instruction_list: boolean[] })
        .map((g) => [String(g.key), g]),
    );
  const strict = golden("strict");
  const loose = golden("loose");
  for (const item of b.items) {
    assert.equal(item.scores.prompt_level_strict, strict.get(item.id)!.follow_all_instructions, item.id);
    assert.deepEqual(item.units!.inst_level_strict, strict.get(item.id)!.follow_instruction_list, item.id);
    assert.equal(item.scores.prompt_level_loose, loose.get(item.id)!.follow_all_instructions, item.id);
    assert.deepEqual(item.units!.inst_level_loose, loose.get(item.id)!.follow_instruction_list, item.id);
    assert.equal(item.unit_labels!.length, item.units!.inst_level_strict!.length);
  }
  const lines = readFileSync(join(out, `${stem}.samples.jsonl`), "utf8").trim().split("\n").map((l) => JSON.parse(l) as Record<string, unknown>);
  assert.equal(lines.length, 541);
  assert.equal(lines[0]!.response, answers.get(lines[0]!.prompt as string));
  assert.equal(doc.samples_file, `${stem}.samples.jsonl`);

  // Again (on the first 100 prompts, to keep the test short): answered from the store, a new file beside the first.
  const sent = server.stats.requests;
  const again = await cli([...argv, "--limit", "100"]);
  assert.equal(again.code, 0, again.stderr);
  assert.equal(server.stats.requests, sent, "no request sent on rerun");
  assert.match(again.stdout, /wrote .*_ifeval_2\.json/);
  assert.match(again.stdout, /^\| (ifeval)? +\| prompt_level_strict +\| 0\.\d{4} \|/m);
  const doc2 = readResultFile(join(out, `${stem}_2.json`));
  assert.deepEqual([doc2.benchmarks.ifeval!.usage.cached, doc2.benchmarks.ifeval!.usage.requests], [100, 0]);
  assert.deepEqual(doc2.benchmarks.ifeval!.items, b.items.slice(0, 100));
  assert.equal(readFileSync(join(out, `${stem}.json`), "utf8"), firstText, "the first file is untouched");
});

test("items whose request fails: recorded as errors, results still written, exit 1", async () => {
  const out = join(work, "errors");
  server.setFault((_n, req) => (req.prompt.startsWith("Write a 300+ word summary") ? { type: "status", status: 400, body: "bad prompt" } : undefined));
  const r = await cli(["--port", String(server.port), "--benchmark", "ifeval", "--ifeval-input", IFEVAL_GPT4_INPUTS, "--limit", "3", "--out", out, "--json", "--no-cache"]);
  server.setFault(undefined);
  assert.equal(r.code, 1);
  const doc = JSON.parse(r.stdout) as { benchmarks: { ifeval: { items: Array<{ id: string; error?: string }>; usage: { errors: number }; questions: number } } };
  const b = doc.benchmarks.ifeval;
  assert.equal(b.questions, 3);
  assert.equal(b.usage.errors, 1, "the 'Write a 300+ word summary' prompt (key 1000) is refused with 400");
  assert.match(b.items[0]!.error!, /HTTP 400: .*bad prompt/);
  assert.equal(b.items.filter((i) => i.error).length, 1);
  assert.match(r.stderr, /1 item\(s\) failed/);
});

test("llama.cpp native backend: raw prompts to /completion, concurrency from the /props slot count", async () => {
  const llama = await startFakeServer({ modelId: "/models/Some-Model-Q4_K_M.gguf", slots: 3, latencyMs: 20, answer: (req) => answers.get(req.prompt) ?? "" });
  try {
    const r = await cli(["--port", String(llama.port), "--backend", "llamacpp", "--benchmark", "ifeval", "--ifeval-input", IFEVAL_GPT4_INPUTS, "--limit", "6", "--out", join(work, "llama"), "--json"]);
    assert.equal(r.code, 0, r.stderr);
    const doc = JSON.parse(r.stdout) as { repo_id: string; settings: { backend: string; concurrency: number }; server: { slots: number }; benchmarks: { ifeval: { usage: { requests: number }; generation: { mode: string } } } };
    assert.equal(doc.repo_id, "Some-Model-Q4_K_M");
    assert.deepEqual([doc.settings.backend, doc.settings.concurrency, doc.server.slots], ["llamacpp", 3, 3]);
    assert.equal(doc.benchmarks.ifeval.generation.mode, "completion");
    assert.equal(doc.benchmarks.ifeval.usage.requests, 6);
    assert.equal(llama.stats.maxInflight, 3);
    assert.match(readdirSync(join(work, "llama"))[0]!, /_Some-Model-Q4_K_M_ifeval\.json$/);
  } finally {
    await llama.close();
  }
});
