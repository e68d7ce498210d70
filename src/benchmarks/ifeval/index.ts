// IFEval scorer with Google's reference semantics (instruction_following_eval), for in-process use.
export type { IfevalInput, IfevalResponse, IfevalRow, IfevalReport, IfevalMetrics, IfevalAccuracy, IfevalScoredRow, IfevalErrorRow } from "./types.js";
export { isErrorRow, IfevalRecordError } from "./types.js";
export { createIfevalScorer, assetNeeds, matchResponses, type IfevalScorer, type ScorerOptions } from "./scorer.js";
export { loadIfevalInputs, loadIfevalResponses, IfevalFileError } from "./io.js";
export { buildReport } from "./aggregate.js";
export { instructionIds } from "./registry.js";
export { runScoreIfeval, OUTPUT_FILES, type ScoreIfevalArgs } from "./cli.js";
