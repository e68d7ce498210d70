// The HTML report as a quantizer sees it: a five-step ladder of one 8B model on five benchmarks,
// rendered in headless Chromium at 1280 px. The page must fit the width, no chart label may
// touch a bar, whisker or point, flipped items start collapsed, and the headline must say what
// the JSON verdicts say. A screenshot is left in the OS temp dir for a human to look at.
import { test } from "node:test";
import assert from "node:assert/strict";
import { existsSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { loadFlipTexts, renderHtml } from "../../src/compare/report-html.js";
import { reportJson } from "../../src/compare/report-json.js";
import type { ComparisonReport } from "../../src/compare/types.js";
import { LADDER, ladderReport, writeLadder, type Variant } from "./ladder.js";
import { tempDir } from "./helpers.js";

const CHROMIUM = "/usr/bin/chromium";
const skip = existsSync(CHROMIUM) ? false : `${CHROMIUM} not found: install Debian's chromium to run the HTML rendering tests`;

async function withPage<T>(file: string, fn: (page: import("playwright-core").Page) => Promise<T>): Promise<T> {
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
    page.on("request", (r) => requests.push(r.url()));
    const url = pathToFileURL(file).href;
    await page.goto(url, { waitUntil: "load" });
    assert.deepEqual(problems, []);
    assert.deepEqual(requests, [url], "the report loads nothing but itself");
    return await fn(page);
  } finally {
    await browser.close();
  }
}

async function render(r: ComparisonReport, dir: string, name: string): Promise<string> {
  const out = join(dir, name);
  writeFileSync(out, renderHtml(r, await loadFlipTexts(r)));
  return out;
}

/** Every chart text that intersects a mark (bar, whisker, point) of its chart, or leaves the chart (run in the page). */
const LABEL_CHECK = `(() => {
  const problems = [];
  let labels = 0;
  let marks = 0;
  const svgs = [...document.querySelectorAll("svg[role=img]")];
  for (const svg of svgs) {
    const box = svg.getBoundingClientRect();
    const name = svg.getAttribute("aria-label");
    const texts = [...svg.querySelectorAll("text")].map((t) => ({ t: t.textContent, b: t.getBoundingClientRect() }));
    const ms = [...svg.querySelectorAll(".mark")].map((m) => m.getBoundingClientRect());
    labels += texts.length;
    marks += ms.length;
    for (const { t, b } of texts) {
      if (b.left < box.left - 0.5 || b.right > box.right + 0.5 || b.top < box.top - 0.5 || b.bottom > box.bottom + 0.5) problems.push('"' + t + '" leaves its chart (' + name + ")");
      for (const m of ms) {
        const ov = Math.min(b.right, m.right) - Math.max(b.left, m.left) > 0.5 && Math.min(b.bottom, m.bottom) - Math.max(b.top, m.top) > 0.5;
        if (ov) problems.push('"' + t + '" overlaps a mark at ' + Math.round(m.left) + "," + Math.round(m.top) + " (" + name + ")");
      }
    }
  }
  return { charts: svgs.length, labels, marks, problems };
})()`;

async function labelProblems(page: import("playwright-core").Page): Promise<{ charts: number; labels: number; marks: number; problems: string[] }> {
  return page.evaluate(LABEL_CHECK);
}

async function fitsWidth(page: import("playwright-core").Page): Promise<{ scroll: number; inner: number }> {
  return page.evaluate("({ scroll: document.documentElement.scrollWidth, inner: window.innerWidth })");
}

