// A small RFC-4180 CSV reader that keeps every field as the raw string it is in the file.
// Records end at CRLF, LF or a lone CR (files mix them); quoted fields may span lines and use ""
// for a literal quote. Nothing is converted: `None`, `0.`, `140.` and empty fields stay strings.
// Lenient like Python's csv module (strict=False): a quote inside an unquoted field is literal, and
// characters after a closing quote are appended to the field. An unterminated quote is an error.

export class CsvError extends Error {
  override name = "CsvError";
}

const COMMA = 44;
const QUOTE = 34;
const LF = 10;
const CR = 13;

/**
 * Parse CSV text into rows of raw string fields. A final line end does not add an empty row; a blank
 * line inside the text gives an empty row `[]`. A leading UTF-8 BOM is skipped.
 */
export function parseCsv(text: string, source = "<csv>"): string[][] {
  const rows: string[][] = [];
  const n = text.length;
  let i = text.charCodeAt(0) === 0xfeff ? 1 : 0;
  let line = 1;
  while (i < n) {
    const first = text.charCodeAt(i);
    if (first === LF || first === CR) {
      // A blank line is an empty record (as Python's csv reader yields []).
      i += first === CR && text.charCodeAt(i + 1) === LF ? 2 : 1;
      line++;
      rows.push([]);
      continue;
    }
    const row: string[] = [];
    const rowLine = line;
    for (;;) {
      let field = "";
      if (text.charCodeAt(i) === QUOTE) {
        i++;
        let start = i;
        for (;;) {
          if (i >= n) throw new CsvError(`${source}:${rowLine}: unterminated quoted field`);
          const c = text.charCodeAt(i);
          if (c === QUOTE) {
            field += text.slice(start, i);
            if (text.charCodeAt(i + 1) === QUOTE) {
              field += '"';
              i += 2;
              start = i;
              continue;
            }
            i++;
            break;
          }
          if (c === LF || (c === CR && text.charCodeAt(i + 1) !== LF)) line++;
          i++;
        }
      }
      // Unquoted field, or what follows a closing quote, up to the delimiter or line end.
      const start = i;
      while (i < n) {
        const c = text.charCodeAt(i);
        if (c === COMMA || c === LF || c === CR) break;
        i++;
      }
      field += text.slice(start, i);
      row.push(field);
      if (i < n && text.charCodeAt(i) === COMMA) {
        i++;
        continue;
      }
      break;
    }
    // At a line end (or EOF).
    if (i < n) {
      if (text.charCodeAt(i) === CR && text.charCodeAt(i + 1) === LF) i += 2;
      else i++;
      line++;
    }
    rows.push(row);
  }
  return rows;
}
