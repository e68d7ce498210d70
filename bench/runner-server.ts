// Child process for bench/runner.ts: the fake server with S slots and latency L, on its own core.
// argv: <slots|0> <latencyMs>. Prints the port, serves until stdin closes.
import { startFakeServer } from "../test/fakes/fake-server.js";
import { arithAnswer } from "../test/fakes/arith-benchmark.js";

const slots = Number(process.argv[2] ?? 0);
const latencyMs = Number(process.argv[3] ?? 0);
const server = await startFakeServer({ answer: (req, s) => arithAnswer(req.prompt, s), ...(slots > 0 ? { slots } : {}), latencyMs });
process.stdout.write(`${server.port}\n`);
process.stdin.resume();
process.stdin.on("end", () => void server.close().then(() => process.exit(0)));
