// Strict and loose evaluation of one record, exactly as the reference's evaluation_lib builds them.
import { buildInstruction, type BuiltInstruction } from "./registry.js";
import { IfevalRecordError, type CheckContext, type IfevalInput, type IfevalRow } from "./types.js";
import { pyStrip } from "../../pycompat/py/str.js";

/**
 * The reference's 8 loose variants, in order: the response, without "*", then without the first
 * line, the last line, both (these three stripped), then those three without "*".
 */
export function looseVariants(response: string): string[] {
  const lines = response.split("\n");
  const first = pyStrip(lines.slice(1).join("\n"));
  const last = pyStrip(lines.slice(0, -1).join("\n"));
  const both = pyStrip(lines.slice(1, -1).join("\n"));
  const noStar = (s: string): string => s.replaceAll("*", "");
  return [response, noStar(response), first, last, both, noStar(first), noStar(last), noStar(both)];
}

function buildAll(input: IfevalInput): BuiltInstruction[] {
  const ids: unknown = input.instruction_id_list;
  const kwargs: unknown = input.kwargs;
  if (!Array.isArray(ids)) throw new IfevalRecordError(ids === undefined ? "missing field instruction_id_list" : "instruction_id_list must be a list");
  if (!Array.isArray(kwargs)) throw new IfevalRecordError(kwargs === undefined ? "missing field kwargs" : "kwargs must be a list");
  if (kwargs.length < ids.length) {
    throw new IfevalRecordError(`kwargs has ${kwargs.length} entries for ${ids.length} instructions (the reference raises IndexError)`);
  }
  return ids.map((id, i) => buildInstruction(id, kwargs[i]));
}

export type ModeResult = { follow: boolean[] } | { error: string };

function errorMessage(err: unknown): string {
  if (err instanceof IfevalRecordError) return err.message;
  return `internal error: ${err instanceof Error ? err.message : String(err)}`;
}

/** Strict: followed iff the response is not blank and the check passes on it. */
export function evaluateStrict(input: IfevalInput, response: string, ctx: CheckContext, prebuilt?: BuiltInstruction[]): ModeResult {
  try {
    const built = prebuilt ?? buildAll(input);
    const nonBlank = pyStrip(response) !== "";
    return { follow: built.map((b) => nonBlank && b.checker.check(b.config, response, ctx)) };
  } catch (err) {
    return { error: errorMessage(err) };
  }
}

/**
 * Loose: followed iff some non-blank variant passes, variants tried in the reference's order.
 * Checks are pure functions of the text, so a variant equal to an earlier one is skipped (same
 * verdict, and any error it raises was raised already), and `strict` (the verdicts on variant 0,
 * when known) is reused.
 */
export function evaluateLoose(
  input: IfevalInput,
  response: string,
  ctx: CheckContext,
  strict?: boolean[],
  prebuilt?: BuiltInstruction[],
): ModeResult {
  try {
    const built = prebuilt ?? buildAll(input);
    let variants: string[] | undefined; // distinct non-blank variants, built on first need
    let skip = 0;
    const follow = built.map((b, i) => {
      if (strict && strict[i]) return true;
      if (!variants) {
        variants = [];
        for (const v of looseVariants(response)) if (pyStrip(v) !== "" && !variants.includes(v)) variants.push(v);
        skip = strict && variants[0] === response ? 1 : 0;
      }
      for (let k = skip; k < variants.length; k++) if (b.checker.check(b.config, variants[k]!, ctx)) return true;
      return false;
    });
    return { follow };
  } catch (err) {
    return { error: errorMessage(err) };
  }
}

/**
 * Both modes. The instructions are built once (building is deterministic here, so the reference's
 * separate build per mode gives the same objects), and loose reuses the strict verdicts; a strict
 * pass that failed is redone in loose order.
 */
export function evaluateBoth(input: IfevalInput, response: string, ctx: CheckContext): { strict: ModeResult; loose: ModeResult } {
  let built: BuiltInstruction[];
  try {
    built = buildAll(input);
  } catch (err) {
    const error = { error: errorMessage(err) };
    return { strict: error, loose: error };
  }
  const strict = evaluateStrict(input, response, ctx, built);
  const loose = evaluateLoose(input, response, ctx, "follow" in strict ? strict.follow : undefined, built);
  return { strict, loose };
}

export function toRow(input: IfevalInput, r: ModeResult): IfevalRow {
  const { key, prompt, instruction_id_list } = input;
  if ("error" in r) return { key, prompt, instruction_id_list, error: r.error };
  return { key, prompt, instruction_id_list, follow_all_instructions: !r.follow.includes(false), follow_instruction_list: r.follow };
}
