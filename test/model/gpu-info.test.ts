import { test } from "node:test";
import assert from "node:assert/strict";
import { mkdtempSync, writeFileSync, chmodSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parseNvidiaSmiCsv, parseCudaVersion, gpuInfo } from "../../src/system/gpu-info.js";

// Captured from `nvidia-smi --query-gpu=index,name,memory.total,memory.used,driver_version --format=csv,noheader,nounits`.
const CAPTURED = "0, NVIDIA H100 80GB HBM3, 81559, 4, 550.54.15\n1, NVIDIA H100 80GB HBM3, 81559, 71234, 550.54.15\n";
const BANNER = `+-----------------------------------------------------------------------------------------+
| NVIDIA-SMI 550.54.15              Driver Version: 550.54.15      CUDA Version: 12.4     |
|-----------------------------------------+------------------------+----------------------+`;

test("parses nvidia-smi CSV and the CUDA version banner", () => {
  const p = parseNvidiaSmiCsv(CAPTURED);
  assert.equal(p.gpus.length, 2);
  assert.deepEqual(p.gpus[1], { index: 1, name: "NVIDIA H100 80GB HBM3", memory_total_mib: 81559, memory_used_mib: 71234 });
  assert.equal(p.driver_version, "550.54.15");
  assert.equal(parseCudaVersion(BANNER), "12.4");
  assert.deepEqual(parseNvidiaSmiCsv("").gpus, []);
  assert.equal(parseNvidiaSmiCsv("0, Tesla T4, [N/A], [N/A], 535.1\n").gpus[0]!.memory_total_mib, null);
});

test("no nvidia-smi or a failing one: available false with a reason, CPU described, never throws", async () => {
  const none = await gpuInfo({ nvidiaSmi: "/nonexistent/nvidia-smi" });
  assert.equal(none.available, false);
  assert.match(none.reason!, /not found/);
  assert.ok(none.cpu.logical_cores >= 1 && none.cpu.physical_cores >= 1 && none.cpu.ram_gib > 0);
  const dir = mkdtempSync(join(tmpdir(), "wb-smi-"));
  const failing = join(dir, "nvidia-smi");
  writeFileSync(failing, "#!/bin/sh\necho 'NVIDIA-SMI has failed because it could not communicate with the NVIDIA driver.' >&2\nexit 9\n");
  chmodSync(failing, 0o755);
  const f = await gpuInfo({ nvidiaSmi: failing });
  assert.equal(f.available, false);
  assert.match(f.reason!, /could not communicate/);
});

test("a working nvidia-smi (fake executable replaying captured output) is parsed end to end", async () => {
  const dir = mkdtempSync(join(tmpdir(), "wb-smi-"));
  const fake = join(dir, "nvidia-smi");
  writeFileSync(join(dir, "query.txt"), CAPTURED);
  writeFileSync(join(dir, "banner.txt"), BANNER);
  writeFileSync(fake, `#!/bin/sh\nif [ "$#" -gt 0 ]; then cat "${join(dir, "query.txt")}"; else cat "${join(dir, "banner.txt")}"; fi\n`);
  chmodSync(fake, 0o755);
  const g = await gpuInfo({ nvidiaSmi: fake });
  assert.equal(g.available, true);
  assert.equal(g.count, 2);
  assert.equal(g.cuda_version, "12.4");
  assert.equal(g.driver_version, "550.54.15");
});
