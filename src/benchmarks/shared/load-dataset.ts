// Loading a benchmark's one-file dataset: resolve the asset file (or take a replacement file),
// parse it, record its sha256, and keep the first `limit` items.
import { readFileSync } from "node:fs";
import { basename } from "node:path";
import { resolveAssetFile } from "../../assets/resolve.js";
import { sha256Hex } from "../../util/hash.js";
import type { LoadOptions, LoadedDataset } from "../types.js";
import { applyLimit } from "./limit.js";

export interface DatasetFile<Item> {
  /** Dataset name recorded in results. */
  name: string;
  /** Catalogue asset and the file inside it. */
  asset: string;
  file: string;
  /** Version recorded for the asset's file. */
  version: string;
  /** A file to use instead of the asset's (recorded by its base name), and how results label it. */
  replacement?: { file: string; label: string };
  parse(file: string, bytes: Buffer): Item[] | Promise<Item[]>;
}

export async function loadDatasetFile<Item>(spec: DatasetFile<Item>, opts: LoadOptions): Promise<LoadedDataset<Item>> {
  const file = spec.replacement?.file ?? (await resolveAssetFile(spec.asset, spec.file, { dataDir: opts.dataDir }));
  const bytes = readFileSync(file);
  const all = await spec.parse(file, bytes);
  const items = applyLimit(all, opts.limit);
  const version = spec.replacement ? `${spec.replacement.label} ${basename(file)}` : spec.version;
  const key = spec.replacement ? basename(file) : spec.file;
  return { items, dataset: { name: spec.name, version, sha256: { [key]: sha256Hex(bytes) } } };
}
