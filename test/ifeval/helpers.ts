// Shared test helpers: where the shared datasets live, and a CheckContext over them.
import { join, resolve } from "node:path";
import { LazyResources } from "../../src/benchmarks/ifeval/resources.js";
import { DATA_DIR } from "../helpers/data-dir.js";

export { DATA_DIR } from "../helpers/data-dir.js";
export const IFEVAL_DIR = join(DATA_DIR, "ifeval");
export const FIXTURES = resolve("test/fixtures/ifeval");

export function sharedResources(): Promise<LazyResources> {
  return LazyResources.create({
    punktDir: join(DATA_DIR, "nltk_data/tokenizers/punkt_tab/english"),
    langdetectDir: join(DATA_DIR, "langdetect"),
  });
}
