import { existsSync } from "node:fs";
import path from "node:path";
import { loadLangProfiles, type LangProfiles } from "../../../src/pycompat/langdetect/profiles.js";

/** Shared read-only datasets (never committed): WORKBENCH_DATA_DIR or ../shared/datasets. */
export const DATA_DIR = process.env.WORKBENCH_DATA_DIR ?? path.resolve("../shared/datasets");

/** langdetect data directory (profiles/ and messages.properties). */
export const LANGDETECT_DIR = path.join(DATA_DIR, "langdetect");

/** Reason to skip when the langdetect profiles are not available, else false. */
export const SKIP_NO_PROFILES: string | false = existsSync(path.join(LANGDETECT_DIR, "profiles", "en"))
  ? false
  : `langdetect profiles not found at ${LANGDETECT_DIR} (set WORKBENCH_DATA_DIR)`;

let cached: LangProfiles | undefined;

/** The 55 reference profiles (only call when SKIP_NO_PROFILES is false). */
export function profiles(): LangProfiles {
  cached ??= loadLangProfiles(LANGDETECT_DIR);
  return cached;
}

/** Python's float.hex() for a finite double. */
export function pyFloatHex(x: number): string {
  if (x === 0) return Object.is(x, -0) ? "-0x0.0p+0" : "0x0.0p+0";
  const view = new DataView(new ArrayBuffer(8));
  view.setFloat64(0, x);
  const hi = view.getUint32(0);
  const lo = view.getUint32(4);
  const biased = (hi >>> 20) & 0x7ff;
  const mantissa = (hi & 0xfffff).toString(16).padStart(5, "0") + lo.toString(16).padStart(8, "0");
  const exp = biased === 0 ? -1022 : biased - 1023;
  return `${x < 0 ? "-" : ""}0x${biased === 0 ? 0 : 1}.${mantissa}p${exp >= 0 ? "+" : ""}${exp}`;
}
