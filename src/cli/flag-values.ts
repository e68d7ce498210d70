// Values of flags shared by `eval` and `sweep` that need more than a type check: shell-like
// --server-args words and JSON-object flags such as --gen-kwargs.
import { UsageError } from "../util/usage-error.js";
import { shellWords, ShellWordsError } from "../util/shell-words.js";

export function parseServerArgs(command: string, v: string | undefined): string[] {
  if (v === undefined) return [];
  try {
    return shellWords(v);
  } catch (err) {
    if (err instanceof ShellWordsError) throw new UsageError(`${command}: --server-args: ${err.message}`);
    throw err;
  }
}

export function parseJsonObjectFlag(command: string, flag: string, v: string | undefined): Record<string, unknown> | undefined {
  if (v === undefined) return undefined;
  let x: unknown;
  try {
    x = JSON.parse(v);
  } catch (err) {
    throw new UsageError(`${command}: --${flag}: not valid JSON (${(err as Error).message})`);
  }
  if (typeof x !== "object" || x === null || Array.isArray(x)) throw new UsageError(`${command}: --${flag}: expected a JSON object like '{"top_k": 20}'`);
  return x as Record<string, unknown>;
}
