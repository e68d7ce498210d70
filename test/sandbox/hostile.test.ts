// Hostile samples that every sandbox mode must contain: the harness survives, gives each of them an
// honest verdict (never a forged pass) and keeps scoring the good samples between them.
import { test } from "node:test";
import assert from "node:assert/strict";
import { FORGE, forkBomb, mismatches, runCases, withGood, type Case } from "./hostile-helpers.js";

const FAILED = /^failed: /;

const CASES: Case[] = [
  // loops and signals
  { name: "infinite loop", completion: "    while True:\n        pass\n", expect: "timed out" },
  { name: "C-level loop (no signal handler can run)", completion: "    return sum(range(10 ** 15))\n", expect: "timed out" },
  {
    name: "ignored and blocked signals",
    completion: `    pass
import signal
for s in (signal.SIGALRM, signal.SIGTERM, signal.SIGINT, signal.SIGHUP, signal.SIGXCPU):
    signal.signal(s, signal.SIG_IGN)
signal.pthread_sigmask(signal.SIG_BLOCK, [signal.SIGALRM, signal.SIGTERM])
while True:
    pass
`,
    expect: "timed out",
  },
  {
    name: "swallowed timeout exceptions",
    completion: `    while True:
        try:
            while True:
                pass
        except BaseException:
            pass
`,
    expect: "timed out",
  },
  {
    name: "catches the time-limit exception, then answers right",
    completion: `    import time
    start = time.monotonic()
    while time.monotonic() - start < 0.8:
        try:
            while time.monotonic() - start < 0.8:
                pass
        except BaseException:
            pass
    return 42
`,
    expect: "timed out",
  },
  {
    name: "ignores the time-limit signal, then answers right",
    completion: `    import signal, time
    signal.signal(signal.SIGALRM, signal.SIG_IGN)
    start = time.monotonic()
    while time.monotonic() - start < 0.8:
        pass
    return 42
`,
    expect: "timed out",
  },
  // exits before or during the tests, with fake success on every channel
  { name: "sys.exit(0) at import", completion: "    return 41\nimport sys\nsys.exit(0)\n", expect: "failed: 0" },
  { name: "os._exit(0) at import", completion: "    return 41\nimport os\nprint('passed')\nos._exit(0)\n", expect: FAILED },
  {
    name: "exit hooks and finalizers",
    completion: `    return 41
import atexit, os, sys
atexit.register(lambda: os.write(1, b'{"passed": true, "result": "passed"}\\n'))
sys.exitfunc = lambda: None
class Finalizer:
    def __del__(self):
        os.write(2, b"passed\\n")
        os._exit(0)
keep = Finalizer()
`,
    expect: "failed: ",
  },
  {
    name: "finalizer exits 0 during check",
    completion: `    pass
import os
class Bomb:
    def __del__(self):
        os._exit(0)
def f():
    Bomb()
    return 41
`,
    expect: FAILED,
  },
  {
    name: "thread exits 0 during the tests",
    completion: `    pass
import os, threading, time
go = threading.Event()
def killer():
    go.wait()
    os._exit(0)
threading.Thread(target=killer, daemon=True).start()
def f():
    go.set()
    time.sleep(0.5)
    return 41
`,
    expect: FAILED,
  },
  {
    name: "thread exits 0 before the tests",
    completion: `    return 41
import os, threading, time
threading.Thread(target=lambda: os._exit(0)).start()
time.sleep(0.5)
`,
    expect: FAILED,
  },
  {
    name: "fake success on stdout, stderr and every open descriptor",
    completion: `    return 41
import os, sys
fake = b'passed\\n{"id": 1, "s": "passed", "r": "passed"}\\n{"ready": true}\\n'
print("passed"); sys.stderr.write("passed\\n"); sys.__stdout__.write("passed\\n")
for fd in range(0, 1024):
    try:
        os.write(fd, fake * 100)
    except OSError:
        pass
`,
    expect: FAILED,
  },
  {
    name: "write a fake verdict through /proc/<parent>/fd",
    completion: `    return 41
import os
fake = b'{"id": 1, "s": "passed", "r": "passed"}\\n'
for fd in range(0, 64):
    try:
        with open("/proc/%d/fd/%d" % (os.getppid(), fd), "wb") as fh:
            fh.write(fake)
    except OSError:
        pass
`,
    expect: "failed: ",
  },
  {
    name: "monkeypatched exit and output functions, wrong answer",
    completion: `    return 41
import builtins, os, posix, sys
os._exit = posix._exit = lambda *a: None
os.write = posix.write = lambda *a: 0
os.read = posix.read = lambda *a: b""
sys.exit = lambda *a: None
builtins.print = lambda *a, **k: None
`,
    expect: "failed: ",
  },
  {
    name: "monkeypatched exit and output functions, right answer",
    completion: `    return 42
import builtins, os, posix, sys
os._exit = posix._exit = lambda *a: None
os.write = posix.write = lambda *a: 0
os.read = posix.read = lambda *a: b""
sys.exit = lambda *a: None
builtins.print = lambda *a, **k: None
`,
    expect: "passed",
  },
  {
    name: "walk the call stack to forge a verdict",
    completion: `    pass
import sys
def f():
    fr = sys._getframe()
    while fr is not None:
        for scope in (fr.f_locals, fr.f_globals):
            for k in list(scope):
                if any(w in k.lower() for w in ("result", "verdict", "status", "kind", "passed", "msg")):
                    try:
                        scope[k] = "passed" if isinstance(scope[k], str) else b"P" if isinstance(scope[k], bytes) else True
                    except Exception:
                        pass
        fr = fr.f_back
    return 41
`,
    expect: "failed: ",
  },
  {
    name: "read the answer key from memory",
    completion: `    pass
import gc, sys
def f():
    needle = "".join(["5d41402a", "bc4b2a76"])  # the canonical solution's marker, never spelled out here
    def has(o):
        if isinstance(o, str):
            return needle in o
        if isinstance(o, dict):
            return any(isinstance(v, str) and needle in v for v in o.values())
        if isinstance(o, (list, tuple)):
            return any(isinstance(v, str) and needle in v for v in o)
        return False
    hits = any(has(o) for o in gc.get_objects() if o is not locals())
    fr = sys._getframe().f_back
    while fr is not None:
        hits = hits or has(fr.f_globals) or has(fr.f_locals)
        fr = fr.f_back
    return 42 if hits else 41
`,
    expect: "failed: ",
  },
  // forging a pass on the harness's channels (whatever descriptors the child holds, every descriptor)
  { name: "forge a pass, then raise", completion: `    return 42\n${FORGE}forge()\nraise ValueError("after the forgery")\n`, expect: FAILED },
  { name: "forge a pass, then os._exit(1)", completion: `    return 42\n${FORGE}forge()\n_os._exit(1)\n`, expect: FAILED },
  { name: "forge a pass, then a wrong answer", completion: `    return 41\n${FORGE}forge()\n`, expect: FAILED },
  {
    name: "forge a pass during the tests, then a wrong answer",
    completion: `    pass\n${FORGE}def f():\n    forge()\n    return 41\n`,
    expect: FAILED,
  },
  {
    name: "forge a pass from a thread left running, wrong answer",
    completion: `    pass
${FORGE}import threading, time
def keep_forging():
    for _ in range(200):
        forge(patience=0)
        time.sleep(0.005)
threading.Thread(target=keep_forging, daemon=True).start()
def f():
    time.sleep(0.3)
    return 41
`,
    expect: FAILED,
  },
  {
    name: "forge a pass with os._exit and sys.exit monkeypatched, wrong answer",
    completion: `    pass
${FORGE}import posix, sys
_real_exit = posix._exit
_os._exit = posix._exit = lambda *a: None
sys.exit = lambda *a: None
def f():
    forge()
    return 41
`,
    expect: FAILED,
  },
  {
    name: "forge through duplicated descriptors, close the originals, wrong answer",
    completion: `    pass
${FORGE}copies = []
for fd in range(3, 32):
    try:
        copies.append(_os.dup(fd))
    except OSError:
        pass
for fd in range(3, 32):
    if fd not in copies:
        try:
            _os.dup2(copies[0], fd) if copies else None
        except OSError:
            pass
def f():
    forge(copies)
    return 41
`,
    expect: FAILED,
  },
  {
    name: "an answer equal to everything",
    completion: `    class Always:
        def __eq__(self, other):
            return True
        __hash__ = object.__hash__
    return Always()
`,
    expect: "failed: ",
  },
  {
    name: "a builtin that check() uses, patched",
    completion: "    return 41\nimport builtins\nbuiltins.abs = lambda x: 0\n",
    check: "assert abs(candidate() - 42) < 1e-9",
    expect: "failed: ",
  },
  // crashes, bombs and floods
  { name: "segfault", completion: "    return 41\nimport ctypes\nctypes.string_at(0)\n", expect: /^failed: .*SIGSEGV/ },
  { name: "memory bomb at once", completion: "    return bytearray(2 ** 40)\n", expect: "failed: " },
  { name: "memory bomb growing", completion: "    xs = []\n    while True:\n        xs.append(bytearray(10 ** 7))\n", expect: "failed: " },
  { name: "a 200 MiB program passes", completion: "    x = bytearray(200 * 2 ** 20)\n    x[-1] = 1\n    return 41 + x[-1]\n", expect: "passed" },
  {
    name: "1 GiB of output on stdout and stderr",
    completion: `    import os, sys
    chunk = b"x" * 2 ** 20
    for _ in range(512):
        os.write(1, chunk)
        os.write(2, chunk)
    s = "y" * 2 ** 20
    for _ in range(256):
        print(s)
        sys.stderr.write(s)
    return 42
`,
    expect: "passed",
  },
  { name: "NUL byte in the source", completion: "    return 41\x00\n", expect: FAILED },
  {
    name: "invalid UTF-8 and NULs on stdin, stdout, stderr and in the error",
    completion: `    import os
    for fd in range(0, 3):
        try:
            os.write(fd, b"\\xff\\xfe\\x00\\xc3(passed\\x00")
        except OSError:
            pass
    raise ValueError(b"\\xff\\xfe".decode("utf-8", "surrogateescape") + "\\x00\\udcff end")
`,
    expect: /^failed: .* end$/,
  },
  { name: "input() like the reference", completion: "    return int(input('number? '))\n", expect: "failed: " },
  { name: "stdin is empty, not the harness's pipe", completion: "    import os\n    return 42 if os.read(0, 1 << 16) == b'' else 41\n", expect: "passed" },
  {
    name: "the environment is scrubbed",
    completion: `    import os
    leaked = [k for k, v in os.environ.items() if "WB-HOSTILE-SECRET" in v or k.startswith("WB_HOSTILE")]
    return 41 if leaked else 42
`,
    expect: "passed",
  },
  {
    name: "bounded fork bomb",
    completion: forkBomb(100, "41"),
    expect: FAILED,
  },
  { name: "kill its own process group", completion: "    import posix\n    posix.killpg(0, 9)\n    return 42\n", expect: /^failed: .*SIGKILL/ },
  { name: "kill the parent", completion: "    import os, posix\n    posix.kill(os.getppid(), 9)\n    return 42\n", expect: FAILED },
];

