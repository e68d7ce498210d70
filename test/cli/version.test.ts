// `workbench --version` prints package.json's version from the built CLI (bin/workbench.js → dist/)
// and from the TypeScript sources, and the result files record the same version.
import { test } from "node:test";
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { dependencyVersion, workbenchVersion } from "../../src/util/version.js";

const fromSources = import.meta.url.endsWith(".ts");
const root = fileURLToPath(new URL(fromSources ? "../../" : "../../../", import.meta.url));
const expected = (JSON.parse(readFileSync(join(root, "package.json"), "utf8")) as { version: string }).version;

function cli(args: string[]): string {
  return execFileSync(process.execPath, args, { cwd: root, encoding: "utf8" });
}

test("from the sources: node --import tsx src/cli/main.ts --version", () => {
  assert.equal(cli(["--import", "tsx", join(root, "src", "cli", "main.ts"), "--version"]), expected + "\n");
});

test("from the build: node bin/workbench.js --version", (t) => {
  // The compiled suite (npm test) always has the build; a run from the sources may not.
  if (!existsSync(join(root, "dist", "src", "cli", "main.js"))) return t.skip("not built (npm run build)");
  assert.equal(cli([join(root, "bin", "workbench.js"), "--version"]), expected + "\n");
  assert.equal(cli([join(root, "bin", "workbench.js"), "-v"]), expected + "\n");
});

test("the version reader: this package's version, a dependency's, null for one not installed", () => {
  assert.equal(workbenchVersion(), expected);
  const pkg = JSON.parse(readFileSync(join(root, "package.json"), "utf8")) as { dependencies: Record<string, string> };
  assert.equal(dependencyVersion("node-llama-cpp"), pkg.dependencies["node-llama-cpp"]);
  assert.equal(dependencyVersion("no-such-package-for-workbench-tests"), null);
});
