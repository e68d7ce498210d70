// The 25 registered instruction ids of the reference (instructions_registry.INSTRUCTION_DICT).
// Exhaustive and fail-closed: an id not listed here is a per-record error, never a pass.
import { caseCheckers } from "./instructions/case.js";
import { combinationCheckers } from "./instructions/combination.js";
import { contentCheckers } from "./instructions/content.js";
import { formatCheckers } from "./instructions/format.js";
import { keywordCheckers } from "./instructions/keywords.js";
import { languageCheckers } from "./instructions/language.js";
import { lengthCheckers } from "./instructions/length.js";
import { punctuationCheckers } from "./instructions/punctuation.js";
import { startendCheckers } from "./instructions/startend.js";
import { checkKwargNames } from "./kwargs.js";
import { IfevalRecordError, type Checker } from "./types.js";

const ALL: ReadonlyArray<Checker<unknown>> = [
  ...keywordCheckers,
  ...languageCheckers,
  ...lengthCheckers,
  ...contentCheckers,
  ...formatCheckers,
  ...combinationCheckers,
  ...startendCheckers,
  ...caseCheckers,
  ...punctuationCheckers,
];

export const REGISTRY: ReadonlyMap<string, Checker<unknown>> = new Map(ALL.map((c) => [c.id, c]));

/** Instruction ids defined in the reference but commented out of its registry. */
const UNREGISTERED = new Set(["keywords:key_sentences", "detectable_content:rephrase_paragraph", "detectable_format:rephrase", "multi-turn:constrained_start"]);

export function instructionIds(): string[] {
  return [...REGISTRY.keys()];
}

/** A checker bound to its validated config, built once per instruction and reused for every variant. */
export interface BuiltInstruction {
  checker: Checker<unknown>;
  config: unknown;
}

export function buildInstruction(id: unknown, kwargs: unknown): BuiltInstruction {
  if (typeof id !== "string") throw new IfevalRecordError(`instruction id must be a string, got ${JSON.stringify(id)}`);
  const checker = REGISTRY.get(id);
  if (!checker) {
    const why = UNREGISTERED.has(id) ? " (defined but not registered in the reference)" : "";
    throw new IfevalRecordError(`unknown instruction id ${JSON.stringify(id)}${why}`);
  }
  if (kwargs === null || typeof kwargs !== "object" || Array.isArray(kwargs)) {
    throw new IfevalRecordError(`${id}: kwargs must be an object, got ${kwargs === undefined ? "nothing" : JSON.stringify(kwargs)}`);
  }
  const kw = kwargs as Record<string, unknown>;
  checkKwargNames(kw, checker.kwargNames, id);
  return { checker, config: checker.build(kw) };
}
