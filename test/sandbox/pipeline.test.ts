// One worker holds two programs at a time (the running one and the next, compiled meanwhile). When the
// running program takes its worker down, the one queued behind it must be run again on a fresh worker
// and judged on its own, not charged with the loss.
import assert from "node:assert/strict";
import { test } from "node:test";
import { basicLaunch } from "../../src/sandbox/launch.js";
import { resolvePython } from "../../src/sandbox/python.js";
import { SandboxWorker, WorkerLostError } from "../../src/sandbox/worker-process.js";
import { sandboxProgram } from "../../src/benchmarks/humaneval/execute.js";
import { GOOD, mismatches, problemFor, PYTHON, runCases, type Case } from "./hostile-helpers.js";

const FAILED = /^failed: /;

/** One basic-mode worker, driven directly (no pool: no retries, no replacement). */
async function startWorker(): Promise<SandboxWorker> {
  const python = await resolvePython(PYTHON);
  return SandboxWorker.start(basicLaunch(python, { memoryMiB: 1024, maxProcesses: 64, maxFileMiB: 16, tmpMiB: 64, graceS: 1 }).launch);
}

/** The program of a case, as executeSamples builds it for the case's synthetic problem. */
const program = (c: Case) => sandboxProgram(problemFor(c, 0), c.completion);

// the zygote that forked the program, and the worker above it (field 4 of /proc/<pid>/stat)
const KILL_ZYGOTE: Case = { name: "kill the zygote", completion: "    import os, posix\n    posix.kill(os.getppid(), 9)\n    return 42\n", expect: FAILED };
const KILL_WORKER: Case = {
  name: "kill the worker",
  completion: `    import os, posix
    stat = open("/proc/%d/stat" % os.getppid()).read()
    posix.kill(int(stat[stat.rindex(")") + 2 :].split()[1]), 9)
    return 42
`,
  expect: FAILED,
};

test("one worker, two programs queued: a program behind one that kills the worker is rerun and passes", async () => {
  const cases: Case[] = [
    { ...GOOD, name: "good 1" },
    KILL_ZYGOTE,
    { ...GOOD, name: "good behind the zygote killer" },
    { ...GOOD, name: "good 2" },
    KILL_WORKER,
    { ...GOOD, name: "good behind the worker killer" },
    { ...GOOD, name: "good 3" },
  ];
  const got = await runCases(cases, { workers: 1, timeoutS: 10 });
  assert.deepEqual(mismatches(cases, got), []);
});

test("worker protocol: when the running program kills the worker, the queued one is reported as not started", async () => {
  const w = await startWorker();
  const first = w.run(program(GOOD), 10, 30_000);
  const [good, killer, queued] = await Promise.allSettled([
    first,
    w.run(program(KILL_WORKER), 10, 30_000),
    first.then(() => w.run(program(GOOD), 10, 30_000)),
  ]);
  await w.close();
  assert.deepEqual(good, { status: "fulfilled", value: { status: "passed", result: "passed" } });
  assert.equal(killer.status, "rejected");
  assert.ok(killer.reason instanceof WorkerLostError && !killer.reason.queued, String(killer.status === "rejected" && killer.reason));
  // the third program was sent once the first was answered, so it waited behind the killer
  assert.equal(queued.status, "rejected");
  assert.ok(queued.reason instanceof WorkerLostError && queued.reason.queued);
});

test("each program starts in an empty, writable directory, whatever the one before did to it", async () => {
  const fresh = `    import os, posix
    ok = posix.listdir(".") == [] and os.access(".", os.W_OK)
    open("mine.txt", "w").write("x")
    return 42 if ok else 41
`;
  const cases: Case[] = [
    { name: "leave files behind", completion: `    import posix\n    open("left.txt", "w").write("x")\n    posix.mkdir("sub")\n    open("sub/deep.txt", "w").write("y")\n    posix.chmod("sub", 0)\n    return 42\n`, expect: "passed" },
    { name: "starts empty after files were left", completion: fresh, expect: "passed" },
    { name: "make its directory unwritable", completion: "    import posix\n    posix.chmod('.', 0)\n    return 42\n", expect: "passed" },
    { name: "starts writable after a chmod", completion: fresh, expect: "passed" },
    { name: "rename its directory away", completion: "    import posix\n    here = posix.getcwd()\n    posix.rename(here, here + '-gone')\n    return 42\n", expect: "passed" },
    { name: "starts in a working directory after a rename", completion: fresh, expect: "passed" },
  ];
  const got = await runCases(cases, { workers: 1, timeoutS: 10 });
  assert.deepEqual(mismatches(cases, got), []);
});

test("worker protocol: flags a program sets on the pipes it shares with the next program are undone", async () => {
  const w = await startWorker();
  // Descriptor 4 (the worker's calls) is written to while the next program runs: O_ASYNC with the
  // worker as owner would then kill the worker with SIGIO, under the next program. O_NONBLOCK on
  // 3 and 4 would make the next program's child fail to wait for a call or to send its answer.
  const meddler: Case = {
    name: "set O_ASYNC (owner: the worker) on descriptor 4 and O_NONBLOCK on 3 and 4",
    completion: `    import fcntl, os
    stat = open("/proc/%d/stat" % os.getppid()).read()
    fcntl.fcntl(4, fcntl.F_SETOWN, int(stat[stat.rindex(")") + 2 :].split()[1]))
    for fd, extra in ((3, 0), (4, os.O_ASYNC)):
        fcntl.fcntl(fd, fcntl.F_SETFL, fcntl.fcntl(fd, fcntl.F_GETFL) | os.O_NONBLOCK | extra)
    return 42
`,
    expect: "passed",
  };
  const checker: Case = {
    name: "descriptors 3 and 4 are blocking, without O_ASYNC",
    completion: `    import fcntl, os
    return 42 if all(fcntl.fcntl(fd, fcntl.F_GETFL) & (os.O_NONBLOCK | os.O_ASYNC) == 0 for fd in (3, 4)) else 41
`,
    expect: "passed",
  };
  const first = await w.run(program(meddler), 10, 30_000);
  const after = await Promise.all([w.run(program(checker), 10, 30_000), w.run(program(GOOD), 10, 30_000)]);
  await w.close();
  assert.equal(first.result, "passed");
  assert.deepEqual(after.map((v) => v.result), ["passed", "passed"]);
});
