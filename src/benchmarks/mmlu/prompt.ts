// The 5-shot letter prompt (Hendrycks/HELM form, single-space header as lm-eval and deepeval write it):
//   The following are multiple choice questions (with answers) about {subject words}.\n\n
//   {q}\nA. {A}\nB. {B}\nC. {C}\nD. {D}\nAnswer: {X}\n\n     x 5 (dev rows in file order)
//   {q}\nA. ...\nD. {D}\nAnswer:
import { LETTERS, type MmluItem, type MmluQuestion } from "./data.js";

export const MMLU_SHOTS = 5;

export function subjectWords(subject: string): string {
  return subject.replaceAll("_", " ");
}

function formatQuestion(q: MmluQuestion): string {
  let s = q.question.trim();
  for (let i = 0; i < 4; i++) s += `\n${LETTERS[i]}. ${q.choices[i]}`;
  return s + "\nAnswer:";
}

export function mmluPrompt(item: MmluItem): string {
  let s = `The following are multiple choice questions (with answers) about ${subjectWords(item.subject)}.\n\n`;
  for (const shot of item.shots.slice(0, MMLU_SHOTS)) s += `${formatQuestion(shot)} ${shot.answer}\n\n`;
  return s + formatQuestion(item);
}
