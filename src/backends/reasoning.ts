// Reasoning removal before scoring (the runner and the offline scorers both use it): the answer is what
// follows the last `</think>`; a `<think>` that never closes leaves no answer at all.

export interface StrippedResponse {
  /** The text to score. */
  text: string;
  /** True when the reply opened `<think>` and never closed it (e.g. cut off by max_tokens). */
  unclosedThink: boolean;
}

const OPEN = "<think>";
const CLOSE = "</think>";

export function stripReasoning(raw: string): StrippedResponse {
  const end = raw.lastIndexOf(CLOSE);
  if (end >= 0) return { text: raw.slice(end + CLOSE.length), unclosedThink: false };
  if (raw.includes(OPEN)) return { text: "", unclosedThink: true };
  return { text: raw, unclosedThink: false };
}
