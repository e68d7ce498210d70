// Whether an executable can be run: a path with a `/` as given, else a name found on PATH.
import { accessSync, constants } from "node:fs";
import { delimiter, join } from "node:path";

export function onPath(cmd: string): boolean {
  const candidates = cmd.includes("/") ? [cmd] : (process.env.PATH ?? "").split(delimiter).filter(Boolean).map((d) => join(d, cmd));
  return candidates.some((p) => {
    try {
      accessSync(p, constants.X_OK);
      return true;
    } catch {
      return false;
    }
  });
}
