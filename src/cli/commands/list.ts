// `workbench list`: the benchmarks eval can run, with the size of each dataset, its protocol and
// generation defaults, and what a run costs in requests; from the registry's static facts and the
// benchmark definitions (no dataset is read).
import { datasetFacts, distributionBenchmarks, knownBenchmarks, loadBenchmark, type DatasetFacts } from "../../benchmarks/registry.js";
import { defineCommand, UsageError } from "../command.js";

export interface ListRow {
  benchmark: string;
  description: string;
  /** Items in the full dataset. */
  items: number;
  /** Protocol recorded in results for a chat backend (completion backends may use another). */
  protocol: string;
  max_tokens: number;
  samples_per_item: number;
  /** How --limit N selects items. */
  limit_rule: string;
  /** Requests a run sends (full set, or under --limit); `requests_exact` false when only an upper bound is known. */
  requests: number;
  requests_exact: boolean;
  /** Upper bound of generated tokens: requests × samples × max_tokens. */
  max_generated_tokens: number;
}

/** Items a run selects under `limit`, and whether that number is exact (per-category limits above the smallest category give a bound). */
function selectedItems(f: DatasetFacts, limit: number | undefined): { n: number; exact: boolean } {
  if (limit === undefined) return { n: f.items, exact: true };
  if (!f.limitPer) return { n: Math.min(limit, f.items), exact: true };
  if (limit <= f.limitPer.smallest) return { n: limit * f.limitPer.count, exact: true };
  return { n: Math.min(limit * f.limitPer.count, f.items), exact: limit * f.limitPer.count >= f.items };
}

export async function listRows(limit?: number): Promise<ListRow[]> {
  return Promise.all(
    knownBenchmarks().map(async (name): Promise<ListRow> => {
      const b = await loadBenchmark(name, { chat: true });
      const f = datasetFacts(name)!;
      const samples = b.samplesPerItem ?? 1;
      const sel = selectedItems(f, limit);
      const per = f.limitPer;
      return {
        benchmark: name,
        description: b.description,
        items: f.items,
        protocol: b.protocol,
        max_tokens: b.defaults.max_tokens,
        samples_per_item: samples,
        limit_rule: per ? `first N of each of the ${per.count} ${per.name}s` : "first N items",
        requests: sel.n,
        requests_exact: sel.exact,
        max_generated_tokens: sel.n * samples * b.defaults.max_tokens,
      };
    }),
  );
}

/** A benchmark that scores a text with the model's distributions (no prompts, no --limit). */
export interface DistributionRow {
  benchmark: string;
  description: string;
  protocol: string;
  /** Its own flags. */
  flags: string[];
}

export function distributionRows(): DistributionRow[] {
  return distributionBenchmarks().map((b) => ({
    benchmark: b.name,
    description: b.description,
    protocol: b.protocol,
    flags: ["--perplexity-text FILE", "--ctx N", "--top-k K|all", "--perplexity-from RESULT.json", "--scorer auto|embedded|llama-server|vllm|sglang"],
  }));
}

function table(rows: ListRow[], limit: number | undefined): string {
  const head = ["benchmark", "items", "protocol (chat)", "max tokens", "samples/item", limit === undefined ? "requests" : `requests (--limit ${limit})`, "--limit N takes"];
  const body = rows.map((r) => [
    r.benchmark,
    r.items.toLocaleString("en-US"),
    r.protocol,
    String(r.max_tokens),
    String(r.samples_per_item),
    `${r.requests_exact ? "" : "≤ "}${r.requests.toLocaleString("en-US")}${r.samples_per_item > 1 ? ` (×${r.samples_per_item} samples)` : ""}`,
    r.limit_rule,
  ]);
  const widths = head.map((h, i) => Math.max(h.length, ...body.map((row) => row[i]!.length)));
  const line = (cells: string[]) => cells.map((c, i) => c.padEnd(widths[i]!)).join("  ").trimEnd();
  const total = rows.reduce((a, r) => a + r.requests * r.samples_per_item, 0);
  return [
    line(head),
    line(widths.map((w) => "-".repeat(w))),
    ...body.map(line),
    "",
    `All of them: ~${total.toLocaleString("en-US")} generations; each generates at most its max tokens (HumanEval --samples N multiplies its requests).`,
    "",
    "Scored from the model's next-token distributions (no generation, --limit does not apply):",
    ...distributionRows().map((d) => `${d.benchmark}  ${d.description}\n${"".padEnd(d.benchmark.length)}  flags: ${d.flags.join(", ")}`),
  ].join("\n") + "\n";
}

export default defineCommand({
  meta: {
    name: "list",
    description: "List the benchmarks eval can run: dataset size, protocol, generation defaults and how many requests a run sends.",
    usage: "workbench list [--limit N] [--json]",
    examples: ["workbench list", "workbench list --limit 20", "workbench list --json"],
  },
  args: {
    limit: { type: "string", description: "Show the requests a run with eval --limit N sends", valueHint: "n" },
    json: { type: "boolean", description: "Machine-readable output" },
  },
  async run({ args, stdout }) {
    let limit: number | undefined;
    if (args.limit !== undefined) {
      if (!/^[1-9][0-9]*$/.test(args.limit)) throw new UsageError(`list: --limit: expected a positive integer, got '${args.limit}'`);
      limit = Number(args.limit);
    }
    const rows = await listRows(limit);
    stdout.write(args.json ? JSON.stringify({ limit: limit ?? null, benchmarks: rows, distribution_benchmarks: distributionRows() }, null, 2) + "\n" : table(rows, limit));
    return 0;
  },
});
