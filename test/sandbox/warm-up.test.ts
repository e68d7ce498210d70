// The zygote's warm-up program is our own Python: it must run cleanly on its own (the zygote runs it
// with errors swallowed, so a broken one would silently stop warming anything).
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { test } from "node:test";
import { resolvePython } from "../../src/sandbox/python.js";
import { warmUpSource } from "../../src/sandbox/worker-source.js";
import { PYTHON } from "./hostile-helpers.js";

test("the warm-up program runs to the end and passes its own checks", async () => {
  const python = await resolvePython(PYTHON);
  const r = spawnSync(python.executable, ["-I", "-c", warmUpSource()], { encoding: "utf8", timeout: 30_000 });
  assert.equal(r.stderr, "");
  assert.equal(r.status, 0);
});
