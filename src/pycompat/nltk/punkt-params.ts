import { readFileSync } from "node:fs";
import path from "node:path";

/**
 * Trained Punkt parameters (the content of NLTK's `PunktParameters`), as read
 * from the `punkt_tab` text layout.
 */
export interface PunktParams {
  /** Known abbreviation types, lower-case, without the final period (e.g. "dr", "u.s"). */
  abbrevTypes: ReadonlySet<string>;
  /** Collocations (type before the period -> set of following types), e.g. "##number##" -> {"abreast"}. */
  collocations: ReadonlyMap<string, ReadonlySet<string>>;
  /** Frequent sentence starters (lower-case types). */
  sentStarters: ReadonlySet<string>;
  /** Orthographic context flags per type (bit set of NLTK's _ORTHO_* constants). */
  orthoContext: ReadonlyMap<string, number>;
}

function readLines(dir: string, file: string): Array<{ line: string; lineNo: number }> {
  const full = path.join(dir, file);
  let text: string;
  try {
    text = readFileSync(full, "utf8");
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code ?? "read error";
    throw new Error(`punkt params: cannot read ${file} in ${dir} (${code})`);
  }
  const out: Array<{ line: string; lineNo: number }> = [];
  const raw = text.split("\n");
  for (let i = 0; i < raw.length; i++) {
    let line = raw[i] as string;
    if (line.endsWith("\r")) line = line.slice(0, -1);
    // Entries may legitimately end with a space (". . "), so only empty lines are dropped.
    if (line === "") continue;
    out.push({ line, lineNo: i + 1 });
  }
  return out;
}

function splitTab(file: string, line: string, lineNo: number, what: string): [string, string] {
  const parts = line.split("\t");
  if (parts.length !== 2 || parts[0] === "" || parts[1] === "") {
    throw new Error(`punkt params: ${file} line ${lineNo}: expected '${what}', got ${JSON.stringify(line)}`);
  }
  return [parts[0] as string, parts[1] as string];
}

/**
 * Loads Punkt parameters from a punkt_tab language directory, e.g.
 * `<dataDir>/nltk_data/tokenizers/punkt_tab/english`, which holds
 * `abbrev_types.txt`, `collocations.tab`, `sent_starters.txt` and `ortho_context.tab`.
 */
export function loadPunktParams(dir: string): PunktParams {
  const abbrevTypes = new Set<string>();
  for (const { line } of readLines(dir, "abbrev_types.txt")) abbrevTypes.add(line);

  const collocations = new Map<string, Set<string>>();
  for (const { line, lineNo } of readLines(dir, "collocations.tab")) {
    const [first, second] = splitTab("collocations.tab", line, lineNo, "word<TAB>word");
    let set = collocations.get(first);
    if (!set) collocations.set(first, (set = new Set<string>()));
    set.add(second);
  }

  const sentStarters = new Set<string>();
  for (const { line } of readLines(dir, "sent_starters.txt")) sentStarters.add(line);

  const orthoContext = new Map<string, number>();
  for (const { line, lineNo } of readLines(dir, "ortho_context.tab")) {
    const [word, flags] = splitTab("ortho_context.tab", line, lineNo, "word<TAB>integer flags");
    if (!/^\d+$/.test(flags)) {
      throw new Error(`punkt params: ortho_context.tab line ${lineNo}: expected integer flags, got ${JSON.stringify(flags)}`);
    }
    orthoContext.set(word, (orthoContext.get(word) ?? 0) | Number(flags));
  }

  if (abbrevTypes.size === 0) throw new Error(`punkt params: abbrev_types.txt in ${dir} has no entries`);
  if (orthoContext.size === 0) throw new Error(`punkt params: ortho_context.tab in ${dir} has no entries`);
  return { abbrevTypes, collocations, sentStarters, orthoContext };
}
