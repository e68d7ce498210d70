// Kwarg validation shared by the checkers. Each helper mirrors what the reference's
// build_description does with the value, and throws IfevalRecordError where the reference
// raises or would substitute a random value (we never draw random values).
import { IfevalRecordError } from "./types.js";
import { PyFloat } from "../../pycompat/json/parse.js";

export type Relation = "less than" | "at least";

/** A Python number as read from JSON: the value, and whether Python would hold an int (true, 3) or a float (3.0). */
export interface PyNumber {
  value: number;
  isInt: boolean;
}

export function describe(v: unknown): string {
  if (v === null) return "null";
  if (Array.isArray(v)) return "a list";
  if (v instanceof PyFloat) return `the float ${v.value}`;
  if (typeof v === "object") return "an object";
  if (typeof v === "string") return `the string ${JSON.stringify(v)}`;
  return `${typeof v} ${String(v)}`;
}

/** Python truthiness of a JSON value: None, False, 0, 0.0, "", [] and {} are falsy. */
export function pyFalsy(v: unknown): boolean {
  if (v === undefined || v === null || v === false || v === 0 || v === "") return true;
  if (v instanceof PyFloat) return v.value === 0;
  if (Array.isArray(v)) return v.length === 0;
  return typeof v === "object" && Object.keys(v).length === 0;
}

/** Required kwarg present and not null (None would make the reference draw a random value). */
export function required(kw: Record<string, unknown>, name: string, id: string): unknown {
  const v = kw[name];
  if (v === undefined || v === null) {
    throw new IfevalRecordError(`${id}: kwarg ${name} is missing or null (the reference would draw a random value)`);
  }
  return v;
}

/** A number the reference accepts in `x < 0` / comparisons: int, float or bool. */
export function pyNumber(v: unknown, name: string, id: string): PyNumber {
  if (typeof v === "boolean") return { value: v ? 1 : 0, isInt: true };
  if (typeof v === "number") return { value: v, isInt: Number.isInteger(v) };
  if (v instanceof PyFloat) return { value: v.value, isInt: false };
  throw new IfevalRecordError(`${id}: kwarg ${name} must be a number, got ${describe(v)}`);
}

/** Threshold kwargs: None → random, negative → random in the reference (both errors here unless `keepNegative`). */
export function threshold(kw: Record<string, unknown>, name: string, id: string, keepNegative = false): number {
  const n = pyNumber(required(kw, name, id), name, id);
  if (!keepNegative && n.value < 0) {
    throw new IfevalRecordError(`${id}: kwarg ${name} is negative (${n.value}); the reference would draw a random value`);
  }
  return n.value;
}

export function relation(kw: Record<string, unknown>, name: string, id: string): Relation {
  const v = required(kw, name, id);
  if (v !== "less than" && v !== "at least") {
    throw new IfevalRecordError(`${id}: kwarg ${name} must be "less than" or "at least", got ${describe(v)}`);
  }
  return v;
}

export function compare(count: number, rel: Relation, limit: number): boolean {
  return rel === "less than" ? count < limit : count >= limit;
}

/** A string kwarg (the reference calls str methods on it; other types raise). */
export function str(kw: Record<string, unknown>, name: string, id: string): string {
  const v = required(kw, name, id);
  if (typeof v !== "string") throw new IfevalRecordError(`${id}: kwarg ${name} must be a string, got ${describe(v)}`);
  return v;
}

function codePointCompare(a: string, b: string): number {
  const ia = a[Symbol.iterator]();
  const ib = b[Symbol.iterator]();
  for (;;) {
    const x = ia.next();
    const y = ib.next();
    if (x.done || y.done) return x.done ? (y.done ? 0 : -1) : 1;
    const d = x.value.codePointAt(0)! - y.value.codePointAt(0)!;
    if (d !== 0) return d;
  }
}

/**
 * A kwarg value the reference accepts when building the instruction but fails on when the check
 * runs (so a blank response, which is never checked, still scores False instead of failing).
 */
export class Deferred {
  constructor(readonly message: string) {}
}

/** The value, or the reference's check-time failure. */
export function use<T>(v: T | Deferred): T {
  if (v instanceof Deferred) throw new IfevalRecordError(v.message);
  return v;
}

/** A string kwarg that the reference only uses (as a string) at check time; None is random. */
export function lateStr(kw: Record<string, unknown>, name: string, id: string): string | Deferred {
  const v = required(kw, name, id);
  return typeof v === "string" ? v : new Deferred(`${id}: kwarg ${name} must be a string, got ${describe(v)}`);
}

export const isPyNumberLike = (v: unknown): boolean => typeof v === "number" || typeof v === "boolean" || v instanceof PyFloat;

/**
 * A list of words as Python's `sorted(value)` (or `sorted(set(value))`) sees it: a list, or a
 * string (its characters), or a dict (its keys). Falsy (None, [], "", {}) → random in the
 * reference → error; an unsortable or unhashable list fails at build time; a non-string word is
 * only a problem once the check reaches it. Strings sort by code point.
 */
export function sortedWords(kw: Record<string, unknown>, name: string, id: string, dedupe: boolean): Array<string | Deferred> {
  const v = kw[name];
  let items: unknown[];
  if (typeof v === "string") items = Array.from(v);
  else if (Array.isArray(v)) items = v;
  else if (v !== null && typeof v === "object" && !(v instanceof PyFloat)) items = Object.keys(v);
  else if (pyFalsy(v)) items = [];
  else throw new IfevalRecordError(`${id}: kwarg ${name} must be a list of strings, got ${describe(v)}`);
  if (items.length === 0) {
    throw new IfevalRecordError(`${id}: kwarg ${name} is missing or empty (the reference would draw random words)`);
  }
  if (dedupe && items.some((it) => it !== null && typeof it === "object" && !(it instanceof PyFloat))) {
    throw new IfevalRecordError(`${id}: kwarg ${name} holds a list or object (unhashable in Python)`);
  }
  const strings = items.filter((it): it is string => typeof it === "string");
  if (strings.length === items.length) {
    const list = dedupe ? [...new Set(strings)] : strings;
    return list.sort(codePointCompare);
  }
  const sortable = items.length === 1 || items.every(isPyNumberLike) || items.every(Array.isArray);
  if (!sortable) throw new IfevalRecordError(`${id}: kwarg ${name} mixes strings and other values (Python cannot sort it)`);
  return items.map((it) => new Deferred(`${id}: ${describe(it)} in kwarg ${name} is not a string (Python's re raises TypeError)`));
}

/** Fail like Python's TypeError for keyword arguments the reference's build_description does not take. */
export function checkKwargNames(kw: Record<string, unknown>, names: readonly string[], id: string): void {
  for (const k of Object.keys(kw)) {
    if (!names.includes(k)) throw new IfevalRecordError(`unknown kwarg ${k} for ${id}`);
  }
}
