// Plain-text table layout for terminal reports.

export type Align = "l" | "r";

/** Render rows under a header, columns padded to their widest cell; `indent` prefixes every line. */
export function renderTable(header: string[], rows: string[][], align: Align[], indent = ""): string[] {
  const widths = header.map((h, c) => Math.max(h.length, ...rows.map((r) => (r[c] ?? "").length)));
  const line = (cells: string[]) =>
    indent +
    cells
      .map((cell, c) => (align[c] === "r" ? cell.padStart(widths[c]!) : cell.padEnd(widths[c]!)))
      .join("  ")
      .trimEnd();
  return [line(header), ...rows.map(line)];
}
