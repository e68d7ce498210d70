// The CLI argument definitions: typed numbers with bounds, choices, values that start with `-`,
// one-line errors naming the flag (exit 2), --help wherever it is.
import { test } from "node:test";
import assert from "node:assert/strict";
import { PassThrough } from "node:stream";
import { defineCommand, parseCommandArgs, runCommand, UsageError } from "../../src/cli/command.js";

const cmd = defineCommand({
  meta: { name: "demo", description: "A command for the parser tests." },
  args: {
    port: { type: "int", min: 1, max: 65535, description: "Port", valueHint: "port" },
    limit: { type: "int", min: 1, description: "First N" },
    offset: { type: "int", description: "Any integer" },
    temperature: { type: "number", min: 0, description: "Temperature" },
    alpha: { type: "number", min: 0, max: 1, minExclusive: true, maxExclusive: true, default: 0.05, description: "Alpha" },
    retries: { type: "int", min: 0, max: 100, default: 8, description: "Retries" },
    mode: { type: "string", choices: ["auto", "bwrap", "basic"], description: "Mode" },
    serverArgs: { type: "string", description: "Extra server arguments" },
    name: { type: "string", short: "n", description: "Name" },
    benchmark: { type: "string", multiple: true, description: "Benchmarks" },
    json: { type: "boolean", description: "JSON" },
  },
  positionals: { name: "files", min: 0, max: Infinity },
  run: () => 0,
});

function usageError(argv: string[]): string {
  try {
    parseCommandArgs(cmd, argv);
  } catch (err) {
    assert.ok(err instanceof UsageError, String(err));
    assert.ok(!err.message.includes("\n"), "one line");
    return err.message;
  }
  assert.fail(`accepted ${argv.join(" ")}`);
}

test("int and number options arrive as numbers; defaults are numbers too", () => {
  const a = parseCommandArgs(cmd, ["--port", "8080", "--temperature", "0.7", "--offset", "-3"]);
  assert.equal(a.port, 8080);
  assert.equal(a.temperature, 0.7);
  assert.equal(a.offset, -3, "a negative number is a value, not a flag");
  assert.equal(a.alpha, 0.05);
  assert.equal(a.retries, 8);
  assert.equal(a.limit, undefined);
  assert.equal(parseCommandArgs(cmd, ["--port=443"]).port, 443);
});

test("bounds and shapes: the error names the flag, the range and the value", () => {
  assert.equal(usageError(["--port", "99999"]), "demo: --port: expected an integer from 1 to 65535, got '99999'");
  assert.equal(usageError(["--limit", "0"]), "demo: --limit: expected an integer from 1 up, got '0'");
  assert.equal(usageError(["--limit", "2.5"]), "demo: --limit: expected an integer from 1 up, got '2.5'");
  assert.equal(usageError(["--limit", "-1"]), "demo: --limit: expected an integer from 1 up, got '-1'");
  assert.equal(usageError(["--offset", "x"]), "demo: --offset: expected an integer, got 'x'");
  assert.equal(usageError(["--offset", "1e3"]), "demo: --offset: expected an integer, got '1e3'");
  assert.equal(usageError(["--offset", "9007199254740993"]), "demo: --offset: expected an integer, got '9007199254740993'");
  assert.equal(usageError(["--temperature", "hot"]), "demo: --temperature: expected a number from 0 up, got 'hot'");
  assert.equal(usageError(["--temperature", ""]), "demo: --temperature: expected a number from 0 up, got ''");
  assert.equal(usageError(["--alpha", "1"]), "demo: --alpha: expected a number greater than 0 and less than 1, got '1'");
  assert.equal(usageError(["--alpha", "0"]), "demo: --alpha: expected a number greater than 0 and less than 1, got '0'");
  assert.equal(parseCommandArgs(cmd, ["--alpha", "0.999"]).alpha, 0.999);
});

test("choices: a value outside the list is refused with the list", () => {
  assert.equal(parseCommandArgs(cmd, ["--mode", "basic"]).mode, "basic");
  assert.equal(usageError(["--mode", "docker"]), "demo: --mode: expected one of auto, bwrap, basic, got 'docker'");
});

test("string values that start with '-' reach the option, as one argument", () => {
  assert.equal(parseCommandArgs(cmd, ["--server-args", "-t 1"]).serverArgs, "-t 1");
  assert.equal(parseCommandArgs(cmd, ["--server-args", "-t 1 --ctx-size 4096", "--json"]).serverArgs, "-t 1 --ctx-size 4096");
  assert.equal(parseCommandArgs(cmd, ["--server-args", "--ctx-size"]).serverArgs, "--ctx-size", "not an option of this command");
  assert.equal(parseCommandArgs(cmd, ["--server-args=-t 2"]).serverArgs, "-t 2");
  assert.equal(parseCommandArgs(cmd, ["-n", "-x"]).name, "-x", "short flags too");
  assert.equal(parseCommandArgs(cmd, ["--name", "-"]).name, "-");
});

test("a flag followed by one of the command's own options is missing its value", () => {
  assert.equal(usageError(["--name", "--json"]), "demo: option --name needs a value");
  assert.equal(usageError(["--port"]), "demo: option --port needs a value");
  assert.equal(usageError(["--name", "-n"]), "demo: option --name needs a value");
});

test("several values after a multiple flag; plain positionals and unknown flags as before", () => {
  const a = parseCommandArgs(cmd, ["--benchmark", "ifeval", "humaneval", "--json", "a.json"]);
  assert.deepEqual(a.benchmark, ["ifeval", "humaneval"]);
  assert.equal(a.json, true);
  assert.deepEqual(a._, ["a.json"]);
  assert.deepEqual(parseCommandArgs(cmd, ["--benchmark", "gsm8k", "--benchmark", "mmlu"]).benchmark, ["gsm8k", "mmlu"]);
  assert.match(usageError(["--nope"]), /^demo: unknown option --nope/);
});

test("runCommand: usage errors exit 2 with one line; --help anywhere prints help", async () => {
  const run = async (argv: string[]) => {
    const out = new PassThrough();
    const err = new PassThrough();
    let o = "";
    let e = "";
    out.on("data", (c) => (o += c));
    err.on("data", (c) => (e += c));
    const code = await runCommand(cmd, argv, { stdout: out, stderr: err });
    return { code, out: o, err: e };
  };
  const bad = await run(["--port", "0"]);
  assert.equal(bad.code, 2);
  assert.equal(bad.err, "workbench: demo: --port: expected an integer from 1 to 65535, got '0'\n");
  const help = await run(["--port", "0", "--help"]);
  assert.equal(help.code, 0);
  assert.match(help.out, /--port <port>\s+Port/);
  assert.match(help.out, /--alpha <value>\s+Alpha \(default: 0\.05\)/);
  assert.equal((await run(["--name", "--help"])).code, 0, "a flag missing its value still lets --help through");
});
