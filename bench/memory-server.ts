// Child process for bench/memory.ts: an instant fake server answering "A" to everything. Prints the port.
import { startFakeServer } from "../test/fakes/fake-server.js";

const server = await startFakeServer({ answer: () => "A" });
process.stdout.write(`${server.port}\n`);
process.stdin.resume();
process.stdin.on("end", () => void server.close().then(() => process.exit(0)));
