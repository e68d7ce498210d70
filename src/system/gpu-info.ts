// gpu_info for result files: nvidia-smi when present; otherwise why not, plus the CPU the run used. Never throws.
import { execFile } from "node:child_process";
import { cpus, totalmem } from "node:os";
import { readFileSync } from "node:fs";

export type GpuDevice = {
  index: number;
  name: string;
  memory_total_mib: number | null;
  memory_used_mib: number | null;
  compute_capability?: string;
};

export type CpuInfo = {
  model: string;
  logical_cores: number;
  physical_cores: number;
  ram_gib: number;
};

export type GpuInfo = {
  available: boolean;
  reason?: string;
  count?: number;
  gpus?: GpuDevice[];
  driver_version?: string;
  cuda_version?: string;
  cpu: CpuInfo;
};

export const NVIDIA_SMI_QUERY = ["--query-gpu=index,name,memory.total,memory.used,driver_version", "--format=csv,noheader,nounits"];

const numOrNull = (s: string | undefined): number | null => {
  const n = Number(s?.trim());
  return s !== undefined && s.trim() !== "" && Number.isFinite(n) ? n : null;
};

/** Parse `nvidia-smi --query-gpu=index,name,memory.total,memory.used,driver_version --format=csv,noheader,nounits`. */
export function parseNvidiaSmiCsv(out: string): { gpus: GpuDevice[]; driver_version?: string } {
  const gpus: GpuDevice[] = [];
  let driver: string | undefined;
  for (const line of out.split(/\r?\n/)) {
    if (!line.trim()) continue;
    const f = line.split(",").map((x) => x.trim());
    if (f.length < 5) continue;
    gpus.push({ index: Number(f[0]), name: f[1]!, memory_total_mib: numOrNull(f[2]), memory_used_mib: numOrNull(f[3]) });
    driver ??= f[4];
  }
  return { gpus, ...(driver ? { driver_version: driver } : {}) };
}

/** The CUDA version from plain `nvidia-smi` output's banner ("CUDA Version: 12.4"). */
export function parseCudaVersion(banner: string): string | undefined {
  return /CUDA Version:\s*([0-9.]+)/.exec(banner)?.[1];
}

export function cpuInfo(): CpuInfo {
  const list = cpus();
  let physical = list.length;
  try {
    // Count distinct (physical id, core id) pairs.
    const txt = readFileSync("/proc/cpuinfo", "utf8");
    const pairs = new Set<string>();
    for (const block of txt.split(/\n\n/)) {
      const phys = /physical id\s*:\s*(\d+)/.exec(block)?.[1];
      const core = /core id\s*:\s*(\d+)/.exec(block)?.[1];
      if (phys !== undefined && core !== undefined) pairs.add(`${phys}:${core}`);
    }
    if (pairs.size) physical = pairs.size;
  } catch {
    /* not Linux */
  }
  return { model: list[0]?.model.trim() ?? "unknown", logical_cores: list.length, physical_cores: physical, ram_gib: Math.round((totalmem() / 2 ** 30) * 10) / 10 };
}

function run(cmd: string, args: string[], timeoutMs: number): Promise<{ ok: boolean; out: string; err: string }> {
  return new Promise((res) => {
    execFile(cmd, args, { timeout: timeoutMs, encoding: "utf8" }, (error, stdout, stderr) => {
      res({ ok: !error, out: stdout ?? "", err: error ? ((error as NodeJS.ErrnoException).code === "ENOENT" ? "ENOENT" : (stderr || error.message).trim()) : "" });
    });
  });
}

export async function gpuInfo(opts: { nvidiaSmi?: string; timeoutMs?: number } = {}): Promise<GpuInfo> {
  const cpu = cpuInfo();
  const smi = opts.nvidiaSmi ?? "nvidia-smi";
  try {
    const q = await run(smi, NVIDIA_SMI_QUERY, opts.timeoutMs ?? 5000);
    if (!q.ok) {
      const reason = q.err === "ENOENT" ? "nvidia-smi not found (no NVIDIA driver on this machine)" : `nvidia-smi failed: ${q.err.split("\n")[0]}`;
      return { available: false, reason, cpu };
    }
    const parsed = parseNvidiaSmiCsv(q.out);
    if (!parsed.gpus.length) return { available: false, reason: "nvidia-smi lists no GPU", cpu };
    const banner = await run(smi, [], opts.timeoutMs ?? 5000);
    const cuda = parseCudaVersion(banner.out);
    return { available: true, count: parsed.gpus.length, gpus: parsed.gpus, ...(parsed.driver_version ? { driver_version: parsed.driver_version } : {}), ...(cuda ? { cuda_version: cuda } : {}), cpu };
  } catch (err) {
    return { available: false, reason: `could not query GPUs: ${(err as Error).message}`, cpu };
  }
}
