// HumanEval as a runner Benchmark. Chat backends: one user message (buildChatPrompt), the answer's
// code extracted by extractCode. Completion backends: the raw prompt, the continuation cut at the
// Codex stop sequences. Every sample is executed by the reference-exact executor; per item the pass
// rate over its samples, overall pass@k for every k the sample count allows.
import type { ItemResult } from "../../results/schema.js";
import type { SandboxMode } from "../../sandbox/index.js";
import { loadDatasetFile } from "../shared/load-dataset.js";
import { checkOptions, oneOf, positiveIntOption, stringOption } from "../shared/options.js";
import type { Benchmark, ChatMessage, ScoreOutput } from "../types.js";
import { HUMANEVAL_STOP_SEQUENCES, buildChatPrompt, executeSamples, extractCode, loadHumanEvalProblems, passAtKReport, type HumanEvalProblem } from "./index.js";

export const HUMANEVAL_FILE = "HumanEval.jsonl.gz";
export const PASS_AT_K = [1, 10, 100];
/** OpenAI-style APIs take at most 4 stop strings; the fifth is applied here after the fact. */
const SENT_STOPS = HUMANEVAL_STOP_SEQUENCES.slice(0, 4);

export interface HumanEvalTaskOptions {
  mode: "chat" | "completion";
  /** Problems file instead of the humaneval asset (e.g. HumanEval+ OriginFmt). */
  file?: string;
  /** How the samples are isolated (default auto: bwrap when it works). */
  sandbox?: SandboxMode;
  /** Programs run side by side (default: one sandbox per CPU, at most 32). */
  workers?: number;
  /** Interpreter for the samples (default: WORKBENCH_PYTHON, /usr/bin/python3, python3 on PATH). */
  python?: string;
}

export const HUMANEVAL_SANDBOX_MODES: readonly SandboxMode[] = ["auto", "bwrap", "basic"];

/** HumanEval's own options from the eval flags (the chat/completion mode comes from the backend). */
export function parseHumanEvalOptions(raw: Record<string, unknown> | undefined): Omit<HumanEvalTaskOptions, "mode"> {
  return checkOptions<Omit<HumanEvalTaskOptions, "mode">>("humaneval", raw, { file: stringOption, sandbox: oneOf(HUMANEVAL_SANDBOX_MODES), workers: positiveIntOption, python: stringOption });
}

/** A completion-mode continuation cut at the first stop sequence (servers may honour only some). */
export function cutAtStops(text: string, stops: readonly string[] = HUMANEVAL_STOP_SEQUENCES): string {
  let end = text.length;
  for (const s of stops) {
    const i = text.indexOf(s);
    if (i >= 0 && i < end) end = i;
  }
  return text.slice(0, end);
}

export function createHumanEvalBenchmark(opts: HumanEvalTaskOptions): Benchmark<HumanEvalProblem> {
  const chat = opts.mode === "chat";
  return {
    name: "humaneval",
    protocol: chat ? "humaneval-chat-extract" : "humaneval-completion-codex-stops",
    description: "HumanEval (164 Python problems) executed against the reference tests; pass@k",
    defaults: { max_tokens: 1024, temperature: 0 },
    samplesPerItem: 1,

    load: (lo) =>
      loadDatasetFile(
        {
          name: "humaneval",
          asset: "humaneval",
          file: HUMANEVAL_FILE,
          version: "openai/human-eval 6d43fb9",
          replacement: opts.file !== undefined ? { file: opts.file, label: "custom problems file" } : undefined,
          parse: (file) => loadHumanEvalProblems({ file }),
        },
        lo,
      ),

    itemId: (p) => p.task_id,

    prompt(p, po) {
      const messages: ChatMessage[] = [];
      if (po.systemPrompt) messages.push({ role: "system", content: po.systemPrompt });
      messages.push({ role: "user", content: buildChatPrompt(p) });
      return { messages, prompt: p.prompt, stop: SENT_STOPS };
    },

    async score(items, responses): Promise<ScoreOutput> {
      const out = new Map<string, ItemResult>();
      const verdicts = new Map<string, boolean[]>();
      const samples: Array<{ task_id: string; completion: string }> = [];
      /** samples[i] is sample slot[i] of its task. */
      const slot: number[] = [];
      const policies: Record<string, number> = {};
      for (const p of items) {
        const recs = responses.get(p.task_id) ?? [];
        const failed = recs.find((r) => r.error !== undefined);
        if (recs.length === 0 || failed) {
          out.set(p.task_id, { id: p.task_id, scores: {}, error: failed?.error || "no response", finish_reason: recs[0]?.finish_reason ?? null });
          continue;
        }
        verdicts.set(p.task_id, new Array<boolean>(recs.length).fill(false));
        for (let s = 0; s < recs.length; s++) {
          const r = recs[s]!;
          slot.push(s);
          let completion: string;
          if (chat) {
            const ex = extractCode(r.text, p);
            completion = ex.completion;
            policies[ex.policy] = (policies[ex.policy] ?? 0) + 1;
          } else completion = cutAtStops(r.text);
          samples.push({ task_id: p.task_id, completion });
        }
      }
      const ran: Array<{ task_id: string; passed: boolean }> = [];
      let sandbox: { mode: string; python: string; python_version: string } | undefined;
      const onSandbox = (i: { mode: string; python: { executable: string; version: string } }) => (sandbox = { mode: i.mode, python: i.python.executable, python_version: i.python.version });
      const execOpts = { sandbox: opts.sandbox, onSandbox, ...(opts.workers !== undefined ? { workers: opts.workers } : {}), ...(opts.python !== undefined ? { python: opts.python } : {}) };
      for await (const r of executeSamples(items, samples, execOpts)) {
        verdicts.get(r.task_id)![slot[r.index]!] = r.passed;
        ran.push({ task_id: r.task_id, passed: r.passed });
      }
      for (const [id, v] of verdicts) {
        out.set(id, { id, scores: { "pass@1": v.filter(Boolean).length / v.length }, samples: v, finish_reason: responses.get(id)?.[0]?.finish_reason ?? null });
      }
      const n = Math.min(...[...verdicts.values()].map((v) => v.length));
      const ks = PASS_AT_K.filter((k) => verdicts.size > 0 && k <= n);
      const passAtK = ks.length ? passAtKReport(ran, ks) : {};
      const pass1 = passAtK["pass@1"] ?? null;
      return {
        metrics: { "pass@1": pass1 },
        overall_score: pass1,
        "pass@k": passAtK,
        items: items.map((p) => out.get(p.task_id)!),
        breakdown: { scored: verdicts.size, errors: items.length - verdicts.size, extraction_policies: policies, mode: opts.mode, ...(sandbox ? { sandbox } : {}) },
      };
    },
  };
}
