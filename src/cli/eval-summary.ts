// The end of `workbench eval` on stdout: a compact Markdown table (benchmark, metric, score, items,
// errors, truncated), one line per benchmark on what was generated (requests sent, with their
// tokens and speed, and answers taken from the response store, counted apart), and the path written.
import type { BenchmarkResult } from "../results/schema.js";

function table(rows: string[][]): string[] {
  const widths = rows[0]!.map((_, c) => Math.max(...rows.map((r) => r[c]!.length)));
  const line = (r: string[]) => `| ${r.map((x, c) => (c >= 2 ? x.padStart(widths[c]!) : x.padEnd(widths[c]!))).join(" | ")} |`;
  return [line(rows[0]!), `| ${widths.map((w, c) => (c >= 2 ? "-".repeat(w - 1) + ":" : "-".repeat(w))).join(" | ")} |`, ...rows.slice(1).map(line)];
}

/** What was generated for one benchmark: requests actually sent, and cached answers apart. */
export function generationLine(name: string, b: BenchmarkResult): string {
  const u = b.usage;
  const cached = u.cached ? `${u.cached} answer(s) from the response store (cached)` : "";
  // Failed items are left out of the metrics: say over how many items they are.
  const over = b.counts && b.counts.failed ? `; INCOMPLETE: metrics over ${b.counts.scored} of ${b.counts.items} items, ${b.counts.failed} failed` : "";
  // Empty answers are counted over every sample, those from the response store included.
  const empty = u.empty ? `; ${u.empty} empty responses` : "";
  if (u.requests === 0) return `${name}: nothing sent${cached ? `; ${cached}` : ""}${empty}${over}`;
  const speed = u.tokens_per_s !== null && u.tokens_per_s !== undefined ? `, ${Math.round(u.tokens_per_s)} tok/s` : "";
  return `${name}: ${u.requests} request(s) sent, ${u.completion_tokens} completion tokens in ${u.wall_s.toFixed(1)} s${speed}${cached ? `; ${cached}` : ""}${empty}${over}`;
}

export function runSummary(benchmarks: Record<string, BenchmarkResult>, resultFile: string): string {
  const rows: string[][] = [["benchmark", "metric", "score", "items", "errors", "truncated"]];
  for (const [name, b] of Object.entries(benchmarks)) {
    const metrics = new Map<string, number | null>(Object.entries(b.metrics));
    for (const [k, v] of Object.entries(b["pass@k"] ?? {})) if (!metrics.has(k)) metrics.set(k, v);
    if (metrics.size === 0) metrics.set("score", b.overall_score);
    const errors = b.items.filter((i) => i.error !== undefined).length;
    let first = true;
    for (const [metric, v] of metrics) {
      rows.push([first ? name : "", metric, v === null ? "n/a" : v.toFixed(4), first ? String(b.questions) : "", first ? String(errors) : "", first ? `${(b.usage.truncation_rate * 100).toFixed(1)}%` : ""]);
      first = false;
    }
  }
  const lines = [...table(rows), "", ...Object.entries(benchmarks).map(([n, b]) => generationLine(n, b)), `wrote ${resultFile}`];
  return lines.join("\n") + "\n";
}
