// Small counting helpers shared by the scorers and the runner's usage figures.
import type { ResponseRecord } from "../types.js";

/** Fraction with a null for an empty denominator. */
export function rate(num: number, den: number): number | null {
  return den > 0 ? num / den : null;
}

/** The record to score for an item: the first sample, or an error string when there is none. */
export function firstResponse(responses: Map<string, ResponseRecord[]>, id: string): { record?: ResponseRecord; error?: string } {
  const list = responses.get(id);
  const record = list?.[0];
  if (!record) return { error: "no response" };
  if (record.error !== undefined) return { record, error: record.error || "request failed" };
  return { record };
}

/** A truncated reply: the request succeeded and the server stopped at max_tokens. */
export function isTruncated(reply: Pick<ResponseRecord, "finish_reason" | "error">): boolean {
  return reply.error === undefined && reply.finish_reason === "length";
}
