// The per-question choice order for TruthfulQA MC1 as letter choice. The data always lists the true
// answer first, so the choices must be shuffled, and identically on every run and machine:
//   key(i) = sha256_hex(utf8(question + "\n" + choice_i))
//   order  = indices sorted by key ascending (byte order of the hex string), ties by original index.
// In Python: sorted(range(n), key=lambda i: (hashlib.sha256((q + "\n" + c[i]).encode()).hexdigest(), i))
// `order[k]` is the original index of the choice shown under letter k.
import { createHash } from "node:crypto";

export const PERMUTATION_METHOD = "sha256(question + '\\n' + choice) ascending, ties by index";

export function choiceOrder(question: string, choices: readonly string[]): number[] {
  const keys = choices.map((c) => createHash("sha256").update(question + "\n" + c, "utf8").digest("hex"));
  return choices.map((_, i) => i).sort((a, b) => (keys[a]! < keys[b]! ? -1 : keys[a]! > keys[b]! ? 1 : a - b));
}
