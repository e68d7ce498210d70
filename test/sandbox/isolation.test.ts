// What only the bubblewrap sandbox guarantees: no view of the host's files, processes, environment
// or network, and nothing a sample starts survives it. Skipped (with the reason) where "auto" falls
// back to basic mode.
import { test } from "node:test";
import assert from "node:assert/strict";
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { createServer, type AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";
import { autoMode, forkBomb, mismatches, runCases, type Case } from "./hostile-helpers.js";
import { DATA_DIR } from "../helpers/data-dir.js";

async function skipUnlessBwrap(t: { skip: (msg: string) => void }): Promise<boolean> {
  if ((await autoMode()) === "bwrap") return false;
  t.skip("bubblewrap is not usable here (basic mode): no namespace isolation to test");
  return true;
}

test("bwrap: files, processes, environment, network and the dataset are out of reach", async (t) => {
  if (await skipUnlessBwrap(t)) return;
  const host = mkdtempSync(path.join(tmpdir(), "wb-isolation-"));
  const victim = path.join(host, "victim.txt");
  writeFileSync(victim, "original\n");
  const server = createServer((sock) => {
    connections++;
    sock.destroy();
  });
  let connections = 0;
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  const port = (server.address() as AddressInfo).port;
  process.env.WB_ISOLATION_SECRET = "WB-ISOLATION-SECRET-value";
  const cases: Case[] = [
    {
      name: "write, rename and delete files outside its directory",
      completion: `    import os, posix
    v = ${JSON.stringify(victim)}
    for act in (lambda: open(v, "w").write("pwned"), lambda: posix.unlink(v), lambda: open(${JSON.stringify(path.join(host, "new.txt"))}, "w").write("x"),
                lambda: open("/usr/pwned", "w"), lambda: open("/pwned", "w"), lambda: open(os.path.expanduser("~/pwned"), "w").write("x")):
        try:
            act()
        except Exception:
            pass
    return 41
`,
      expect: "failed: ",
    },
    {
      name: "connect to a loopback port of the host",
      completion: `    import socket
    try:
        s = socket.create_connection(("127.0.0.1", ${port}), timeout=2)
        s.sendall(b"hello")
        return 41
    except OSError:
        return 42
`,
      expect: "passed",
    },
    {
      name: "read the environment, its own and its ancestors' (/proc/<pid>/environ)",
      completion: `    import os
    found = [v for v in os.environ.values() if "WB-ISOLATION" in v]
    for pid in os.listdir("/proc"):
        if pid.isdigit():
            try:
                found += [1] if b"WB-ISOLATION" in open("/proc/%s/environ" % pid, "rb").read() else []
            except OSError:
                pass
    return 41 if found else 42
`,
      expect: "passed",
    },
    {
      name: "see other processes than its sandbox's",
      completion: `    import os
    pids = [p for p in os.listdir("/proc") if p.isdigit()]
    return 42 if len(pids) <= 4 else 41
`,
      expect: "passed",
    },
    {
      name: "search the disk for the dataset",
      completion: `    import os
    if os.path.exists(${JSON.stringify(DATA_DIR)}) or os.path.exists(${JSON.stringify(path.resolve("."))}):
        return 41
    for top in os.listdir("/"):
        if top in ("proc", "sys", "dev", "usr"):
            continue
        for root, dirs, files in os.walk("/" + top):
            if any("humaneval" in n.lower() for n in dirs + files):
                return 41
    return 42
`,
      expect: "passed",
    },
    {
      name: "kill(-1): everything it may signal",
      completion: "    import posix\n    posix.kill(-1, 9)\n    return 42\n",
      expect: /^failed: /,
    },
    { name: "good after kill(-1)", completion: "    return 42\n", expect: "passed" },
  ];
  try {
    const got = await runCases(cases, { workers: 2, timeoutS: 10 });
    assert.deepEqual(mismatches(cases, got), []);
    assert.equal(readFileSync(victim, "utf8"), "original\n");
    assert.deepEqual(readdirSync(host), ["victim.txt"]);
    assert.equal(connections, 0);
  } finally {
    delete process.env.WB_ISOLATION_SECRET;
    server.close();
    rmSync(host, { recursive: true, force: true });
  }
});

test("bwrap: fork bombs are capped and detached children do not outlive their sample", async (t) => {
  if (await skipUnlessBwrap(t)) return;
  // the namespace's init, the worker, its zygote and this program: nothing else
  const leftovers = `    import os
    return 42 if len([p for p in os.listdir("/proc") if p.isdigit()]) == 4 else 41
`;
  const cases: Case[] = [
    {
      name: "fork bomb stops at the process cap",
      completion: forkBomb(300, "n"),
      check: "assert candidate() < 100",
      // RLIMIT_NPROC makes fork() fail (pass); a root-backed sandbox stops the bomb by counting instead
      expect: /^(passed|failed: more than \d+ processes \(fork bomb stopped\))$/,
    },
    { name: "nothing left after the bomb", completion: leftovers, expect: "passed" },
    {
      name: "setsid double-forked daemon",
      completion: `    import os, posix, time
    if posix.fork() == 0:
        os.setsid()
        if posix.fork() == 0:
            time.sleep(60)
        posix._exit(0)
    time.sleep(0.2)
    return 42
`,
      expect: "passed",
    },
    { name: "nothing left after the daemon", completion: leftovers, expect: "passed" },
  ];
  // one worker: each checker runs right after the sample it checks, in the same sandbox
  const got = await runCases(cases, { workers: 1, timeoutS: 10 });
  assert.deepEqual(mismatches(cases, got), []);
});
