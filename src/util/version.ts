// Package versions, read from package.json files found by walking up the directory tree: this
// package's (recorded in results, printed by `workbench --version`) from this module's location, which
// works both from the TypeScript sources (src/util/) and from the build (dist/src/util/), and an
// installed dependency's from its resolved entry point (its package.json may not be in its exports map).
import { readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const OWN_NAME = "model-workbench";

/** The version of the package named `name` in the nearest package.json at or above `dir`, else null. */
function versionAbove(dir: string, name: string): string | null {
  for (let d = dir; ; d = dirname(d)) {
    try {
      const pkg = JSON.parse(readFileSync(join(d, "package.json"), "utf8")) as { name?: string; version?: string };
      if (pkg.name === name && typeof pkg.version === "string") return pkg.version;
    } catch {
      // no (readable) package.json here: keep walking up
    }
    if (dirname(d) === d) return null;
  }
}

let own: string | undefined;

/** This package's version ("unknown" when its package.json cannot be found). */
export function workbenchVersion(): string {
  own ??= versionAbove(dirname(fileURLToPath(import.meta.url)), OWN_NAME) ?? "unknown";
  return own;
}

/** An installed dependency's version, or null when it is not installed. */
export function dependencyVersion(name: string): string | null {
  let entry: string;
  try {
    entry = fileURLToPath(import.meta.resolve(name));
  } catch {
    return null;
  }
  return versionAbove(dirname(entry), name);
}
