// A small citty-style command definition on top of node:util parseArgs.
import { parseArgs } from "node:util";
import { UsageError } from "../util/usage-error.js";
import { closest } from "../util/did-you-mean.js";
import { printable } from "../util/printable.js";

export { UsageError };

export type ArgType = "string" | "boolean" | "int" | "number";

export interface ArgDef {
  /** "int" and "number" are parsed and range-checked (min/max) before the command runs. */
  type: ArgType;
  description: string;
  /** Accept the flag several times, or several space-separated values after it (strings only). */
  multiple?: boolean;
  short?: string;
  default?: string | boolean | number;
  required?: boolean;
  valueHint?: string;
  /** The only values a string option accepts. */
  choices?: readonly string[];
  /** Bounds of an int/number option, inclusive unless marked exclusive. */
  min?: number;
  max?: number;
  minExclusive?: boolean;
  maxExclusive?: boolean;
}

export type ArgsDef = Record<string, ArgDef>;

type ValueOf<D extends ArgDef> = D["type"] extends "boolean"
  ? boolean
  : D["type"] extends "int" | "number"
    ? number
    : D["multiple"] extends true
      ? string[]
      : string;

export type ParsedArgs<A extends ArgsDef> = {
  [K in keyof A]: A[K]["required"] extends true
    ? ValueOf<A[K]>
    : A[K]["default"] extends string | boolean | number
      ? ValueOf<A[K]>
      : ValueOf<A[K]> | undefined;
} & { _: string[] };

export interface CommandContext<A extends ArgsDef> {
  args: ParsedArgs<A>;
  stdout: NodeJS.WritableStream;
  stderr: NodeJS.WritableStream;
}

export interface CommandDef<A extends ArgsDef = ArgsDef> {
  meta: { name: string; description: string; usage?: string; examples?: string[] };
  args: A;
  /** Number of positional arguments accepted (default 0); Infinity for any. */
  positionals?: { name: string; min: number; max: number };
  run(ctx: CommandContext<A>): Promise<number> | number;
  cleanup?(): Promise<void> | void;
}

export function defineCommand<A extends ArgsDef>(def: CommandDef<A>): CommandDef<A> {
  return def;
}

function kebabToKey(flag: string, args: ArgsDef): string {
  if (flag in args) return flag;
  const camel = flag.replace(/-([a-z])/g, (_, c: string) => c.toUpperCase());
  return camel;
}

function keyToFlag(key: string): string {
  return key.replace(/[A-Z]/g, (c) => "-" + c.toLowerCase());
}

/** The definition a `--flag`, `--flag=v` or `-s` token names, if any. */
function defOf(token: string, args: ArgsDef): [string, ArgDef] | undefined {
  if (token.startsWith("--")) {
    const key = kebabToKey(token.slice(2).split("=")[0]!, args);
    return args[key] ? [key, args[key]] : undefined;
  }
  if (/^-[A-Za-z0-9]$/.test(token)) return Object.entries(args).find(([, a]) => a.short === token.slice(1));
  return undefined;
}

function isOptionToken(token: string, args: ArgsDef): boolean {
  return token === "--" || token === "--help" || token === "-h" || defOf(token, args) !== undefined;
}

interface Normalized {
  argv: string[];
  help: boolean;
  /** The first unusable flag, reported unless --help was asked for. */
  problem?: string;
}

/**
 * Rewrites every option value into `--flag=value` so that values starting with `-` (`--server-args "-t 1"`,
 * `--seed -1`) reach the option, unless the next token is itself one of this command's options (then the
 * flag is missing its value). Flags that take several values: `--benchmark ifeval humaneval` is read as
 * `--benchmark=ifeval --benchmark=humaneval`.
 */
function normalizeArgv(argv: string[], args: ArgsDef): Normalized {
  const out: string[] = [];
  let help = false;
  let problem: string | undefined;
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    if (a === "--") {
      out.push(...argv.slice(i));
      break;
    }
    if (a === "--help" || a === "-h") help = true;
    const found = a.includes("=") ? undefined : defOf(a, args);
    if (!found || found[1].type === "boolean") {
      out.push(a);
      continue;
    }
    const [key, def] = found;
    const flag = `--${keyToFlag(key)}`;
    const next = argv[i + 1];
    if (next === undefined || isOptionToken(next, args)) {
      problem ??= `option ${flag} needs a value`;
      continue;
    }
    out.push(`${flag}=${next}`);
    i++;
    if (def.multiple) while (i + 1 < argv.length && !argv[i + 1]!.startsWith("-")) out.push(`${flag}=${argv[++i]!}`);
  }
  return { argv: out, help, ...(problem ? { problem } : {}) };
}

function rangeText(a: ArgDef): string {
  const { min, max } = a;
  if (min !== undefined && max !== undefined && !a.minExclusive && !a.maxExclusive) return ` from ${min} to ${max}`;
  if (min !== undefined && max === undefined && !a.minExclusive) return ` from ${min} up`;
  const parts: string[] = [];
  if (min !== undefined) parts.push(a.minExclusive ? `greater than ${min}` : `at least ${min}`);
  if (max !== undefined) parts.push(a.maxExclusive ? `less than ${max}` : `at most ${max}`);
  return parts.length ? " " + parts.join(" and ") : "";
}

