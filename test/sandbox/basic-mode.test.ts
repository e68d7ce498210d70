// The degraded "basic" mode (rlimits, process groups, a subreaper worker, scrubbed environment),
// chosen explicitly so that it is tested on machines where bubblewrap works too.
import { test } from "node:test";
import assert from "node:assert/strict";
import { readdirSync, readFileSync } from "node:fs";
import { GOOD, mismatches, runCases, type Case } from "./hostile-helpers.js";

/** Processes anywhere on this machine whose command line is exactly `sleep <marker>`. */
function sleepers(marker: string): number[] {
  const found: number[] = [];
  for (const p of readdirSync("/proc")) {
    if (!/^\d+$/.test(p)) continue;
    try {
      if (readFileSync(`/proc/${p}/cmdline`, "utf8") === `sleep\0${marker}\0`) found.push(Number(p));
    } catch {
      /* gone */
    }
  }
  return found;
}

for (const sandbox of ["basic", "auto"] as const) {
  test(`${sandbox} mode: detached and setsid children die with their sample; exits and kills are contained`, async () => {
    const marker = `${61 + Math.floor(Math.random() * 1000)}.${process.pid}`;
    const daemon = (how: string) => `    import os, posix, time
    if posix.fork() == 0:
        ${how}
        if posix.fork() == 0:
            os.execv("/bin/sleep", ["sleep", "${marker}"])
        posix._exit(0)
    time.sleep(0.3)
    return 41
`;
    const cases: Case[] = [
      { name: "setsid daemon", completion: daemon("os.setsid()"), expect: "failed: " },
      { ...GOOD, name: "good 1" },
      { name: "own process group daemon", completion: daemon("os.setpgid(0, 0)"), expect: "failed: " },
      { name: "sys.exit(0)", completion: "    return 41\nimport sys\nsys.exit(0)\n", expect: "failed: 0" },
      { name: "kill the parent", completion: "    import os, posix\n    posix.kill(os.getppid(), 9)\n    return 42\n", expect: /^failed: / },
      { ...GOOD, name: "good 2" },
      { name: "timeout", completion: "    while True:\n        pass\n", expect: "timed out" },
      { ...GOOD, name: "good 3" },
    ];
    const got = await runCases(cases, { sandbox, workers: 2, timeoutS: 5, graceS: 0.5 });
    assert.deepEqual(mismatches(cases, got), []);
    assert.deepEqual(sleepers(marker), [], "a detached child outlived its sample");
  });
}
