// Checking a file named on the command line before any work starts: it must exist, be a regular
// file and be readable; otherwise a one-line usage error naming the flag and the path.
import { accessSync, constants, statSync } from "node:fs";
import { UsageError } from "./usage-error.js";

export function checkInputFile(command: string, flag: string, file: string | undefined): void {
  if (file === undefined || file === "") return;
  let isFile: boolean;
  try {
    isFile = statSync(file).isFile();
  } catch {
    throw new UsageError(`${command}: ${flag} ${file}: no such file`);
  }
  if (!isFile) throw new UsageError(`${command}: ${flag} ${file}: not a file`);
  try {
    accessSync(file, constants.R_OK);
  } catch {
    throw new UsageError(`${command}: ${flag} ${file}: not readable`);
  }
}
