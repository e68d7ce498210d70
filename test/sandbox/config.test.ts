// The sandbox's set-up: the bwrap command line, the interpreter lookup, and the degraded mode with
// its one-line warning where bubblewrap is missing or cannot create namespaces.
import { test } from "node:test";
import assert from "node:assert/strict";
import { chmodSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { bwrapArgs, PythonNotFoundError, resolvePython, SANDBOX_DEFAULTS, SandboxPool, SandboxUnavailableError } from "../../src/sandbox/index.js";
import { minimalDirs } from "../../src/sandbox/python.js";
import { PYTHON } from "./hostile-helpers.js";

test("bwrap argv: every namespace, clean environment, read-only system, nothing of the repo or the data", () => {
  const python = { executable: "/opt/py/bin/python3", version: "3.11.2", dirs: ["/opt/py", "/usr/lib/python3.11"] };
  const args = bwrapArgs({ bwrap: { path: "/usr/bin/bwrap", disableUserns: true }, python, tmpBytes: 1 << 28, shmBytes: 1 << 26, env: { PATH: "/usr/bin:/bin" } });
  const joined = args.join(" ");
  for (const flag of ["--unshare-all", "--unshare-user", "--die-with-parent", "--new-session", "--clearenv", "--disable-userns"]) assert.ok(args.includes(flag), flag);
  assert.ok(joined.includes("--ro-bind /usr /usr"));
  assert.ok(joined.includes("--ro-bind /opt/py /opt/py"), "the interpreter's prefix outside /usr is mounted read-only");
  assert.ok(!joined.includes("--ro-bind /usr/lib/python3.11"), "no second mount inside /usr");
  assert.ok(joined.includes(`--size ${1 << 28} --tmpfs /tmp`));
  assert.ok(joined.includes("--proc /proc") && joined.includes("--dev /dev") && joined.includes("--remount-ro /"));
  assert.equal(args[args.length - 1], "--");
  // only read-only binds; no --bind / --dev-bind of host paths, nothing from the working directory
  assert.ok(!args.includes("--bind") && !args.includes("--dev-bind") && !args.includes("--share-net"));
  assert.ok(!joined.includes(process.cwd()));
  assert.ok(!args.slice(0, -1).some((a) => a.startsWith("--setenv") && args[args.indexOf(a) + 1] !== "PATH"));
});

test("interpreter directories: existing ones only, nested ones folded into their parent", () => {
  const dir = mkdtempSync(path.join(tmpdir(), "wb-dirs-"));
  try {
    const got = minimalDirs([path.join(dir, "a"), dir, "/nonexistent/x", "relative/path", "/"]);
    assert.deepEqual(got, [dir]);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test("interpreter lookup: explicit path wins, a missing one is a clear error", async () => {
  await assert.rejects(resolvePython("/nonexistent/python3"), (e: Error) => e instanceof PythonNotFoundError && /\/nonexistent\/python3/.test(e.message));
  const info = await resolvePython(PYTHON);
  assert.match(info.version, /^3\.\d+\.\d+/);
  assert.ok(path.isAbsolute(info.executable));
  assert.ok(!info.executable.includes("/shims/"), "a pyenv shim is resolved to the real interpreter");
  assert.ok(SANDBOX_DEFAULTS.memoryMiB >= 1024, "default memory cap is at least 1 GiB");
});

test("no usable bwrap: auto degrades to basic with one warning line; --sandbox bwrap refuses", async () => {
  const dir = mkdtempSync(path.join(tmpdir(), "wb-fakebwrap-"));
  const saved = process.env.WORKBENCH_BWRAP;
  try {
    // a bwrap that cannot create namespaces, like on hosts without unprivileged user namespaces
    const fake = path.join(dir, "bwrap");
    writeFileSync(fake, "#!/bin/sh\necho 'bwrap: No permissions to creating new namespace, likely because the kernel does not allow non-privileged user namespaces' >&2\nexit 1\n");
    chmodSync(fake, 0o755);
    for (const setting of [fake, "none"]) {
      process.env.WORKBENCH_BWRAP = setting;
      const warnings: string[] = [];
      const pool = await SandboxPool.create({ python: PYTHON, workers: 1, onWarning: (m) => warnings.push(m) });
      try {
        assert.equal(pool.mode, "basic");
        const w = warnings.filter((m) => /process groups only/.test(m));
        assert.equal(w.length, 1, warnings.join("\n"));
        assert.ok(!w[0]!.includes("\n"));
        assert.match(w[0]!, setting === "none" ? /WORKBENCH_BWRAP="none"/ : /No permissions to creating new namespace/);
        const ok = await pool.run("assert 1 + 1 == 2\n", 5);
        assert.deepEqual(ok, { status: "passed", result: "passed" });
        const loop = await pool.run("while True:\n    pass\n", 0.5);
        assert.equal(loop.status, "timed out");
      } finally {
        await pool.close();
      }
      await assert.rejects(SandboxPool.create({ python: PYTHON, workers: 1, sandbox: "bwrap" }), SandboxUnavailableError);
    }
  } finally {
    if (saved === undefined) delete process.env.WORKBENCH_BWRAP;
    else process.env.WORKBENCH_BWRAP = saved;
    rmSync(dir, { recursive: true, force: true });
  }
});
