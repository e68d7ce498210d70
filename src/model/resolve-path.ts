// Resolve what the user passed as --model into concrete weight files and a layout.
import { existsSync, readdirSync, statSync } from "node:fs";
import { homedir } from "node:os";
import { basename, dirname, join, resolve, sep } from "node:path";

export class ModelPathError extends Error {
  override name = "ModelPathError";
}

export interface ResolvedModelPath {
  /** Absolute path as resolved (file or directory). */
  path: string;
  format: "gguf" | "safetensors" | "unknown";
  /** The file to hand to a GGUF loader (first shard of a split model). */
  primary: string;
  /** Every weight file (all shards). */
  weightFiles: string[];
  /** config.json of a safetensors directory. */
  configPath: string | null;
  /** org/name derived from the directory layout, if any. */
  layoutRepoId: string | null;
}

const SHARD = /-(\d{5})-of-(\d{5})\.gguf$/;

export function expandHome(p: string): string {
  if (p === "~") return homedir();
  if (p.startsWith("~/")) return join(homedir(), p.slice(2));
  return p;
}

/** org/name from a Hugging Face cache path (models--org--name/snapshots/<rev>) or a models/org/name layout. */
export function repoIdFromLayout(absPath: string): string | null {
  const parts = absPath.split(sep).filter(Boolean);
  const hf = parts.findIndex((p) => p.startsWith("models--"));
  if (hf >= 0) return parts[hf]!.slice("models--".length).split("--").join("/");
  const m = parts.lastIndexOf("models");
  if (m >= 0 && parts.length - m - 1 >= 2) return `${parts[m + 1]}/${parts[m + 2]}`;
  return null;
}

function ggufShards(dir: string, files: string[]): string[] {
  const ggufs = files.filter((f) => f.toLowerCase().endsWith(".gguf") && !/mmproj/i.test(f)).sort();
  if (ggufs.length <= 1) return ggufs.map((f) => join(dir, f));
  const first = ggufs.find((f) => SHARD.exec(f)?.[1] === "00001");
  if (first) {
    const stem = first.replace(SHARD, "");
    const shards = ggufs.filter((f) => f.startsWith(stem) && SHARD.test(f));
    if (shards.length === ggufs.length) return shards.map((f) => join(dir, f));
  }
  throw new ModelPathError(`${dir}: holds ${ggufs.length} .gguf files (${ggufs.slice(0, 4).join(", ")}${ggufs.length > 4 ? ", ..." : ""}); pass the one to evaluate`);
}

export function resolveModelPath(input: string, cwd = process.cwd()): ResolvedModelPath {
  const abs = resolve(cwd, expandHome(input));
  if (!existsSync(abs)) throw new ModelPathError(`model path does not exist: ${abs}`);
  const st = statSync(abs);
  const layoutRepoId = repoIdFromLayout(abs);
  if (st.isFile()) {
    if (abs.toLowerCase().endsWith(".gguf")) {
      const m = SHARD.exec(basename(abs));
      let weightFiles = [abs];
      if (m) {
        const dir = dirname(abs);
        const stem = basename(abs).replace(SHARD, "");
        weightFiles = readdirSync(dir).filter((f) => f.startsWith(stem) && SHARD.test(f)).sort().map((f) => join(dir, f));
      }
      return { path: abs, format: "gguf", primary: weightFiles[0]!, weightFiles, configPath: null, layoutRepoId };
    }
    if (abs.endsWith(".safetensors")) return resolveModelPath(dirname(abs));
    return { path: abs, format: "unknown", primary: abs, weightFiles: [abs], configPath: null, layoutRepoId };
  }
  let dir = abs;
  let files = readdirSync(dir);
  // A Hugging Face cache repo root: models--org--name/ → its newest snapshot.
  if (basename(dir).startsWith("models--") && files.includes("snapshots")) {
    const snaps = readdirSync(join(dir, "snapshots")).map((s) => join(dir, "snapshots", s));
    snaps.sort((a, b) => statSync(b).mtimeMs - statSync(a).mtimeMs);
    if (!snaps.length) throw new ModelPathError(`${dir}: Hugging Face cache entry has no snapshots`);
    dir = snaps[0]!;
    files = readdirSync(dir);
  }
  const shards = ggufShards(dir, files);
  if (shards.length) return { path: dir, format: "gguf", primary: shards[0]!, weightFiles: shards, configPath: null, layoutRepoId };
  const st2 = files.filter((f) => f.endsWith(".safetensors")).sort();
  if (st2.length) {
    const cfg = files.includes("config.json") ? join(dir, "config.json") : null;
    return { path: dir, format: "safetensors", primary: join(dir, st2[0]!), weightFiles: st2.map((f) => join(dir, f)), configPath: cfg, layoutRepoId };
  }
  throw new ModelPathError(`${dir}: no .gguf or .safetensors weights found`);
}
