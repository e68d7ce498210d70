// bin/workbench.js for the TypeScript sources (tests run under tsx spawn this; compiled tests spawn bin/workbench.js).
import { main } from "../../src/cli/main.js";

function run(argv: string[]): void {
  main(argv).then(
    (code) => {
      process.exitCode = code;
    },
    (err: unknown) => {
      process.stderr.write(`workbench: ${err instanceof Error ? err.message : String(err)}\n`);
      process.exitCode = 1;
    },
  );
}

// `node --test dist/test/` also loads every file under test/: do nothing without arguments.
if (process.argv.length > 2) run(process.argv.slice(2));
