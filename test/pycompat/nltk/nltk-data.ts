import { existsSync } from "node:fs";
import path from "node:path";
import { DATA_DIR } from "../../helpers/data-dir.js";
import { loadPunktParams } from "../../../src/pycompat/nltk/punkt-params.js";
import { PunktSentenceTokenizer } from "../../../src/pycompat/nltk/punkt.js";

/** Shared read-only datasets (never committed): WORKBENCH_DATA_DIR or ../shared/datasets next to the repository. */
export { DATA_DIR };

/** punkt_tab English parameters inside the data dir. */
export const PUNKT_ENGLISH_DIR = path.join(DATA_DIR, "nltk_data", "tokenizers", "punkt_tab", "english");

/** Reason to skip when the English Punkt parameters are not available, else false. */
export const SKIP_NO_PUNKT: string | false = existsSync(path.join(PUNKT_ENGLISH_DIR, "ortho_context.tab"))
  ? false
  : `Punkt English parameters not found at ${PUNKT_ENGLISH_DIR} (set WORKBENCH_DATA_DIR)`;

let cached: PunktSentenceTokenizer | undefined;

/** The English Punkt tokenizer (only call when SKIP_NO_PUNKT is false). */
export function englishPunkt(): PunktSentenceTokenizer {
  cached ??= new PunktSentenceTokenizer(loadPunktParams(PUNKT_ENGLISH_DIR));
  return cached;
}
