// Public types of the IFEval scorer, and the small contract every instruction checker implements.

export interface IfevalInput {
  key: number | string;
  prompt: string;
  instruction_id_list: string[];
  kwargs: Array<Record<string, unknown>>;
}

export interface IfevalResponse {
  key?: number | string;
  prompt: string;
  response: string;
}

interface RowBase {
  key: number | string;
  prompt: string;
  instruction_id_list: string[];
}

export type IfevalScoredRow = RowBase & { follow_all_instructions: boolean; follow_instruction_list: boolean[] };
export type IfevalErrorRow = RowBase & { error: string };
export type IfevalRow = IfevalScoredRow | IfevalErrorRow;

export function isErrorRow(row: IfevalRow): row is IfevalErrorRow {
  return "error" in row;
}

export interface IfevalMetrics {
  prompt_level_strict: number;
  inst_level_strict: number;
  prompt_level_loose: number;
  inst_level_loose: number;
}

/** Accuracy (fraction in [0,1]) per instruction id or category, with how many instances were scored. */
export interface IfevalAccuracy {
  strict: number;
  loose: number;
  /** Instances scored in strict mode. */
  total: number;
  /** Instances scored in loose mode (differs from `total` only when a record failed in one mode). */
  loose_total: number;
}

export interface IfevalReport {
  strict: IfevalRow[];
  loose: IfevalRow[];
  metrics: IfevalMetrics;
  /** Records with an error in at least one mode (excluded from that mode's metrics). */
  errors: number;
  /** Records scored in both modes. */
  scored: number;
  per_instruction: Record<string, IfevalAccuracy>;
  /** Same, per category (the id's prefix before ':'). */
  per_category: Record<string, IfevalAccuracy>;
}

/** Services a checker may need; heavy resources behind them load on first use. */
export interface CheckContext {
  countSentences(text: string): number;
  wordTokenize(text: string): string[];
  /** Python langdetect.detect with seed 0; throws LangDetectException like the original. */
  detectLanguage(text: string): string;
  isLangDetectException(err: unknown): boolean;
}

/** A per-record failure: the reference would raise here; the record is reported, not scored. */
export class IfevalRecordError extends Error {
  override name = "IfevalRecordError";
}

export interface Checker<C = unknown> {
  id: string;
  /** Every keyword argument the reference's build_description accepts (anything else is a TypeError there). */
  kwargNames: readonly string[];
  /** Validate kwargs into a config; throws IfevalRecordError where the reference raises or would draw random values. */
  build(kwargs: Record<string, unknown>): C;
  /** The reference's check_following on one text. May throw IfevalRecordError where the reference raises at check time. */
  check(config: C, text: string, ctx: CheckContext): boolean;
}
