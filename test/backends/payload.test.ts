// Request payloads and response parsing of each server API (no network).
import { test } from "node:test";
import assert from "node:assert/strict";
import { openAiChat } from "../../src/backends/openai-chat.js";
import { openAiCompletions } from "../../src/backends/openai-completions.js";
import { llamaCppCompletion } from "../../src/backends/llamacpp.js";
import { ResponseFormatError, parseRetryAfter } from "../../src/backends/errors.js";
import { parseServerAddress } from "../../src/backends/http-client.js";
import type { PromptSpec } from "../../src/backends/types.js";

const SPEC: PromptSpec = {
  messages: [
    { role: "system", content: "be brief" },
    { role: "user", content: "hi" },
  ],
  prompt: "raw hi",
  stop: ["\ndef", "\nclass"],
};

test("chat payload: messages, settings, n only when > 1, gen-kwargs last", () => {
  const p = openAiChat.createPayload(SPEC, { max_tokens: 100, temperature: 0, top_p: 0.9, seed: 7, extra: { top_k: 20, temperature: 0.5 } }, 1, "m");
  assert.deepEqual(p, { model: "m", messages: SPEC.messages, max_tokens: 100, temperature: 0.5, top_p: 0.9, seed: 7, top_k: 20 });
  const q = openAiChat.createPayload({ ...SPEC, chatStop: ["###"] }, { max_tokens: 5, temperature: 1, logprobs: 5 }, 4, null);
  assert.deepEqual(q, { messages: SPEC.messages, max_tokens: 5, temperature: 1, n: 4, stop: ["###"], logprobs: true, top_logprobs: 5 });
  assert.equal("stop" in openAiChat.createPayload(SPEC, { max_tokens: 5, temperature: 0 }, 1, "m"), false, "code stops are never sent to chat models");
});

test("chat parse: choices by index, null content, reasoning, first-token logprobs", () => {
  const r = openAiChat.parseGenerations({
    choices: [
      { index: 1, message: { content: null, reasoning_content: "why" }, finish_reason: "length" },
      { index: 0, message: { content: "A" }, finish_reason: "stop", logprobs: { content: [{ token: "A", logprob: -0.1, top_logprobs: [{ token: "A", logprob: -0.1 }, { token: "B", logprob: -2.5 }] }] } },
    ],
    usage: { prompt_tokens: 12, completion_tokens: 3 },
  });
  assert.deepEqual(r.generations, [
    { text: "A", finish_reason: "stop", first_token_logprobs: { A: -0.1, B: -2.5 } },
    { text: "", finish_reason: "length", reasoning: "why" },
  ]);
  assert.deepEqual(r.usage, { prompt_tokens: 12, completion_tokens: 3 });
  assert.throws(() => openAiChat.parseGenerations({ choices: [] }), ResponseFormatError);
  assert.throws(() => openAiChat.parseGenerations({ error: "x" }), /choices/);
  assert.throws(() => openAiChat.parseGenerations({ choices: [{ message: { content: 5 } }] }), /content/);
});

test("completions payload and parse", () => {
  const p = openAiCompletions.createPayload(SPEC, { max_tokens: 9, temperature: 0.2, logprobs: 3 }, 2, "base");
  assert.deepEqual(p, { model: "base", prompt: "raw hi", max_tokens: 9, temperature: 0.2, n: 2, stop: ["\ndef", "\nclass"], logprobs: 3 });
  const r = openAiCompletions.parseGenerations({ choices: [{ index: 0, text: " B", finish_reason: "stop", logprobs: { top_logprobs: [{ " B": -0.2, " C": -3 }] } }] });
  assert.deepEqual(r.generations, [{ text: " B", finish_reason: "stop", first_token_logprobs: { " B": -0.2, " C": -3 } }]);
  assert.throws(() => openAiCompletions.parseGenerations({ choices: [{ message: {} }] }), /text/);
});

test("llama.cpp /completion payload and parse (current and older probability formats)", () => {
  const p = llamaCppCompletion.createPayload(SPEC, { max_tokens: 64, temperature: 0, seed: 3, logprobs: 2 }, 1, "ignored");
  assert.deepEqual(p, { prompt: "raw hi", n_predict: 64, temperature: 0, cache_prompt: true, seed: 3, stop: ["\ndef", "\nclass"], n_probs: 2 });
  const cur = llamaCppCompletion.parseGenerations({
    content: "x",
    stop_type: "limit",
    tokens_predicted: 64,
    tokens_evaluated: 10,
    completion_probabilities: [{ token: "x", logprob: -0.5, top_logprobs: [{ token: "x", logprob: -0.5 }, { token: "y", logprob: -1 }] }],
  });
  assert.deepEqual(cur, { generations: [{ text: "x", finish_reason: "length", first_token_logprobs: { x: -0.5, y: -1 } }], usage: { prompt_tokens: 10, completion_tokens: 64 } });
  const old = llamaCppCompletion.parseGenerations({ content: "y", stopped_eos: true, completion_probabilities: [{ content: "y", probs: [{ tok_str: "y", prob: 0.5 }] }] });
  assert.equal(old.generations[0]!.finish_reason, "stop");
  assert.equal(old.generations[0]!.first_token_logprobs!.y, Math.log(0.5));
  assert.equal(old.usage, undefined);
  assert.throws(() => llamaCppCompletion.parseGenerations({ choices: [] }), /content/);
});

test("Retry-After: seconds, HTTP date, retry-after-ms", () => {
  assert.equal(parseRetryAfter("3"), 3000);
  assert.equal(parseRetryAfter("0.5"), 500);
  const now = Date.parse("2025-01-01T00:00:00Z");
  assert.equal(parseRetryAfter("Wed, 01 Jan 2025 00:00:10 GMT", undefined, now), 10_000);
  assert.equal(parseRetryAfter(undefined, "250"), 250);
  assert.equal(parseRetryAfter("soon"), undefined);
  assert.equal(parseRetryAfter(undefined), undefined);
});

test("base URLs with or without /v1 and a proxy prefix", () => {
  assert.deepEqual(parseServerAddress("http://127.0.0.1:8000/v1/"), { origin: "http://127.0.0.1:8000", prefix: "", baseUrl: "http://127.0.0.1:8000" });
  assert.deepEqual(parseServerAddress("https://h/llm/v1"), { origin: "https://h", prefix: "/llm", baseUrl: "https://h/llm" });
  assert.throws(() => parseServerAddress("ftp://x"), /http/);
  assert.throws(() => parseServerAddress("nope"), /not a URL/);
});
