// One data-directory mechanism for every asset:
//   1. --data-dir DIR / WORKBENCH_DATA_DIR  (layout <dir>/<dataset>/<file>, like the shared datasets)
//   2. the user cache                        (WORKBENCH_CACHE_DIR, else $XDG_CACHE_HOME/model-workbench, else ~/.cache/model-workbench)
//   3. a download from the canonical URL into the cache, checked against the pinned sha256 when there is one.
import { existsSync, statSync } from "node:fs";
import { homedir } from "node:os";
import { join, resolve } from "node:path";
import { UsageError } from "../util/usage-error.js";
import { getAsset, type AssetDef, type AssetFile } from "./catalog.js";
import { extractZipMember } from "./zip.js";
import { sha256Hex } from "../util/hash.js";
import { writeFileAtomic } from "../util/atomic-write.js";

export class AssetError extends Error {
  override name = "AssetError";
}

export interface ResolveOptions {
  /** Explicit data dir (--data-dir); overrides WORKBENCH_DATA_DIR. */
  dataDir?: string;
  /** Cache dir; overrides WORKBENCH_CACHE_DIR / XDG default. */
  cacheDir?: string;
  /** Never download: fail if the file is in neither the data dir nor the cache. */
  offline?: boolean;
  /** Download timeout per file, ms (default 120 s). */
  timeoutMs?: number;
}

export interface ResolvedAsset {
  name: string;
  def: AssetDef;
  /** Absolute local path of one of the asset's files (by its path in the catalog). */
  path(file: string): string;
  /** Where each file came from. */
  sources: Record<string, "data-dir" | "cache" | "download">;
}

/** The data dir named by --data-dir or WORKBENCH_DATA_DIR does not exist or is not a directory. */
export class DataDirError extends AssetError {
  override name = "DataDirError";
}

/** The data dir to look in (absolute), if one is named; a named one must be an existing directory (a typo must not fall through to a download). */
export function dataDirFrom(opts: ResolveOptions = {}): string | undefined {
  const fromFlag = opts.dataDir !== undefined && opts.dataDir !== "";
  const d = fromFlag ? opts.dataDir : process.env.WORKBENCH_DATA_DIR;
  if (!d) return undefined;
  const abs = resolve(d);
  const source = fromFlag ? "--data-dir" : "WORKBENCH_DATA_DIR";
  let isDir: boolean;
  try {
    isDir = statSync(abs).isDirectory();
  } catch {
    throw new DataDirError(`${source} ${d}: no such directory`);
  }
  if (!isDir) throw new DataDirError(`${source} ${d}: not a directory`);
  return abs;
}

/** For commands: a usage error (exit 2) naming the data dir when the one given cannot be used. */
export function checkDataDirOption(command: string, dataDir: string | undefined): void {
  try {
    dataDirFrom({ dataDir });
  } catch (err) {
    if (err instanceof DataDirError) throw new UsageError(`${command}: ${err.message}`);
    throw err;
  }
}

export function cacheDirFrom(opts: ResolveOptions = {}): string {
  if (opts.cacheDir) return resolve(opts.cacheDir);
  if (process.env.WORKBENCH_CACHE_DIR) return resolve(process.env.WORKBENCH_CACHE_DIR);
  const xdg = process.env.XDG_CACHE_HOME;
  return join(xdg ? resolve(xdg) : join(homedir(), ".cache"), "model-workbench");
}

const inflight = new Map<string, Promise<Buffer>>();

async function download(url: string, timeoutMs: number): Promise<Buffer> {
  let p = inflight.get(url);
  if (!p) {
    p = (async () => {
      const res = await fetch(url, { signal: AbortSignal.timeout(timeoutMs), redirect: "follow" });
      if (!res.ok) throw new Error(`HTTP ${res.status} ${res.statusText}`);
      return Buffer.from(await res.arrayBuffer());
    })();
    inflight.set(url, p);
    p.finally(() => inflight.delete(url)).catch(() => {});
  }
  return p;
}

