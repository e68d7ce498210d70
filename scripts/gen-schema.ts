// Generate schema/result.schema.json (the published JSON Schema of result files) from the zod
// validator in src/results/schema.ts. Run: node --import tsx scripts/gen-schema.ts [--check]
import { readFileSync, writeFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { resultSchemaText } from "../src/results/write.js";

const target = fileURLToPath(new URL("../schema/result.schema.json", import.meta.url));
const text = resultSchemaText();

if (process.argv.includes("--check")) {
  let current = "";
  try {
    current = readFileSync(target, "utf8");
  } catch {
    // missing
  }
  if (current !== text) {
    process.stderr.write("schema/result.schema.json is out of date: run node --import tsx scripts/gen-schema.ts\n");
    process.exit(1);
  }
  process.stdout.write("schema/result.schema.json is up to date\n");
} else {
  writeFileSync(target, text);
  process.stdout.write(`wrote ${target}\n`);
}
