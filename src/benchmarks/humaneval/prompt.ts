// How HumanEval is asked.
//
// Completion mode (base models): the raw prompt, cut at the Codex stop sequences. OpenAI-style APIs
// take at most 4 stop strings: send HUMANEVAL_STOP_SEQUENCES.slice(0, 4).
// Chat mode (instruct models): one user message from buildChatPrompt, no stop sequences (they would
// cut inside reasoning or after the first helper function); the answer then goes through extractCode.
import type { HumanEvalProblem } from "./problems.js";

/** The Codex paper's stop sequences, most important first. */
export const HUMANEVAL_STOP_SEQUENCES: string[] = ["\nclass", "\ndef", "\n#", "\nif", "\nprint"];

/**
 * The chat-mode user message:
 *
 *   Complete the following Python function. Reply with the whole function (its signature included,
 *   with any imports and helper functions it needs) in a single ```python code block.
 *
 *   ```python
 *   <prompt, trimmed>
 *   ```
 */
export function buildChatPrompt(problem: HumanEvalProblem): string {
  return (
    "Complete the following Python function. Reply with the whole function (its signature included, " +
    "with any imports and helper functions it needs) in a single ```python code block.\n\n" +
    "```python\n" +
    problem.prompt.trim() +
    "\n```\n"
  );
}
