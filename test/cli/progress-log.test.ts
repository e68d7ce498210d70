// Progress without a TTY: eval with stderr going to a file (a log, nohup, CI) appends a plain
// progress line at an interval (30 s by default; WORKBENCH_PROGRESS_INTERVAL_S shortens it here)
// while the run goes on; --quiet silences it.
import { after, test } from "node:test";
import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { closeSync, mkdtempSync, openSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { startFakeServer } from "../fakes/fake-server.js";
import { DATA_DIR } from "../helpers/data-dir.js";
import { runCli } from "./run-cli.js";

const work = mkdtempSync(join(tmpdir(), "wb-progress-"));
after(() => rmSync(work, { recursive: true, force: true }));
const env = { WORKBENCH_CACHE_DIR: join(work, "cache"), WORKBENCH_DATA_DIR: DATA_DIR };
const fromSources = import.meta.url.endsWith(".ts");
const cli = fromSources ? ["--import", "tsx", fileURLToPath(new URL("../fakes/cli-entry.ts", import.meta.url))] : [fileURLToPath(new URL("../../../bin/workbench.js", import.meta.url))];

/** `workbench eval ... 2>log`: stderr is a regular file, as with a shell redirection. */
function evalToLog(args: string[], log: string, extraEnv: Record<string, string>): Promise<number | null> {
  const fd = openSync(log, "w");
  const child = spawn(process.execPath, [...cli, "eval", ...args], { env: { ...process.env, ...env, ...extraEnv }, stdio: ["ignore", "ignore", fd] });
  closeSync(fd);
  return new Promise((resolve) => child.once("exit", (code) => resolve(code)));
}

test("stderr redirected to a file: plain progress lines (items per benchmark, in flight and the limit, tok/s, ETA) during the run", async () => {
  // One slot, 150 ms per answer: 16 items take about 2.5 s, several intervals of 0.5 s.
  const server = await startFakeServer({ modelId: "test/progress", answer: () => "The answer is 42.", latencyMs: 150, slots: 1 });
  try {
    const log = join(work, "log");
    const code = await evalToLog(["--port", String(server.port), "--benchmark", "gsm8k", "--limit", "16", "--out", join(work, "evals")], log, { WORKBENCH_PROGRESS_INTERVAL_S: "0.5" });
    const text = readFileSync(log, "utf8");
    assert.equal(code, 0, text);
    const lines = text.split("\n").filter((l) => l.startsWith("workbench: progress: "));
    assert.ok(lines.length >= 3, `progress lines in the log:\n${text}`);
    for (const l of lines) assert.match(l, /^workbench: progress: gsm8k \d+\/16 · \d+ in flight \(limit 1\) · \d+ tok\/s · ETA \S+$/, "the server's one slot is the fixed limit");
    const done = lines.map((l) => Number(/gsm8k (\d+)\//.exec(l)![1]));
    assert.ok(done.some((d) => d > 0 && d < 16), `a line while the run was under way: ${done.join(", ")}`);
    assert.equal(done.at(-1), 16, "the last line has the final count");
    assert.doesNotMatch(text, /\r|\x1b\[/, "no terminal redraw codes in a file");
  } finally {
    await server.close();
  }
});

test("--quiet: no progress lines; a bad WORKBENCH_PROGRESS_INTERVAL_S is refused", async () => {
  const server = await startFakeServer({ modelId: "test/quiet", answer: () => "42", latencyMs: 150, slots: 1 });
  try {
    const log = join(work, "quiet.log");
    const code = await evalToLog(["--port", String(server.port), "--benchmark", "gsm8k", "--limit", "8", "--quiet", "--out", join(work, "quiet")], log, { WORKBENCH_PROGRESS_INTERVAL_S: "0.2" });
    const text = readFileSync(log, "utf8");
    assert.equal(code, 0, text);
    assert.doesNotMatch(text, /progress/);
    const r = await runCli(["eval", "--port", String(server.port), "--benchmark", "gsm8k", "--limit", "1", "--out", join(work, "bad")], { ...env, WORKBENCH_PROGRESS_INTERVAL_S: "soon" });
    assert.equal(r.code, 2);
    assert.equal(r.stderr, "workbench: eval: WORKBENCH_PROGRESS_INTERVAL_S: expected seconds greater than 0, got 'soon'\n");
  } finally {
    await server.close();
  }
});
