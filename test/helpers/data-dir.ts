// Where the tests find third-party data: WORKBENCH_DATA_DIR, else the shared copy next to the
// repository (../shared/datasets, resolved from the repository root whatever the working directory,
// whether the tests run from the sources or compiled under dist/).
import path from "node:path";
import { fileURLToPath } from "node:url";

const fromSources = import.meta.url.endsWith(".ts");
/** The repository root. */
export const REPO_ROOT = fileURLToPath(new URL(fromSources ? "../../" : "../../../", import.meta.url));

export const DATA_DIR = path.resolve(process.env.WORKBENCH_DATA_DIR ?? path.join(REPO_ROOT, "../shared/datasets"));

/** A model file from the shared models folder (a sibling of the datasets folder). */
export function sharedModel(name: string): string {
  return path.resolve(DATA_DIR, "../models", name);
}
