// The progress line: per benchmark done/total, in flight, tokens/s, ETA; redrawn on a TTY, appended
// as plain lines at a slow interval otherwise.
import { test } from "node:test";
import assert from "node:assert/strict";
import { ProgressReporter, formatDuration, renderProgress, type ProgressState } from "../../src/runner/progress.js";

const state: ProgressState = {
  benches: [
    { name: "ifeval", total: 541, done: 541, errors: 0 },
    { name: "humaneval", total: 164, done: 64, errors: 2 },
  ],
  inflight: 32,
  completionTokens: 50_000,
  freshTotal: 705,
  freshDone: 605,
  startedAt: 0,
};

test("renders done/total per benchmark, in flight, tokens/s and an ETA from the rate so far", () => {
  assert.equal(renderProgress(state, 100_000), "ifeval 541/541 · humaneval 64/164 (2 err) · 32 in flight · 500 tok/s · ETA 17s");
  assert.match(renderProgress({ ...state, freshDone: 0 }, 1000), /ETA \?$/);
  assert.equal(formatDuration(75), "1m15s");
  assert.equal(formatDuration(7260), "2h01m");
});

test("not a TTY: nothing before the plain interval (30 s); redraws in place and ends the line on a TTY", async () => {
  let quiet = "";
  const off = new ProgressReporter({ isTTY: false, write: (s: string) => (quiet += s) }, () => state, 5);
  off.start();
  await new Promise((r) => setTimeout(r, 20));
  off.stop();
  assert.equal(quiet, "");
  const plain: string[] = [];
  const log = new ProgressReporter({ isTTY: false, plainIntervalS: 0.01, write: (s: string) => plain.push(s) }, () => state, 5);
  log.start();
  await new Promise((r) => setTimeout(r, 45));
  log.stop();
  assert.ok(plain.length >= 3, `plain lines: ${plain.length}`);
  for (const l of plain) assert.match(l, /^workbench: progress: ifeval 541\/541 · humaneval 64\/164 \(2 err\) · 32 in flight · \d+ tok\/s · ETA \S+\n$/);
  let shown = "";
  const on = new ProgressReporter({ isTTY: true, columns: 40, write: (s: string) => (shown += s) }, () => state, 5);
  on.start();
  await new Promise((r) => setTimeout(r, 20));
  on.stop();
  assert.match(shown, /^\r\x1b\[Kifeval 541\/541/);
  assert.ok(shown.endsWith("\n"));
  assert.ok(shown.split("\r\x1b[K").every((l) => l.replace("\n", "").length < 40), "cut to the terminal width");
});
