// Builds llama.cpp's command-line tools (llama-server, llama-perplexity, llama-quantize) from the
// source that node-llama-cpp ships as a git bundle, offline, into the user cache keyed by the
// llama.cpp commit, and finds them again. Portable CPU flags (no -march=native: on some x86 VMs it
// turned on AMX and llama-server crashed loading q4_0/q8_0 weights); CUDA when nvcc and a GPU are present.
import { spawn, spawnSync } from "node:child_process";
import { existsSync, mkdirSync, readFileSync, renameSync, rmSync, copyFileSync, chmodSync, statSync } from "node:fs";
import { createRequire } from "node:module";
import { cpus } from "node:os";
import { dirname, join } from "node:path";
import { cacheDirFrom } from "../assets/resolve.js";
import { writeFileAtomic } from "../util/atomic-write.js";
import { ensureDir } from "../util/ensure-dir.js";

export const LLAMA_TOOLS = ["llama-server", "llama-perplexity", "llama-quantize"] as const;
export type LlamaTool = (typeof LLAMA_TOOLS)[number];

/** Raised when a build cannot start or fails; the message is one line naming the cause. */
export class LlamaBuildError extends Error {
  override name = "LlamaBuildError";
}

export interface LlamaSource {
  bundle: string;
  commit: string;
  tag: string | null;
}

export interface LlamaBuild {
  commit: string;
  tag: string | null;
  cuda: boolean;
  /** The ggml CPU variant built for (null: ggml's portable defaults). */
  cpuVariant: string | null;
  /** Folder holding the tools. */
  binDir: string;
  binaries: Record<LlamaTool, string>;
  cmakeFlags: string[];
  builtAt: string;
  /** Seconds the build took (0 when an existing build was found). */
  seconds: number;
}

/** The llama.cpp source bundle shipped by node-llama-cpp, and the commit it holds. */
export function llamaSource(): LlamaSource {
  const require = createRequire(import.meta.url);
  let pkgDir: string | null = null;
  try {
    // The package's exports hide package.json: start from its entry point and walk up to its root.
    for (let d = dirname(require.resolve("node-llama-cpp")); d !== dirname(d); d = dirname(d)) {
      if (existsSync(join(d, "package.json")) && existsSync(join(d, "llama"))) {
        pkgDir = d;
        break;
      }
    }
  } catch {
    pkgDir = null;
  }
  if (!pkgDir) throw new LlamaBuildError("node-llama-cpp is not installed (run `npm ci`): its llama/gitRelease.bundle is the llama.cpp source this builds");
  const bundle = join(pkgDir, "llama", "gitRelease.bundle");
  if (!existsSync(bundle)) throw new LlamaBuildError(`${bundle}: missing (node-llama-cpp ships the llama.cpp source there)`);
  requireTool("git", ["--version"], "git (to unpack the llama.cpp source bundle)");
  const heads = spawnSync("git", ["bundle", "list-heads", bundle], { encoding: "utf8" });
  const commit = /^([0-9a-f]{40})\s/m.exec(heads.stdout ?? "")?.[1];
  if (heads.status !== 0 || !commit) throw new LlamaBuildError(`${bundle}: not a readable git bundle (${(heads.stderr || "no heads").trim().split("\n")[0]})`);
  let tag: string | null = null;
  try {
    tag = (JSON.parse(readFileSync(join(pkgDir, "llama", "llama.cpp.info.json"), "utf8")) as { tag?: string }).tag ?? null;
  } catch {
    tag = null;
  }
  return { bundle, commit, tag };
}

function requireTool(cmd: string, args: string[], what: string): string {
  const r = spawnSync(cmd, args, { encoding: "utf8" });
  if (r.error || r.status !== 0) throw new LlamaBuildError(`${cmd} not found: the llama.cpp build needs ${what}; on Debian/Ubuntu: apt-get install cmake g++ git`);
  return (r.stdout || r.stderr).split("\n")[0]!.trim();
}

function hasCommand(cmd: string, args = ["--version"]): boolean {
  const r = spawnSync(cmd, args, { encoding: "utf8" });
  return !r.error && r.status === 0;
}

/** CUDA by default only where it can be used: nvcc on PATH and nvidia-smi listing a GPU (nvcc alone is common on CPU boxes). */
export function cudaUsable(): boolean {
  if (!hasCommand("nvcc")) return false;
  const r = spawnSync("nvidia-smi", ["-L"], { encoding: "utf8" });
  return !r.error && r.status === 0 && /GPU \d+/.test(r.stdout);
}

