import { defineCommand } from "../command.js";
import { ASSETS } from "../../assets/catalog.js";
import { resolveAsset, dataDirFrom, cacheDirFrom, checkDataDirOption } from "../../assets/resolve.js";

export default defineCommand({
  meta: {
    name: "assets",
    description: "List the data assets and where each resolves; --fetch downloads missing ones into the cache.",
    examples: ["workbench assets", "workbench assets --fetch --json", "WORKBENCH_DATA_DIR=../shared/datasets workbench assets"],
  },
  args: {
    dataDir: { type: "string", description: "Directory holding <dataset>/<file> copies (else WORKBENCH_DATA_DIR)", valueHint: "dir" },
    fetch: { type: "boolean", description: "Download missing files into the cache (checksums verified)" },
    json: { type: "boolean", description: "Machine-readable output" },
  },
  async run({ args, stdout }) {
    checkDataDirOption("assets", args.dataDir);
    const opts = { dataDir: args.dataDir, offline: !args.fetch };
    const rows: Array<{ asset: string; dataset: string; files: number; status: string; description: string }> = [];
    let failed = 0;
    for (const def of Object.values(ASSETS)) {
      try {
        const r = await resolveAsset(def, opts);
        const where = [...new Set(Object.values(r.sources))].join("+");
        rows.push({ asset: def.name, dataset: def.dataset, files: def.files.length, status: where, description: def.description });
      } catch (err) {
        failed++;
        rows.push({ asset: def.name, dataset: def.dataset, files: def.files.length, status: `missing (${(err as Error).message})`, description: def.description });
      }
    }
    if (args.json) {
      stdout.write(JSON.stringify({ data_dir: dataDirFrom(opts) ?? null, cache_dir: cacheDirFrom(opts), assets: rows }, null, 2) + "\n");
    } else {
      stdout.write(`data dir: ${dataDirFrom(opts) ?? "(none)"}\ncache:    ${cacheDirFrom(opts)}\n\n`);
      for (const r of rows) {
        const missing = r.status.startsWith("missing");
        stdout.write(`${r.asset.padEnd(20)} ${String(r.files).padStart(4)} file(s)  ${missing ? "missing" : r.status}\n`);
        // After a failed download, say why (offline, HTTP error, checksum) under the row.
        if (missing && args.fetch) stdout.write(`${"".padEnd(20)}   ${r.status.slice("missing (".length, -1)}\n`);
      }
      if (failed) stdout.write(`\n${failed} asset(s) missing; run with --fetch to download them, or point --data-dir at local copies.\n`);
    }
    return failed ? 1 : 0;
  },
});
