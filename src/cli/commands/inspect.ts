import { defineCommand, UsageError } from "../command.js";
import { describeModel } from "../../model/metadata.js";
import { ModelPathError } from "../../model/resolve-path.js";
import { GgufError } from "../../model/gguf.js";
import { gpuInfo } from "../../system/gpu-info.js";

const kib = (n: number) => (n >= 2 ** 20 ? `${(n / 2 ** 20).toFixed(1)} MiB` : `${(n / 1024).toFixed(1)} KiB`);

/** The weight-matrix histogram, most numerous type first, with each type's bytes and share of them. */
function tensorTable(types: Record<string, number>, bytes: Record<string, number>, dominant: string | null): string {
  const total = Object.values(bytes).reduce((a, b) => a + b, 0);
  const rows = Object.entries(types).map(([t, n]) => {
    const b = bytes[t];
    const size = b === undefined ? "size unknown" : `${kib(b).padStart(10)}  ${((100 * b) / (total || 1)).toFixed(1).padStart(5)}% of bytes`;
    return `  ${t.padEnd(8)} ${String(n).padStart(5)}  ${size}${t === dominant ? "  (dominant)" : ""}\n`;
  });
  return `tensor types (weight matrices; 1-D tensors left out):\n${rows.join("")}`;
}

export default defineCommand({
  meta: {
    name: "inspect",
    description: "Show the metadata recorded for a model path (format, quantization, fingerprint) and this machine's GPU/CPU.",
    usage: "workbench inspect [MODEL_PATH] [--json]",
    examples: ["workbench inspect ~/models/org/Model-Q4_K_M.gguf", "workbench inspect ~/.cache/huggingface/hub/models--org--name --json", "workbench inspect --json   # GPU info only"],
  },
  args: { json: { type: "boolean", description: "Machine-readable output" } },
  positionals: { name: "model path", min: 0, max: 1 },
  async run({ args, stdout }) {
    const path = args._[0];
    let model;
    if (path !== undefined) {
      try {
        model = describeModel(path);
      } catch (err) {
        if (err instanceof ModelPathError || err instanceof GgufError) throw new UsageError(err.message);
        throw err;
      }
    }
    const gpu = await gpuInfo();
    if (args.json) {
      stdout.write(JSON.stringify({ ...(model ? { model } : {}), gpu_info: gpu }, null, 2) + "\n");
      return 0;
    }
    if (model) {
      stdout.write(`model:        ${model.repo_id}\nformat:       ${model.model_format}\nquantization: ${model.quantization}\n`);
      if (model.tensor_types) stdout.write(tensorTable(model.tensor_types, model.tensor_bytes ?? {}, model.dominant_type ?? null));
      if (model.quantization_warning) stdout.write(`warning: ${model.quantization_warning}\n`);
      if (model.gguf) stdout.write(`architecture: ${model.gguf.architecture ?? "?"}\nparameters:   ${model.gguf.parameters.toLocaleString("en-US")}\ncontext:      ${model.gguf.context_length ?? "?"}\nchat template: ${model.gguf.has_chat_template ? "yes" : "no"}\n`);
      if (model.safetensors) stdout.write(`architecture: ${model.safetensors.architecture ?? "?"}\ndtype:        ${model.safetensors.torch_dtype ?? "?"}\n`);
      stdout.write(`size:         ${(model.size_bytes / 2 ** 20).toFixed(1)} MiB in ${model.files.length} file(s)\nfingerprint:  ${model.fingerprint}\n\n`);
    }
    if (gpu.available) for (const g of gpu.gpus ?? []) stdout.write(`gpu ${g.index}: ${g.name}, ${g.memory_total_mib ?? "?"} MiB (driver ${gpu.driver_version ?? "?"}, CUDA ${gpu.cuda_version ?? "?"})\n`);
    else stdout.write(`gpu: none (${gpu.reason})\n`);
    stdout.write(`cpu: ${gpu.cpu.model}, ${gpu.cpu.physical_cores} physical / ${gpu.cpu.logical_cores} logical cores, ${gpu.cpu.ram_gib} GiB RAM\n`);
    return 0;
  },
});