/**
 * ggml's x86 CPU variants (ggml/src/CMakeLists.txt), best first, without the AMX one: node-llama-cpp's
 * prebuilt loads the best variant this CPU supports at run time; building the same variant gives
 * llama-server and llama-perplexity the same kernels, hence the same arithmetic, as the embedded engine.
 * AMX is never enabled (it crashed llama-server loading q4_0/q8_0 weights on these VMs).
 */
const X86_VARIANTS: ReadonlyArray<{ name: string; features: string[] }> = [
  { name: "zen4", features: ["SSE42", "AVX", "F16C", "FMA", "AVX2", "BMI2", "AVX512", "AVX512_VBMI", "AVX512_VNNI", "AVX512_BF16"] },
  { name: "cooperlake", features: ["SSE42", "AVX", "F16C", "FMA", "AVX2", "BMI2", "AVX512", "AVX512_VNNI", "AVX512_BF16"] },
  { name: "icelake", features: ["SSE42", "AVX", "F16C", "FMA", "AVX2", "BMI2", "AVX512", "AVX512_VBMI", "AVX512_VNNI"] },
  { name: "cascadelake", features: ["SSE42", "AVX", "F16C", "FMA", "AVX2", "BMI2", "AVX512", "AVX512_VNNI"] },
  { name: "cannonlake", features: ["SSE42", "AVX", "F16C", "FMA", "AVX2", "BMI2", "AVX512", "AVX512_VBMI"] },
  { name: "skylakex", features: ["SSE42", "AVX", "F16C", "FMA", "AVX2", "BMI2", "AVX512"] },
  { name: "alderlake", features: ["SSE42", "AVX", "F16C", "FMA", "AVX2", "BMI2", "AVX_VNNI"] },
  { name: "haswell", features: ["SSE42", "AVX", "F16C", "FMA", "AVX2", "BMI2"] },
  { name: "piledriver", features: ["SSE42", "AVX", "F16C", "FMA"] },
  { name: "ivybridge", features: ["SSE42", "AVX", "F16C"] },
  { name: "sandybridge", features: ["SSE42", "AVX"] },
  { name: "sse42", features: ["SSE42"] },
];

/** /proc/cpuinfo flag for each ggml feature name. */
const CPUINFO_FLAG: Record<string, string> = {
  SSE42: "sse4_2", AVX: "avx", F16C: "f16c", FMA: "fma", AVX2: "avx2", BMI2: "bmi2", AVX512: "avx512f",
  AVX512_VBMI: "avx512vbmi", AVX512_VNNI: "avx512_vnni", AVX512_BF16: "avx512_bf16", AVX_VNNI: "avx_vnni",
};

/** The CPU variant to build for this machine (x86 Linux), or null where ggml's portable defaults apply. */
export function cpuVariant(cpuinfo?: string): { name: string; features: string[] } | null {
  if (process.arch !== "x64" && cpuinfo === undefined) return null;
  let text = cpuinfo;
  if (text === undefined) {
    try {
      text = readFileSync("/proc/cpuinfo", "utf8");
    } catch {
      return null;
    }
  }
  const flags = new Set((/^flags\s*:\s*(.*)$/m.exec(text)?.[1] ?? "").split(/\s+/));
  return X86_VARIANTS.find((v) => v.features.every((f) => flags.has(CPUINFO_FLAG[f]!))) ?? null;
}

export const CPU_VARIANT_CHOICES = ["auto", "portable", ...X86_VARIANTS.map((v) => v.name)] as const;

/** "auto": the variant node-llama-cpp runs on this CPU; "portable": ggml's defaults; else that variant. */
export function resolveCpuVariant(choice: string = "auto"): { name: string; features: string[] } | null {
  if (choice === "auto") return cpuVariant();
  if (choice === "portable") return null;
  const v = X86_VARIANTS.find((x) => x.name === choice);
  if (!v) throw new LlamaBuildError(`--cpu-variant: expected one of ${CPU_VARIANT_CHOICES.join(", ")}, got '${choice}'`);
  return v;
}

/** Where builds of one commit live: <cache>/llama.cpp/<commit12>[-<cpu variant>][-cuda]/. */
export function buildDir(commit: string, cuda: boolean, cacheDir = cacheDirFrom(), variant: string | null = cpuVariant()?.name ?? null): string {
  return join(cacheDir, "llama.cpp", commit.slice(0, 12) + (variant ? `-${variant}` : "") + (cuda ? "-cuda" : ""));
}

