// The variants of a sweep as given to --model: model paths (auto-started one after the other) or
// `name=URL` entries for servers the user runs. Every path is read before anything starts (a missing
// or unreadable one, or the same weights given twice, is a usage error), and the baseline is chosen.
import { realpathSync } from "node:fs";
import { basename } from "node:path";
import { describeModel, type ModelMetadata } from "../model/metadata.js";
import { contentFingerprint } from "../model/fingerprint.js";
import { GgufError } from "../model/gguf.js";
import { ModelPathError, resolveModelPath } from "../model/resolve-path.js";
import { UsageError } from "../util/usage-error.js";
import { mostPrecise, PRECISION_ORDER, precisionRank } from "./precision.js";

export interface FileVariant {
  kind: "file";
  /** Short name in tables and reports: the file name without .gguf (or the model directory's name). */
  name: string;
  /** As given on the command line. */
  input: string;
  model: ModelMetadata;
  /** Real path of the primary weight file (or directory). */
  real: string;
  /** Sampled content of the weights without file names (copies under other names compare equal). */
  content: string;
}

export interface ServerVariant {
  kind: "server";
  name: string;
  input: string;
  url: string;
}

export type Variant = FileVariant | ServerVariant;

export interface Ladder {
  /** Baseline first, then the others in the order given. */
  variants: Variant[];
  /** Why the baseline was chosen, in words. */
  baselineReason: string;
}

const URL_ENTRY = /^([^=]+)=(https?:\/\/.+)$/i;

function variantName(input: string, model: ModelMetadata): string {
  const file = basename(model.path).replace(/(-\d{5}-of-\d{5})?\.gguf$/i, "");
  if (model.model_format !== "gguf" && model.repo_id.includes("/")) return model.repo_id.split("/").at(-1)!;
  return file || basename(input);
}

function readFileVariant(input: string): FileVariant {
  try {
    const resolved = resolveModelPath(input);
    const model = describeModel(resolved);
    return { kind: "file", name: variantName(input, model), input, model, real: realpathSync(resolved.path), content: contentFingerprint(resolved.weightFiles) };
  } catch (err) {
    if (err instanceof ModelPathError || err instanceof GgufError) throw new UsageError(`sweep: --model ${input}: ${err.message}`);
    const e = err as NodeJS.ErrnoException;
    if (e.code) throw new UsageError(`sweep: --model ${input}: cannot read it (${e.code})`);
    throw err;
  }
}

function readVariant(entry: string): Variant {
  const m = URL_ENTRY.exec(entry);
  if (!m) return readFileVariant(entry);
  const name = m[1]!.trim();
  try {
    new URL(m[2]!);
  } catch {
    throw new UsageError(`sweep: --model ${entry}: '${m[2]}' is not a URL (expected name=http://host:port/v1)`);
  }
  if (!name) throw new UsageError(`sweep: --model ${entry}: the name before '=' is empty (expected name=URL)`);
  return { kind: "server", name, input: entry, url: m[2]!.replace(/\/+$/, "") };
}

/** Refuse one model given twice: the same file, a copy or link of the same weights, or the same server URL. */
function checkDistinct(vs: Variant[]): void {
  for (let i = 0; i < vs.length; i++) {
    for (let j = 0; j < i; j++) {
      const a = vs[j]!;
      const b = vs[i]!;
      let why: string | null = null;
      if (a.kind === "file" && b.kind === "file") {
        if (a.real === b.real) why = "is the same file as";
        else if (a.model.fingerprint === b.model.fingerprint || a.content === b.content) why = "holds the same weights as";
      } else if (a.kind === "server" && b.kind === "server" && a.url === b.url) why = "is the same server as";
      if (why) throw new UsageError(`sweep: --model ${b.input} ${why} ${a.input}; each variant must be a different model`);
    }
  }
}

/** Distinct display names: a repeated name gets #2, #3... */
function uniqueNames(vs: Variant[]): void {
  const seen = new Map<string, number>();
  for (const v of vs) {
    const k = (seen.get(v.name) ?? 0) + 1;
    seen.set(v.name, k);
    if (k > 1) v.name = `${v.name}#${k}`;
  }
}

function quantization(v: Variant): string | null {
  return v.kind === "file" ? v.model.quantization : null;
}

function matchesBaseline(v: Variant, arg: string): boolean {
  if (v.name === arg || v.input === arg) return true;
  if (v.kind === "server") return v.url === arg.replace(/\/+$/, "");
  try {
    return realpathSync(resolveModelPath(arg).path) === v.real;
  } catch {
    return false;
  }
}

/**
 * Read every --model entry and order the ladder baseline first. The baseline is --baseline (a variant's
 * name, path or URL; a model path not among the variants is added as one), else the variant with the
 * most precise recorded quantization (see PRECISION_ORDER), else the first one.
 */
export function readLadder(entries: string[], baselineArg?: string): Ladder {
  if (entries.length === 0) throw new UsageError("sweep: give the variants with --model A.gguf B.gguf ... (or name=URL for a running server)");
  const variants = entries.map(readVariant);
  let base = -1;
  let reason = "";
  if (baselineArg !== undefined) {
    base = variants.findIndex((v) => matchesBaseline(v, baselineArg));
    if (base < 0) {
      if (URL_ENTRY.test(baselineArg) || /^https?:\/\//i.test(baselineArg)) {
        throw new UsageError(`sweep: --baseline ${baselineArg}: not one of the --model variants (${variants.map((v) => v.name).join(", ")})`);
      }
      const extra = readFileVariant(baselineArg);
      variants.unshift(extra);
      base = 0;
    }
    reason = "given with --baseline";
  }
  checkDistinct(variants);
  uniqueNames(variants);
  if (variants.length < 2) throw new UsageError("sweep: needs at least two variants to compare (--model A.gguf B.gguf ...)");
  if (base < 0) {
    const labels = variants.map(quantization);
    const best = mostPrecise(labels);
    if (best === null) {
      base = 0;
      reason = "no variant's quantization is known here: the first one given (choose with --baseline)";
    } else {
      base = best;
      const known = labels.filter((l): l is string => precisionRank(l) < PRECISION_ORDER.length);
      reason = `the highest precision by recorded quantization: ${labels[best]} (of ${[...new Set(known)].join(", ")})`;
    }
  }
  const [b] = variants.splice(base, 1);
  return { variants: [b!, ...variants], baselineReason: reason };
}
