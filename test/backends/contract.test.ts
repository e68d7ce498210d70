// The one contract every server backend passes, against the fake server over real HTTP.
import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { openServerBackend, HTTP_PROTOCOLS } from "../../src/backends/index.js";
import { ServerUnreachableError } from "../../src/backends/discovery.js";
import { CancelledError, HttpStatusError, RequestTimeoutError, ResponseFormatError, TransportError } from "../../src/backends/errors.js";
import type { Backend, GenerationSettings } from "../../src/backends/types.js";
import type { PromptSpec } from "../../src/backends/types.js";
import { startFakeServer, type Fault, type FakeServer } from "../fakes/fake-server.js";
import { arithAnswer, arithQuestion } from "../fakes/arith-benchmark.js";

const GEN: GenerationSettings = { max_tokens: 32, temperature: 0 };

function spec(text: string): PromptSpec {
  return { messages: [{ role: "user", content: text }], prompt: text, stop: ["\n"] };
}

/** Prompts of the form "FAULT <json>" make the fake server misbehave on that request. */
function faultFromPrompt(prompt: string): Fault | undefined {
  return prompt.startsWith("FAULT ") ? (JSON.parse(prompt.slice(6)) as Fault) : undefined;
}

let server: FakeServer;

before(async () => {
  server = await startFakeServer({
    modelId: "org/contract-model",
    slots: 4,
    answer: (req, sample) => {
      if (req.prompt === "TRUNCATE") return { text: "cut off mid", finish_reason: "length" };
      if (req.prompt === "THINK") return { text: "<think>hmm</think>42", reasoning: "separate reasoning" };
      return arithAnswer(req.prompt, sample);
    },
    fault: (_n, req) => faultFromPrompt(req.prompt),
  });
});

after(async () => {
  await server.close();
});

async function open(kind: string, concurrency = 4): Promise<Backend> {
  return (await openServerBackend(kind, server.url + "/v1", { concurrency })).backend;
}

async function rejectsWith(p: Promise<unknown>, cls: new (...a: never[]) => Error, check?: (e: Error) => void): Promise<void> {
  await assert.rejects(p, (e: Error) => {
    assert.ok(e instanceof cls, `expected ${cls.name}, got ${e.name}: ${e.message}`);
    check?.(e);
    return true;
  });
}

