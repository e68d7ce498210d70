// The layer rules of docs/architecture.md, enforced: every relative import under src/ must point
// to a folder its own folder may import.
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync, readdirSync } from "node:fs";
import { dirname, join, normalize, relative, sep } from "node:path";
import { fileURLToPath } from "node:url";

const fromSources = import.meta.url.endsWith(".ts");
const root = fileURLToPath(new URL(fromSources ? "../" : "../../", import.meta.url));

type Rules = Map<string, Set<string> | "*">;

function readRules(): Rules {
  const doc = readFileSync(join(root, "docs", "architecture.md"), "utf8");
  const section = doc.split("## What each folder may import")[1];
  assert.ok(section, "docs/architecture.md: no section 'What each folder may import'");
  const rules: Rules = new Map();
  for (const line of section.split("\n")) {
    const m = /^\|\s*([^|]+?)\s*\|\s*([^|]*?)\s*\|$/.exec(line);
    if (!m || m[1] === "folder" || m[1]!.startsWith("---")) continue;
    rules.set(m[1]!, m[2] === "*" ? "*" : new Set(m[2]!.split(",").map((s) => s.trim()).filter(Boolean)));
  }
  return rules;
}

const IMPORT = /(?:^|[\s;])(?:import|export)\s[^"';]*?from\s*["'](\.[^"']+)["']|import\s*\(\s*["'](\.[^"']+)["']\s*\)|^\s*import\s*["'](\.[^"']+)["']/gm;

/** The folder under src/ that a path belongs to ("(root)" for files directly in src/). */
function folderOf(srcRelative: string): string {
  const parts = srcRelative.split(sep);
  return parts.length > 1 ? parts[0]! : "(root)";
}

/** Forbidden imports of one file's text, as "from → to (target)" lines. */
export function violations(file: string, text: string, rules: Rules): string[] {
  const from = folderOf(file);
  const allowed = rules.get(from);
  const out: string[] = [];
  if (!allowed) return [`src/${file}: folder '${from}' has no row in docs/architecture.md`];
  for (const m of text.matchAll(IMPORT)) {
    const spec = m[1] ?? m[2] ?? m[3]!;
    const target = normalize(join(dirname(file), spec));
    if (target.startsWith("..")) continue; // outside src/ (package.json is read through util/version)
    const to = folderOf(target);
    if (to === from || allowed === "*" || allowed.has(to)) continue;
    out.push(`src/${file} imports src/${target}: '${from}' may import only ${[...allowed].join(", ") || "nothing"}`);
  }
  return out;
}

function sourceFiles(dir: string): string[] {
  const out: string[] = [];
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, e.name);
    if (e.isDirectory()) out.push(...sourceFiles(p));
    else if (e.name.endsWith(".ts")) out.push(p);
  }
  return out;
}

test("every import under src/ points to a folder its layer may import (docs/architecture.md)", () => {
  const rules = readRules();
  const src = join(root, "src");
  const found = sourceFiles(src).flatMap((f) => violations(relative(src, f), readFileSync(f, "utf8"), rules));
  assert.deepEqual(found, []);
});

test("the rule check catches an import that points up or sideways", () => {
  const rules = readRules();
  assert.equal(violations(join("backends", "x.ts"), 'import { X } from "../benchmarks/types.js";', rules).length, 1);
  assert.equal(violations(join("benchmarks", "a", "x.ts"), 'import type { Y } from "../../cli/command.js";\nconst m = await import("../../cli/main.js");', rules).length, 2);
  assert.equal(violations(join("pycompat", "py", "x.ts"), 'export { Z } from "../../benchmarks/ifeval/types.js";', rules).length, 1);
  assert.deepEqual(violations(join("cli", "x.ts"), 'import { A } from "../runner/evaluate.js";', rules), []);
  assert.deepEqual(violations(join("benchmarks", "a", "x.ts"), 'import { B } from "../shared/stats.js";', rules), []);
});
