// Kill the CLI mid-run (SIGKILL), rerun the same command: it completes and sends only the requests
// whose answers were not yet in the response store.
import { test } from "node:test";
import assert from "node:assert/strict";
import { existsSync, mkdtempSync, readFileSync, readdirSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { startFakeServer } from "../fakes/fake-server.js";
import { DATA_DIR, IFEVAL_GPT4_INPUTS, ifevalGpt4Answers } from "../fakes/replay.js";
import { exitOf, spawnCli } from "../fakes/spawn-cli.js";

const LIMIT = 80;

function storedKeys(cacheDir: string): Set<string> {
  const dir = join(cacheDir, "responses");
  const keys = new Set<string>();
  if (!existsSync(dir)) return keys;
  for (const f of readdirSync(dir)) {
    for (const line of readFileSync(join(dir, f), "utf8").split("\n")) {
      try {
        keys.add((JSON.parse(line) as { key: string }).key);
      } catch {
        // a torn last line
      }
    }
  }
  return keys;
}

test("SIGKILL mid-run, rerun: completes, sending only the missing requests", async () => {
  const answers = ifevalGpt4Answers();
  const server = await startFakeServer({ modelId: "org/kill-test", slots: 4, latencyMs: 40, answer: (req) => answers.get(req.prompt) ?? "" });
  const work = mkdtempSync(join(tmpdir(), "wb-kill-"));
  const env = { WORKBENCH_CACHE_DIR: join(work, "cache"), WORKBENCH_DATA_DIR: DATA_DIR };
  const args = ["eval", "--port", String(server.port), "--benchmark", "ifeval", "--ifeval-input", IFEVAL_GPT4_INPUTS, "--limit", String(LIMIT), "--out", join(work, "out")];
  try {
    const child = spawnCli(args, env);
    const exited = exitOf(child);
    while (server.stats.ok < 25) {
      if (child.exitCode !== null) assert.fail(`the CLI ended before it could be killed: ${(await exited).stderr}`);
      await new Promise((r) => setTimeout(r, 10));
    }
    child.kill("SIGKILL");
    const first = await exited;
    assert.equal(first.signal, "SIGKILL");
    assert.equal(existsSync(join(work, "out")), false, "no result file from the killed run");
    await new Promise((r) => setTimeout(r, 150)); // let the server finish with the dead connections
    const kept = storedKeys(env.WORKBENCH_CACHE_DIR).size;
    assert.ok(kept >= 20 && kept < LIMIT, `kept ${kept} answers`);

    const okBefore = server.stats.ok;
    const second = await exitOf(spawnCli(args, env));
    assert.equal(second.code, 0, second.stderr);
    assert.equal(server.stats.ok - okBefore, LIMIT - kept, "only the missing requests were sent");
    assert.equal(storedKeys(env.WORKBENCH_CACHE_DIR).size, LIMIT);
    const files = readdirSync(join(work, "out"));
    const result = JSON.parse(readFileSync(join(work, "out", files.find((f) => f.endsWith("_ifeval.json"))!), "utf8")) as {
      benchmarks: { ifeval: { usage: { requests: number; cached: number }; items: Array<{ id: string; scores: Record<string, boolean> }> } };
    };
    const b = result.benchmarks.ifeval;
    assert.deepEqual([b.usage.requests, b.usage.cached], [LIMIT - kept, kept]);
    // Same verdicts as the reference scorer's golden file for these prompts.
    const golden = readFileSync(join(DATA_DIR, "ifeval", "golden", "input_response_data_gpt4_20231107_145030_strict.jsonl"), "utf8")
      .trim()
      .split("\n")
      .slice(0, LIMIT)
      .map((l) => JSON.parse(l) as { follow_all_instructions: boolean });
    assert.deepEqual(b.items.map((i) => i.scores.prompt_level_strict), golden.map((g) => g.follow_all_instructions));
  } finally {
    await server.close();
  }
});