function describeError(err: unknown): string {
  if (!(err instanceof Error)) return String(err);
  const cause = (err as { cause?: unknown }).cause;
  const c = cause instanceof Error ? `: ${(cause as NodeJS.ErrnoException).code ?? cause.message}` : "";
  return err.name === "TimeoutError" ? "timed out" : `${err.message}${c}`;
}

async function fetchIntoCache(def: AssetDef, f: AssetFile, target: string, opts: ResolveOptions, dataDir?: string): Promise<void> {
  const byHand = `place the file by hand at ${target}${dataDir ? ` or ${join(dataDir, def.dataset, f.path)}` : " (or pass --data-dir DIR holding DIR/" + def.dataset + "/" + f.path + ")"}`;
  if (opts.offline) {
    throw new AssetError(`asset '${def.name}': ${def.dataset}/${f.path} is not available locally and downloads are off; get it from ${f.url} and ${byHand}`);
  }
  let body: Buffer;
  try {
    body = await download(f.url, opts.timeoutMs ?? 120_000);
    if (f.archiveSha256) {
      const got = sha256Hex(body);
      if (got !== f.archiveSha256) throw new AssetError(`asset '${def.name}': checksum mismatch for ${f.url} (sha256 ${got}, expected ${f.archiveSha256}); nothing was saved; ${byHand}`);
    }
    if (f.zipMember) body = extractZipMember(body, f.zipMember);
  } catch (err) {
    if (err instanceof AssetError) throw err;
    throw new AssetError(`asset '${def.name}': could not download ${f.url}${f.zipMember ? ` (member ${f.zipMember})` : ""} (${describeError(err)}); ${byHand}`);
  }
  if (f.sha256) {
    const got = sha256Hex(body);
    if (got !== f.sha256) {
      throw new AssetError(`asset '${def.name}': checksum mismatch for ${f.url} (sha256 ${got}, expected ${f.sha256}); nothing was saved; ${byHand}`);
    }
  }
  writeFileAtomic(target, body);
}

/** Resolve every file of an asset, downloading what is missing into the cache. */
export async function resolveAsset(nameOrDef: string | AssetDef, opts: ResolveOptions = {}): Promise<ResolvedAsset> {
  const def = typeof nameOrDef === "string" ? getAsset(nameOrDef) : nameOrDef;
  const dataDir = dataDirFrom(opts);
  const cacheDir = cacheDirFrom(opts);
  const paths = new Map<string, string>();
  const sources: ResolvedAsset["sources"] = {};
  const missing: AssetFile[] = [];
  for (const f of def.files) {
    const inData = dataDir ? join(dataDir, def.dataset, f.path) : undefined;
    const inCache = join(cacheDir, def.dataset, f.path);
    if (inData && existsSync(inData)) {
      paths.set(f.path, inData);
      sources[f.path] = "data-dir";
    } else if (existsSync(inCache)) {
      paths.set(f.path, inCache);
      sources[f.path] = "cache";
    } else {
      missing.push(f);
    }
  }
  // Download sequentially-per-URL (zip members share one download) but concurrently across URLs.
  await Promise.all(
    missing.map(async (f) => {
      const target = join(cacheDir, def.dataset, f.path);
      await fetchIntoCache(def, f, target, opts, dataDir);
      paths.set(f.path, target);
      sources[f.path] = "download";
    }),
  );
  return {
    name: def.name,
    def,
    sources,
    path(file: string): string {
      const p = paths.get(file);
      if (!p) throw new AssetError(`asset '${def.name}' has no file '${file}'`);
      return p;
    },
  };
}

/** Resolve one file of an asset (only that file is looked up or downloaded). */
export async function resolveAssetFile(name: string, file: string, opts: ResolveOptions = {}): Promise<string> {
  const def = getAsset(name);
  const f = def.files.find((x) => x.path === file);
  if (!f) throw new AssetError(`asset '${name}' has no file '${file}'`);
  const one = await resolveAsset({ ...def, files: [f] }, opts);
  return one.path(file);
}