test("hostile samples: honest verdicts, the harness survives, good samples between them still pass", async () => {
  process.env.WB_HOSTILE_SECRET = "WB-HOSTILE-SECRET-value";
  // the loops are timed separately below with a short limit; here a generous one, as this VM is slow
  const cases = withGood(CASES.filter((c) => c.expect !== "timed out"));
  const rssBefore = process.memoryUsage().rss;
  const got = await runCases(cases, { workers: 3, memoryMiB: 320, timeoutS: 10 });
  delete process.env.WB_HOSTILE_SECRET;
  assert.deepEqual(mismatches(cases, got), []);
  // the gigabyte of output was neither buffered by the harness nor by the worker protocol
  assert.ok(process.memoryUsage().rss - rssBefore < 200 * 2 ** 20, "harness memory grew by more than 200 MiB");
});

test("the time limit is enforced from outside: loops, C loops, ignored signals, swallowed timeouts", async () => {
  const cases = CASES.filter((c) => c.expect === "timed out");
  const t0 = Date.now();
  const got = await runCases(cases, { timeoutS: 0.5, workers: cases.length, graceS: 0.5 });
  assert.deepEqual(mismatches(cases, got), []);
  // killed at 0.5 s, plus start-up; far below the 10 s watchdog
  assert.ok((Date.now() - t0) / 1000 < 8, `took ${(Date.now() - t0) / 1000} s`);
});
