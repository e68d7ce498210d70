// Checking one benchmark's own options (what the eval flags hand it): each key is declared with
// what it expects; an unknown key or a wrong value is a usage error naming the benchmark and key.
import { UsageError } from "../../util/usage-error.js";

export interface OptionSpec {
  /** What a valid value looks like, for the error message. */
  expected: string;
  valid(value: unknown): boolean;
}

export const stringOption: OptionSpec = { expected: "a non-empty string", valid: (v) => typeof v === "string" && v !== "" };

export const positiveIntOption: OptionSpec = { expected: "a positive integer", valid: (v) => typeof v === "number" && Number.isInteger(v) && v > 0 };

export function oneOf(values: readonly string[]): OptionSpec {
  return { expected: `one of ${values.join(", ")}`, valid: (v) => typeof v === "string" && values.includes(v) };
}

/** The options with undefined values dropped, each checked against its spec. */
export function checkOptions<O extends object>(benchmark: string, raw: Record<string, unknown> | undefined, specs: Record<keyof O & string, OptionSpec>): O {
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(raw ?? {})) {
    if (value === undefined) continue;
    const spec = (specs as Record<string, OptionSpec>)[key];
    if (!spec) throw new UsageError(`${benchmark}: unknown option '${key}' (known: ${Object.keys(specs).join(", ") || "none"})`);
    if (!spec.valid(value)) throw new UsageError(`${benchmark}: option ${key}: expected ${spec.expected}, got ${JSON.stringify(value)}`);
    out[key] = value;
  }
  return out as O;
}
