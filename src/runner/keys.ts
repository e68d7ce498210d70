// Response-store keys: sha256 of the canonical request (sorted-key JSON), the model identity and
// the sample index. A re-quantized model under the same name has another identity, so another key.
import { createHash } from "node:crypto";

function sortedKeys(_key: string, value: unknown): unknown {
  if (value === null || typeof value !== "object" || Array.isArray(value)) return value;
  const obj = value as Record<string, unknown>;
  const out: Record<string, unknown> = {};
  for (const k of Object.keys(obj).sort()) out[k] = obj[k];
  return out;
}

/** JSON with object keys sorted at every level (arrays keep their order); undefined fields dropped. */
export function canonicalJson(value: unknown): string {
  return JSON.stringify(value, sortedKeys) ?? "null";
}

/** The part of every sample key shared by all samples of one request. */
export function requestKeyBase(identity: string, request: unknown): string {
  return canonicalJson({ v: 1, model: identity, request });
}

export function sampleKey(base: string, sample: number): string {
  return createHash("sha256").update(base).update("\u0000sample=" + sample).digest("hex");
}