test("ladder report: fits 1280 px, labels clear of marks, flips collapsed, headline = JSON verdicts", { skip, timeout: 120_000 }, async () => {
  const dir = tempDir();
  const files = writeLadder(dir);
  const r = ladderReport(files);
  const json = reportJson(r, { failOnRegression: false });
  const out = await render(r, dir, "ladder.html");
  await withPage(out, async (page) => {
    const w = await fitsWidth(page);
    assert.ok(w.scroll <= w.inner, `no horizontal overflow at 1280 px (scrollWidth ${w.scroll}, innerWidth ${w.inner})`);

    const l = await labelProblems(page);
    assert.ok(l.charts >= 5 + 1 + 2 * 5 + 1, `size charts, KLD chart, score and delta charts per benchmark, drift chart (got ${l.charts})`);
    assert.ok(l.marks > 100 && l.labels > 100, `${l.marks} marks, ${l.labels} labels`);
    assert.deepEqual(l.problems, []);

    // Flips: collapsed blocks whose summaries carry the counts, nothing of an entry visible.
    const sets = page.locator("details.flipset");
    assert.equal(await sets.count(), 4 * 5, "one flip block per candidate and benchmark");
    assert.equal(await page.locator("details[open]").count(), 0, "everything collapsed");
    assert.equal(await page.locator(".flip").first().isVisible(), false);
    const q4 = json.candidates.find((c) => c.label.endsWith("Q4_K_M"))!;
    const strict = q4.benchmarks.ifeval!.metrics.prompt_level_strict!;
    const q4Set = page.locator("section#bench-ifeval details.flipset").nth(2);
    assert.match((await q4Set.locator(":scope > summary").textContent()) ?? "", new RegExp(`prompt_level_strict ${strict.flips.pass_to_fail.length}↓ ${strict.flips.fail_to_pass.length}↑`));
    // Expanded, an entry shows the prompt and both answers side by side.
    await page.locator("section#bench-ifeval details.cand > summary").nth(2).click();
    await q4Set.locator(":scope > summary").click();
    await q4Set.locator("details.flips summary").first().click();
    const entry = q4Set.locator(".flip").first();
    assert.ok(await entry.isVisible());
    assert.match(await entry.innerText(), /Write a short answer/);
    const sides = entry.locator(".sbs > div");
    assert.equal(await sides.count(), 2);
    const [a, b] = [await sides.nth(0).boundingBox(), await sides.nth(1).boundingBox()];
    assert.ok(a && b && Math.abs(a.y - b.y) < 1 && a.x + a.width <= b.x, "answers side by side");
    assert.match(await sides.nth(0).innerText(), /BF16 says/);
    assert.match(await sides.nth(1).innerText(), /Q4_K_M says/);
    // The headline of every variant says what the JSON verdicts say, most severe first.
    const order = ["worse", "inconclusive", "indistinguishable", "non-inferior", "better"];
    for (const c of json.candidates) {
      const li = page.locator(`li.headline[data-variant="${c.label}"]`);
      assert.equal(await li.count(), 1, c.label);
      const phrases = await li.locator(".phrase[data-benchmark]").evaluateAll((els) =>
        els.map((e) => ({ b: e.getAttribute("data-benchmark")!, m: e.getAttribute("data-metric")!, v: e.getAttribute("data-verdict")!, s: e.getAttribute("data-standing")!, text: e.textContent! })),
      );
      assert.deepEqual(phrases.map((p) => p.b).sort(), Object.keys(c.benchmarks).sort(), `${c.label}: one phrase per benchmark`);
      for (const p of phrases) {
        const all = c.benchmarks[p.b]!.metrics;
        const m = all[p.m]!;
        assert.equal(p.v, m.verdict, `${c.label} ${p.b}/${p.m}`);
        const worst = Math.min(...Object.values(all).map((x) => order.indexOf(x.verdict)));
        assert.equal(order.indexOf(p.s), worst, `${c.label} ${p.b}: the phrase quotes the most severe metric`);
        const d = m.delta.toFixed(1).replace("-", "−");
        assert.ok(p.text.includes(`${m.delta > 0 && d !== "0.0" ? "+" : ""}${d} pts`), `${p.text} quotes delta ${m.delta}`);
        assert.ok(p.text.startsWith(m.verdict === "non-inferior" ? "non-inferior within 1 pt on" : `${m.verdict} on`), p.text);
      }
      const ranks = phrases.map((p) => order.indexOf(p.s));
      assert.deepEqual(ranks, [...ranks].sort((x, y) => x - y), `${c.label}: bottom line first`);
      const kld = await li.locator(".phrase.kld").innerText();
      const v = LADDER.find((x) => c.label.endsWith(x.quant))!;
      assert.match(kld, v.quant === "IQ2_XXS" ? /^KLD ≥ 0\.41/ : /^KLD \d/);
    }
    const q4Head = await page.locator(`li.headline[data-variant="${q4.label}"]`).innerText();
    assert.match(q4Head, /^worse\s+Q4_K_M · 4\.58 GiB \(31 % of the baseline\) · KLD 0\.031\s+worse on IFEval prompt_level_strict \(−3\.7 pts, 95 % CI/);

    const shot = join(tmpdir(), `workbench-report-ladder-${process.pid}.png`);
    await page.screenshot({ path: shot, fullPage: true });
    assert.ok(statSync(shot).size > 50_000, "screenshot written");
    console.log(`screenshot: ${shot}`);
  });
});

test("unrelated long names and many metrics: labels cut, matrix transposed, still fits", { skip, timeout: 120_000 }, async () => {
  const dir = tempDir();
  const ladder: Variant[] = [LADDER[0]!, LADDER[3]!, LADDER[4]!];
  const files = writeLadder(dir, ladder, "Meta-Llama-3.1-8B-Instruct-abliterated-v2-imatrix-calibrated", true);
  const other = writeLadder(dir, [LADDER[0]!, LADDER[3]!], "Qwen2.5-Coder-7B-Instruct-128k-YaRN-extended-context", true);
  const r = ladderReport([files[0]!, other[1]!, files[2]!], ladder, false);
  const out = await render(r, dir, "long.html");
  await withPage(out, async (page) => {
    const w = await fitsWidth(page);
    assert.ok(w.scroll <= w.inner, `no horizontal overflow at 1280 px (scrollWidth ${w.scroll})`);
    const l = await labelProblems(page);
    assert.deepEqual(l.problems, []);
    assert.ok(l.labels > 50, `${l.labels} labels checked`);
    // Eleven metrics: the matrix turns to one row per metric.
    assert.equal(await page.locator("table.matrix.transposed").count(), 1);
    assert.equal(await page.locator("table.matrix.transposed tr").count(), 1 + 1 + 11, "header, size row, a row per metric");
    // Names that share nothing are cut in the charts, whole in their tooltips.
    const cut = await page.locator("svg text", { hasText: "…" }).count();
    assert.ok(cut > 0, "long labels end in an ellipsis");
    const shot = join(tmpdir(), `workbench-report-long-${process.pid}.png`);
    await page.screenshot({ path: shot, fullPage: true });
    console.log(`screenshot: ${shot}`);
  });
});
