import { test } from "node:test";
import assert from "node:assert/strict";
import { existsSync, readFileSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { runCommand } from "../../src/cli/command.js";
import compare from "../../src/cli/commands/compare.js";
import { capture, failIfeval, humanevalItems, ifevalItems, makeDoc, tempDir, writeDoc, writeSamples, type SampleLine } from "./helpers.js";

const CHROMIUM = "/usr/bin/chromium";
const skip = existsSync(CHROMIUM) ? false : `${CHROMIUM} not found: install Debian's chromium to run the HTML rendering test`;

const dir = tempDir();
const base = ifevalItems(120, 4);
const he = humanevalItems(30, 5, 9);
const degraded = new Set(base.filter((it) => it.scores.prompt_level_strict === true).slice(0, 6).map((it) => it.id));

function log(file: string, who: string): void {
  const lines: SampleLine[] = [
    ...base.map((it) => ({ benchmark: "ifeval", id: it.id, sample: 0, prompt: `Prompt ${it.id}: write <b>no commas</b> & be brief`, response: `${who} answer to ${it.id} <script>alert(1)</script>`, finish_reason: "stop" })),
    ...he.flatMap((it) => [0, 1].map((s) => ({ benchmark: "humaneval", id: it.id, sample: s, prompt: `def f_${s}():`, response: `    return ${who} # sample ${s}`, finish_reason: s ? "length" : "stop" }))),
  ];
  writeSamples(dir, file, lines);
}

log("base.samples.jsonl", "BASELINE");
log("q4.samples.jsonl", "CANDIDATE");
const fBase = writeDoc(dir, "base.json", makeDoc({ ifeval: { items: base }, humaneval: { items: he, n_samples: 5 } }, { samples_file: "base.samples.jsonl" }));
const fQ4 = writeDoc(dir, "q4.json", makeDoc({ ifeval: { items: failIfeval(base, degraded) }, humaneval: { items: humanevalItems(30, 5, 9, 0.3), n_samples: 5 } }, { samples_file: "q4.samples.jsonl" }));
const fQ8 = writeDoc(dir, "q8.json", makeDoc({ ifeval: { items: base }, humaneval: { items: humanevalItems(30, 5, 10), n_samples: 5 } }, { samples_file: "missing.samples.jsonl" }));

test("HTML report renders in headless Chromium: charts, flips side by side, categories, no console errors", { skip, timeout: 60_000 }, async () => {
  const out = join(dir, "report.html");
  const o = capture();
  const e = capture();
  const code = await runCommand(compare, [fBase, fQ4, fQ8, "--html", out, "--resamples", "1000"], { stdout: o.stream, stderr: e.stream } as never);
  assert.equal(code, 0, e.text());
  const html = readFileSync(out, "utf8");
  assert.doesNotMatch(html, /<script/i, "answers are escaped and the report has no scripts");

  const { chromium } = await import("playwright-core");
  const browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"],
  });
  try {
    const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    const problems: string[] = [];
    const requests: string[] = [];
    page.on("console", (m) => {
      if (m.type() === "error" || m.type() === "warning") problems.push(`${m.type()}: ${m.text()}`);
    });
    page.on("pageerror", (err) => problems.push(`pageerror: ${err.message}`));
    page.on("dialog", (d) => {
      problems.push(`dialog: ${d.message()}`);
      void d.dismiss();
    });
    page.on("request", (r) => requests.push(r.url()));
    const url = pathToFileURL(out).href;
    await page.goto(url, { waitUntil: "load" });
    assert.deepEqual(problems, []);
    assert.deepEqual(requests, [url], "the report loads nothing but itself");

    assert.match(await page.title(), /q4, q8 vs base/);
    const svgs = await page.locator("svg[role=img]").count();
    assert.ok(svgs >= 4, `score and delta charts per benchmark (got ${svgs})`);
    assert.match(await page.locator("#quality-vs-size").innerText(), /No result file records its weights' size/);
    const bars = await page.locator("svg[role=img] rect").count();
    assert.ok(bars >= 5 * 3, `a bar per variant and metric (got ${bars})`);
    // Summary matrix: the baseline and two candidate rows with verdict chips.
    const rows = page.locator("table.matrix tr");
    assert.equal(await rows.count(), 2 + 3);
    assert.match(await rows.nth(3).innerText(), /^q4[\s\S]*worse/);

    // Flips start collapsed; open q4's IFEval block and its pass → fail list.
    assert.equal(await page.locator("details[open]").count(), 0);
    await page.locator("#bench-ifeval details.cand > summary").first().click();
    const set = page.locator("#bench-ifeval details.flipset").first();
    await set.locator(":scope > summary").click();
    await set.locator("details.flips > summary", { hasText: "prompt_level_strict: pass → fail" }).click();

    // Flip list of q4: each degraded prompt with its prompt text and both answers side by side.
    const first = [...degraded][0]!;
    const entry = page.locator(".flip", { hasText: `${first}` }).first();
    assert.match(await entry.innerText(), new RegExp(`Prompt ${first}: write <b>no commas</b> & be brief`));
    const sides = entry.locator(".sbs > div");
    assert.equal(await sides.count(), 2);
    assert.match(await sides.nth(0).innerText(), new RegExp(`baseline base: pass[\\s\\S]*BASELINE answer to ${first} <script>`));
    assert.match(await sides.nth(1).innerText(), new RegExp(`candidate q4: fail[\\s\\S]*CANDIDATE answer to ${first}`));
    const p2f = await page.locator("details.flips summary", { hasText: "prompt_level_strict: pass → fail" }).first().innerText();
    assert.match(p2f, new RegExp(`${degraded.size} item\\(s\\)`));

    // Category breakdown and the degraded-gracefully note for q8's missing samples log.
    assert.ok((await page.locator("summary", { hasText: "by instruction category" }).count()) >= 2);
    assert.match((await page.locator("body").textContent()) ?? "", /q8 answers unavailable: samples log .*missing\.samples\.jsonl missing; ids only/);

    const shot = join(tmpdir(), `workbench-compare-report-${process.pid}.png`);
    await page.screenshot({ path: shot, fullPage: true });
    assert.ok(statSync(shot).size > 10_000, "screenshot written");
  } finally {
    await browser.close();
  }
});
