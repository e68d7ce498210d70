// Where the tests find third-party data: WORKBENCH_DATA_DIR, else the shared copy next to the repository.
import path from "node:path";

export const DATA_DIR = process.env.WORKBENCH_DATA_DIR ?? path.resolve("../shared/datasets");

/** A model file from the shared models folder (a sibling of the datasets folder). */
export function sharedModel(name: string): string {
  return path.resolve(DATA_DIR, "../models", name);
}