for (const kind of Object.keys(HTTP_PROTOCOLS)) {
  describe(`backend contract: ${kind}`, () => {
    test("discovers the model id and the llama.cpp slot count", async () => {
      const b = await open(kind);
      try {
        assert.equal(b.kind, kind);
        assert.equal(b.info.model, "org/contract-model");
        assert.deepEqual(b.info.modelIds, ["org/contract-model"]);
        assert.equal(b.info.slots, 4);
        assert.equal(b.baseUrl, server.url);
      } finally {
        await b.close();
      }
    });

    test("returns the server's answer, finish_reason and usage", async () => {
      const b = await open(kind);
      try {
        const r = await b.generate(spec(arithQuestion(5)), GEN, 1, { timeoutMs: 5000 });
        assert.equal(r.generations.length, 1);
        assert.equal(r.generations[0]!.text, "85");
        assert.equal(r.generations[0]!.finish_reason, "stop");
        assert.ok(r.usage && r.usage.completion_tokens > 0 && r.usage.prompt_tokens > 0);
        const t = await b.generate(spec("TRUNCATE"), GEN, 1, { timeoutMs: 5000 });
        assert.equal(t.generations[0]!.finish_reason, "length");
      } finally {
        await b.close();
      }
    });

    test("n samples in one request where the API has n, else one per request", async () => {
      const b = await open(kind);
      try {
        const r = await b.generate(spec(arithQuestion(3)), GEN, Math.min(3, b.maxN), { timeoutMs: 5000 });
        if (kind === "llamacpp") {
          assert.equal(b.maxN, 1);
          assert.equal(r.generations.length, 1);
        } else {
          assert.ok(b.maxN >= 3);
          // Item 3 is one the fake answers wrongly, differently per sample: the choices stay in order.
          assert.deepEqual(r.generations.map((g) => g.text), ["52", "53", "54"]);
        }
      } finally {
        await b.close();
      }
    });

    test("describe() keys the request: stable, prompt- and settings-dependent", async () => {
      const b = await open(kind);
      try {
        const a = JSON.stringify(b.describe(spec("x"), GEN));
        assert.equal(JSON.stringify(b.describe(spec("x"), GEN)), a);
        assert.notEqual(JSON.stringify(b.describe(spec("y"), GEN)), a);
        assert.notEqual(JSON.stringify(b.describe(spec("x"), { ...GEN, max_tokens: 33 })), a);
        assert.notEqual(JSON.stringify(b.describe(spec("x"), { ...GEN, extra: { top_k: 5 } })), a);
      } finally {
        await b.close();
      }
    });

    test("maps failures to retryable and final errors", async () => {
      const b = await open(kind);
      const f = (fault: Fault, timeoutMs = 5000): Promise<unknown> => b.generate(spec("FAULT " + JSON.stringify(fault)), GEN, 1, { timeoutMs });
      try {
        await rejectsWith(f({ type: "status", status: 500 }), HttpStatusError, (e) => assert.equal((e as HttpStatusError).retryable, true));
        await rejectsWith(f({ type: "status", status: 429, retryAfter: "2" }), HttpStatusError, (e) => {
          assert.equal((e as HttpStatusError).retryAfterMs, 2000);
          assert.equal((e as HttpStatusError).retryable, true);
        });
        await rejectsWith(f({ type: "status", status: 400, body: "context too long" }), HttpStatusError, (e) => {
          assert.equal((e as HttpStatusError).retryable, false);
          assert.match(e.message, /400.*context too long/);
        });
        await rejectsWith(f({ type: "reset" }), TransportError);
        await rejectsWith(f({ type: "malformed" }), ResponseFormatError);
        await rejectsWith(f({ type: "stall" }, 150), RequestTimeoutError);
        // A slow stream that ends within the deadline is a normal answer.
        const slow = (await f({ type: "slow", chunkMs: 20, chunks: 5 })) as { generations: Array<{ text: string }> };
        assert.equal(slow.generations[0]!.text, "I don't know.");
        // ... and one that does not is a timeout.
        await rejectsWith(f({ type: "slow", chunkMs: 100, chunks: 5 }, 200), RequestTimeoutError);
      } finally {
        await b.close();
      }
    });

    test("cancelAll aborts requests in flight", async () => {
      const b = await open(kind);
      try {
        const p = b.generate(spec("FAULT " + JSON.stringify({ type: "stall" })), GEN, 1, { timeoutMs: 10_000 });
        setTimeout(() => b.cancelAll(), 50);
        await rejectsWith(p, CancelledError);
      } finally {
        await b.close();
      }
    });
  });
}

test("chat backend: reasoning_content is kept apart from the answer", async () => {
  const b = await open("chat");
  try {
    const r = await b.generate(spec("THINK"), GEN, 1, { timeoutMs: 5000 });
    assert.equal(r.generations[0]!.text, "<think>hmm</think>42");
    assert.equal(r.generations[0]!.reasoning, "separate reasoning");
  } finally {
    await b.close();
  }
});

test("discovery fails clearly when nothing listens", async () => {
  const dead = await startFakeServer({ answer: () => "" });
  const url = dead.url;
  await dead.close();
  await assert.rejects(openServerBackend("chat", url, { attempts: 1 }), (e: Error) => e instanceof ServerUnreachableError && /cannot reach the server/.test(e.message));
});

test("--model-name overrides the listed id; concurrency defaults to /props slots", async () => {
  const { backend, concurrency } = await openServerBackend("chat", server.url, { modelName: "other" });
  try {
    assert.equal(backend.info.model, "other");
    assert.equal(concurrency, 4);
  } finally {
    await backend.close();
  }
});