export function cmakeFlags(cuda: boolean, variant = cpuVariant()): string[] {
  return [
    "-DCMAKE_BUILD_TYPE=Release",
    "-DGGML_NATIVE=OFF",
    ...(variant ? variant.features.map((f) => `-DGGML_${f}=ON`) : []),
    "-DLLAMA_USE_PREBUILT_UI=OFF",
    "-DLLAMA_BUILD_UI=OFF",
    "-DLLAMA_OPENSSL=OFF",
    "-DBUILD_SHARED_LIBS=OFF",
    "-DLLAMA_BUILD_TESTS=OFF",
    "-DLLAMA_BUILD_EXAMPLES=OFF",
    ...(cuda ? ["-DGGML_CUDA=ON"] : []),
  ];
}

function readManifest(dir: string): LlamaBuild | null {
  const file = join(dir, "build.json");
  if (!existsSync(file)) return null;
  try {
    const m = JSON.parse(readFileSync(file, "utf8")) as LlamaBuild;
    for (const t of LLAMA_TOOLS) if (!m.binaries?.[t] || !existsSync(m.binaries[t])) return null;
    return { ...m, seconds: 0 };
  } catch {
    return null;
  }
}

/** A finished build of the bundled commit in the cache, or null. Never builds. */
export function findLlamaBuild(opts: { cacheDir?: string; cuda?: boolean } = {}): LlamaBuild | null {
  let source: LlamaSource;
  try {
    source = llamaSource();
  } catch {
    return null;
  }
  const cacheDir = opts.cacheDir ?? cacheDirFrom();
  const order = opts.cuda === undefined ? [true, false] : [opts.cuda];
  // The variant node-llama-cpp runs here first (same kernels as the embedded engine), then a portable build.
  for (const variant of [cpuVariant()?.name ?? null, null])
    for (const cuda of order) {
      const m = readManifest(buildDir(source.commit, cuda, cacheDir, variant));
      if (m) return m;
    }
  return null;
}

/** A llama.cpp tool: WORKBENCH_<TOOL>_BIN, else a cached build of the bundled commit, else null. */
export function findLlamaTool(tool: LlamaTool, opts: { cacheDir?: string } = {}): string | null {
  const env = process.env[`WORKBENCH_${tool.replace(/-/g, "_").toUpperCase()}_BIN`];
  if (env) return env;
  return findLlamaBuild(opts)?.binaries[tool] ?? null;
}

export interface BuildOptions {
  cacheDir?: string;
  /** Build with CUDA (default: nvcc on PATH and a GPU listed by nvidia-smi). */
  cuda?: boolean;
  jobs?: number;
  /** Rebuild even when a finished build exists. */
  force?: boolean;
  /** "auto" (default), "portable" or a ggml x86 variant name (see CPU_VARIANT_CHOICES). */
  cpuVariant?: string;
  /** Progress lines (configure, percentage, done). */
  onProgress?: (line: string) => void;
  /** Full cmake output goes here (a log file next to the build). */
  logFile?: string;
}

function run(cmd: string, args: string[], opts: { cwd?: string; log: (chunk: string) => void; onLine?: (line: string) => void }): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(cmd, args, { cwd: opts.cwd, stdio: ["ignore", "pipe", "pipe"] });
    let tail: string[] = [];
    let partial = "";
    const onData = (b: Buffer) => {
      const s = b.toString("utf8");
      opts.log(s);
      const lines = (partial + s).split("\n");
      partial = lines.pop() ?? "";
      for (const l of lines) {
        tail.push(l);
        if (tail.length > 20) tail = tail.slice(-20);
        opts.onLine?.(l);
      }
    };
    child.stdout.on("data", onData);
    child.stderr.on("data", onData);
    child.on("error", (err) => reject(new LlamaBuildError(`${cmd}: ${err.message}`)));
    child.on("close", (code, signal) => {
      if (code === 0) return resolve();
      const err = tail.filter((l) => /error|Error|CMake Error|fatal/.test(l)).slice(-1)[0] ?? tail.slice(-1)[0] ?? "";
      reject(new LlamaBuildError(`${cmd} ${args[0] ?? ""} failed (${signal ?? `exit ${code}`}): ${err.trim()}`));
    });
  });
}

