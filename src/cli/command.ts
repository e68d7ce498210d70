// A small citty-style command definition on top of node:util parseArgs.
import { parseArgs } from "node:util";
import { UsageError } from "../util/usage-error.js";

export { UsageError };

export type ArgType = "string" | "boolean";

export interface ArgDef {
  type: ArgType;
  description: string;
  /** Accept the flag several times, or several space-separated values after it (strings only). */
  multiple?: boolean;
  short?: string;
  default?: string | boolean;
  required?: boolean;
  valueHint?: string;
}

export type ArgsDef = Record<string, ArgDef>;

type ValueOf<D extends ArgDef> = D["type"] extends "boolean"
  ? boolean
  : D["multiple"] extends true
    ? string[]
    : string;

export type ParsedArgs<A extends ArgsDef> = {
  [K in keyof A]: A[K]["required"] extends true
    ? ValueOf<A[K]>
    : A[K]["default"] extends string | boolean
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

/** Flags that take several values: `--benchmark ifeval humaneval` is read as `--benchmark ifeval --benchmark humaneval`. */
function expandMultiValues(argv: string[], args: ArgsDef): string[] {
  const out: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    out.push(a);
    if (!a.startsWith("--") || a.includes("=")) continue;
    const def = args[kebabToKey(a.slice(2), args)];
    if (!def || def.type !== "string" || !def.multiple) continue;
    if (i + 1 < argv.length) out.push(argv[++i]!);
    while (i + 1 < argv.length && !argv[i + 1]!.startsWith("-")) out.push(a, argv[++i]!);
  }
  return out;
}

function kebabToKey(flag: string, args: ArgsDef): string {
  if (flag in args) return flag;
  const camel = flag.replace(/-([a-z])/g, (_, c: string) => c.toUpperCase());
  return camel;
}

function keyToFlag(key: string): string {
  return key.replace(/[A-Z]/g, (c) => "-" + c.toLowerCase());
}

export function parseCommandArgs<A extends ArgsDef>(def: CommandDef<A>, argv: string[]): ParsedArgs<A> {
  const options: Record<string, { type: ArgType; multiple?: boolean; short?: string }> = {};
  for (const [key, a] of Object.entries(def.args)) {
    options[keyToFlag(key)] = { type: a.type, ...(a.multiple ? { multiple: true } : {}), ...(a.short ? { short: a.short } : {}) };
  }
  let parsed;
  try {
    parsed = parseArgs({ args: expandMultiValues(argv, def.args), options, allowPositionals: true, strict: true });
  } catch (err) {
    throw new UsageError(`${def.meta.name}: ${(err as Error).message.split("\n")[0]}`);
  }
  const result: Record<string, unknown> = { _: parsed.positionals };
  for (const [key, a] of Object.entries(def.args)) {
    let v = (parsed.values as Record<string, unknown>)[keyToFlag(key)];
    if (v === undefined && a.default !== undefined) v = a.multiple ? [a.default] : a.default;
    if (v === undefined && a.required) throw new UsageError(`${def.meta.name}: missing required option --${keyToFlag(key)} (${a.description})`);
    if (a.type === "string" && !a.multiple && typeof v === "string" && v === "" && a.required) {
      throw new UsageError(`${def.meta.name}: option --${keyToFlag(key)} needs a value`);
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
    const flag = `--${keyToFlag(k)}${a.type === "string" ? ` <${a.valueHint ?? "value"}>${a.multiple ? "..." : ""}` : ""}`;
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
  if (argv.includes("--help") || argv.includes("-h")) {
    io.stdout.write(renderHelp(def));
    return 0;
  }
  try {
    const args = parseCommandArgs(def, argv);
    return await def.run({ args, stdout: io.stdout, stderr: io.stderr });
  } catch (err) {
    if (err instanceof UsageError) {
      io.stderr.write(`workbench: ${err.message}\n`);
      return 2;
    }
    throw err;
  } finally {
    await def.cleanup?.();
  }
}