/** A numeric option's value, or the reason it is not one. */
function numericValue(a: ArgDef, raw: string): number | string {
  const text = raw.trim();
  const x = Number(text);
  const isInt = a.type === "int";
  const shapeOk = isInt ? /^[+-]?\d+$/.test(text) && Number.isSafeInteger(x) : text !== "" && Number.isFinite(x);
  const inRange =
    (a.min === undefined || (a.minExclusive ? x > a.min : x >= a.min)) && (a.max === undefined || (a.maxExclusive ? x < a.max : x <= a.max));
  if (shapeOk && inRange) return x;
  return `expected ${isInt ? "an integer" : "a number"}${rangeText(a)}, got '${raw}'`;
}

/** The first `--flag` (before `--`) that this command does not define, with the closest one it does. */
function unknownOption(argv: string[], args: ArgsDef): string | undefined {
  const known = [...Object.keys(args).map(keyToFlag), "help"];
  for (const a of argv) {
    if (a === "--") break;
    if (!a.startsWith("--")) continue;
    const name = a.slice(2).split("=")[0]!;
    if (known.includes(name)) continue;
    const guess = closest(name, known);
    return `unknown option --${name}${guess ? ` (did you mean --${guess}?)` : ""}`;
  }
  return undefined;
}

export function parseCommandArgs<A extends ArgsDef>(def: CommandDef<A>, argv: string[]): ParsedArgs<A> {
  const normalized = normalizeArgv(argv, def.args);
  const unknown = unknownOption(normalized.argv, def.args);
  if (unknown) throw new UsageError(`${def.meta.name}: ${unknown}`);
  if (normalized.problem) throw new UsageError(`${def.meta.name}: ${normalized.problem}`);
  const options: Record<string, { type: "string" | "boolean"; multiple?: boolean; short?: string }> = {};
  for (const [key, a] of Object.entries(def.args)) {
    options[keyToFlag(key)] = { type: a.type === "boolean" ? "boolean" : "string", ...(a.multiple ? { multiple: true } : {}), ...(a.short ? { short: a.short } : {}) };
  }
  let parsed;
  try {
    parsed = parseArgs({ args: normalized.argv, options, allowPositionals: true, strict: true });
  } catch (err) {
    throw new UsageError(`${def.meta.name}: ${(err as Error).message.split("\n")[0]}`);
  }
  const result: Record<string, unknown> = { _: parsed.positionals };
  for (const [key, a] of Object.entries(def.args)) {
    const flag = `--${keyToFlag(key)}`;
    let v = (parsed.values as Record<string, unknown>)[keyToFlag(key)];
    if (v === undefined && a.default !== undefined) v = a.multiple ? [a.default] : a.default;
    if (v === undefined && a.required) throw new UsageError(`${def.meta.name}: missing required option ${flag} (${a.description})`);
    if (a.type === "string" && !a.multiple && typeof v === "string" && v === "" && a.required) {
      throw new UsageError(`${def.meta.name}: option ${flag} needs a value`);
    }
    if (a.choices && v !== undefined) {
      for (const x of Array.isArray(v) ? v : [v]) {
        if (!a.choices.includes(String(x))) throw new UsageError(`${def.meta.name}: ${flag}: expected one of ${a.choices.join(", ")}, got '${String(x)}'`);
      }
    }
    if ((a.type === "int" || a.type === "number") && typeof v === "string") {
      const x = numericValue(a, v);
      if (typeof x === "string") throw new UsageError(`${def.meta.name}: ${flag}: ${x}`);
      v = x;
    }
    result[key] = v;
  }
  const pos = def.positionals ?? { name: "", min: 0, max: 0 };
  if (parsed.positionals.length < pos.min || parsed.positionals.length > pos.max) {
    const extra = parsed.positionals.length > pos.max ? `unexpected argument '${parsed.positionals[pos.max]}'` : `missing ${pos.name}`;
    throw new UsageError(`${def.meta.name}: ${extra}`);
  }
  return result as ParsedArgs<A>;
}

export function renderHelp(def: CommandDef): string {
  const lines = [`${def.meta.description}`, "", `Usage: ${def.meta.usage ?? `workbench ${def.meta.name} [options]`}`, "", "Options:"];
  const entries = Object.entries(def.args).map(([k, a]) => {
    const flag = `--${keyToFlag(k)}${a.type !== "boolean" ? ` <${a.valueHint ?? "value"}>${a.multiple ? "..." : ""}` : ""}`;
    const dflt = a.default !== undefined && a.default !== false ? ` (default: ${String(a.default)})` : "";
    return [flag, a.description + dflt] as const;
  });
  const width = Math.max(12, ...entries.map(([f]) => f.length));
  for (const [f, d] of entries) lines.push(`  ${f.padEnd(width)}  ${d}`);
  lines.push(`  ${"--help".padEnd(width)}  Show this help`);
  if (def.meta.examples?.length) {
    lines.push("", "Examples:");
    for (const e of def.meta.examples) lines.push(`  ${e}`);
  }
  return lines.join("\n") + "\n";
}

/** Run a command with argv (already stripped of the command path); returns the exit code. */
export async function runCommand(def: CommandDef, argv: string[], io: { stdout: NodeJS.WritableStream; stderr: NodeJS.WritableStream } = { stdout: process.stdout, stderr: process.stderr }): Promise<number> {
  if (normalizeArgv(argv, def.args).help) {
    io.stdout.write(renderHelp(def));
    return 0;
  }
  try {
    const args = parseCommandArgs(def, argv);
    return await def.run({ args, stdout: io.stdout, stderr: io.stderr });
  } catch (err) {
    if (err instanceof UsageError) {
      io.stderr.write(`workbench: ${printable(err.message, { oneLine: true })}\n`);
      return 2;
    }
    throw err;
  } finally {
    await def.cleanup?.();
  }
}
