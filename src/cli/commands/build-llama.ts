import { defineCommand } from "../command.js";
import { buildLlama, CPU_VARIANT_CHOICES, findLlamaBuild, LlamaBuildError, LLAMA_TOOLS, type LlamaBuild } from "../../target/llama-build.js";

function envLines(b: LlamaBuild): string {
  return LLAMA_TOOLS.map((t) => `export WORKBENCH_${t.replace(/-/g, "_").toUpperCase()}_BIN='${b.binaries[t]}'`).join("\n") + "\n";
}

export default defineCommand({
  meta: {
    name: "build-llama",
    description:
      "Build llama-server, llama-perplexity and llama-quantize from the llama.cpp source node-llama-cpp ships (offline, portable CPU flags, CUDA when nvcc and a GPU are present) into the user cache; idempotent.",
    examples: ["workbench build-llama", "workbench build-llama --check", 'eval "$(workbench build-llama --print-env)"'],
  },
  args: {
    cuda: { type: "boolean", description: "Build with CUDA (default: when nvcc is on PATH and nvidia-smi lists a GPU)" },
    cpu: { type: "boolean", description: "Build for CPU only, even when nvcc is present" },
    force: { type: "boolean", description: "Rebuild even when a finished build exists" },
    cpuVariant: {
      type: "string",
      choices: CPU_VARIANT_CHOICES,
      default: "auto",
      description: "x86 kernels: auto = the ggml variant node-llama-cpp runs on this CPU (same arithmetic as the embedded engine); portable = ggml's defaults (AVX2; faster than AVX-512 on some VMs); or a variant name",
      valueHint: "variant",
    },
    check: { type: "boolean", description: "Only say whether a finished build exists (exit 1 when not); never builds" },
    printEnv: { type: "boolean", description: "Print `export WORKBENCH_<TOOL>_BIN=...` lines on stdout (progress stays on stderr)" },
    json: { type: "boolean", description: "Print the build record as JSON" },
  },
  async run({ args, stdout, stderr }) {
    const cuda = args.cpu ? false : args.cuda ? true : undefined;
    let build: LlamaBuild | null;
    try {
      if (args.check) {
        build = findLlamaBuild(cuda === undefined ? {} : { cuda });
        if (!build) {
          stderr.write("workbench: no finished llama.cpp build in the cache (run `workbench build-llama`)\n");
          return 1;
        }
      } else {
        build = await buildLlama({ ...(cuda === undefined ? {} : { cuda }), force: !!args.force, cpuVariant: args.cpuVariant, onProgress: (l) => stderr.write(`build-llama: ${l}\n`) });
      }
    } catch (err) {
      if (err instanceof LlamaBuildError) {
        stderr.write(`workbench: ${err.message}\n`);
        return 2;
      }
      throw err;
    }
    if (args.json) stdout.write(JSON.stringify(build, null, 2) + "\n");
    else if (args.printEnv) stdout.write(envLines(build));
    else stdout.write(`llama.cpp ${build.tag ?? ""} (${build.commit.slice(0, 7)}, ${build.cuda ? "CUDA" : "CPU"}, ${build.cpuVariant ?? "portable"} kernels): ${build.binDir}\n` + LLAMA_TOOLS.map((t) => `  ${build!.binaries[t]}\n`).join(""));
    return 0;
  },
});