/** Build (or find) the tools. Idempotent: a finished build of the same commit and flavour is reused. */
export async function buildLlama(opts: BuildOptions = {}): Promise<LlamaBuild> {
  const source = llamaSource();
  const cuda = opts.cuda ?? cudaUsable();
  const variant = resolveCpuVariant(opts.cpuVariant);
  const dir = buildDir(source.commit, cuda, opts.cacheDir, variant?.name ?? null);
  const progress = opts.onProgress ?? (() => {});
  if (!opts.force) {
    const existing = readManifest(dir);
    if (existing) {
      progress(`llama.cpp ${existing.tag ?? ""} ${source.commit.slice(0, 7)}: already built in ${existing.binDir}`);
      return existing;
    }
  }
  requireTool("cmake", ["--version"], "cmake");
  if (!["c++", "g++", "clang++"].some((c) => hasCommand(c))) throw new LlamaBuildError("no C++ compiler found (c++, g++ or clang++): the llama.cpp build needs one; on Debian/Ubuntu: apt-get install g++");
  ensureDir(dir);
  const lock = join(dir, ".lock");
  try {
    mkdirSync(lock);
  } catch {
    const age = Date.now() - statSync(lock).mtimeMs;
    if (age < 3 * 3600_000) throw new LlamaBuildError(`${lock}: another build of llama.cpp is running here (remove the folder if it is not)`);
    rmSync(lock, { recursive: true, force: true });
    mkdirSync(lock);
  }
  const started = Date.now();
  const logFile = opts.logFile ?? join(dir, "build.log");
  const logChunks: string[] = [];
  const log = (s: string) => logChunks.push(s);
  try {
    const src = join(dir, "src");
    if (!existsSync(join(src, "CMakeLists.txt"))) {
      progress(`unpacking llama.cpp ${source.commit.slice(0, 7)} from ${source.bundle}`);
      rmSync(src, { recursive: true, force: true });
      await run("git", ["clone", "--quiet", "--no-checkout", source.bundle, src], { log });
      await run("git", ["-c", "advice.detachedHead=false", "checkout", "--quiet", source.commit], { cwd: src, log });
    }
    const flags = cmakeFlags(cuda, variant);
    progress(`configuring (${cuda ? "CUDA, " : ""}CPU variant ${variant?.name ?? "portable"}: ${flags.join(" ")})`);
    await run("cmake", ["-S", src, "-B", join(dir, "build"), ...flags], { log });
    const jobs = opts.jobs ?? Math.max(1, cpus().length);
    let last = -1;
    progress(`building ${LLAMA_TOOLS.join(", ")} with ${jobs} job(s); this takes 5-15 minutes on 2 cores`);
    await run("cmake", ["--build", join(dir, "build"), "--config", "Release", "-j", String(jobs), "--target", ...LLAMA_TOOLS], {
      log,
      onLine: (l) => {
        const m = /^\[\s*(\d+)%\]/.exec(l);
        if (m && Number(m[1]) >= last + 10) {
          last = Number(m[1]);
          progress(`building: ${last}%`);
        }
      },
    });
    const binDir = join(dir, "bin");
    ensureDir(binDir);
    const binaries = {} as Record<LlamaTool, string>;
    for (const t of LLAMA_TOOLS) {
      const built = join(dir, "build", "bin", t);
      if (!existsSync(built)) throw new LlamaBuildError(`${built}: the build finished without producing ${t}`);
      const dest = join(binDir, t);
      copyFileSync(built, dest + ".tmp");
      chmodSync(dest + ".tmp", 0o755);
      renameSync(dest + ".tmp", dest);
      binaries[t] = dest;
    }
    const manifest: LlamaBuild = {
      commit: source.commit,
      tag: source.tag,
      cuda,
      cpuVariant: variant?.name ?? null,
      binDir,
      binaries,
      cmakeFlags: flags,
      builtAt: new Date().toISOString(),
      seconds: Math.round((Date.now() - started) / 1000),
    };
    writeFileAtomic(join(dir, "build.json"), JSON.stringify(manifest, null, 2) + "\n");
    progress(`built in ${manifest.seconds} s: ${binDir}`);
    return manifest;
  } finally {
    try {
      writeFileAtomic(logFile, logChunks.join(""));
    } catch {
      // the log is a convenience; the build's outcome stands without it
    }
    rmSync(lock, { recursive: true, force: true });
  }
}
