// Result files on disk: `DIR/YYYY-MM-DD_<sanitized repo id>_<benchmarks joined with ->.json` and its
// sibling `.samples.jsonl`, written atomically and never over an existing file (a `_2`, `_3`, ...
// suffix is added instead). Also reads a result file back, validated.
import { closeSync, constants, copyFileSync, existsSync, fsyncSync, linkSync, openSync, readFileSync, unlinkSync } from "node:fs";
import { basename, dirname, join } from "node:path";
import { writeFileAtomicNew } from "../util/atomic-write.js";
import { ensureDir } from "../util/ensure-dir.js";
import { validateResultDocument, type ResultDocument } from "./schema.js";
import type { SamplesSpool } from "./samples-spool.js";

/** A repo id or model name as a file-name part: `org/name` → `org_name`, other unsafe characters → `-`. */
export function sanitizeRepoId(id: string): string {
  const s = id
    .replace(/[/\\]+/g, "_")
    .replace(/[^A-Za-z0-9._+-]+/g, "-")
    .replace(/^[-_.]+|[-_.]+$/g, "");
  return (s || "model").slice(0, 120);
}

/**
 * The repo id for a server-reported model id: an id that is a file path (llama.cpp reports the
 * GGUF path) becomes the file name without `.gguf` and shard suffix; an `org/name` id is kept.
 */
export function repoIdFromModelName(model: string): string {
  const looksLikePath = /^([/~.]|[A-Za-z]:\\)/.test(model) || model.includes("\\") || /\.gguf$/i.test(model);
  if (!looksLikePath) return model;
  const file = basename(model.replace(/\\/g, "/"));
  return file.replace(/\.gguf$/i, "").replace(/-\d{5}-of-\d{5}$/, "") || model;
}

/** Local calendar date, YYYY-MM-DD. */
export function localDate(d: Date): string {
  const p = (n: number): string => String(n).padStart(2, "0");
  return `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())}`;
}

/** File name stem (no extension) of a result file. */
export function resultStem(date: Date, repoId: string, benchmarks: readonly string[]): string {
  return `${localDate(date)}_${sanitizeRepoId(repoId)}_${benchmarks.join("-")}`;
}

export const SAMPLES_SUFFIX = ".samples.jsonl";

export interface WrittenFiles {
  resultFile: string;
  samplesFile: string;
}

function isEexist(err: unknown): boolean {
  return (err as NodeJS.ErrnoException).code === "EEXIST";
}

/** Give the finished file `from` the name `to` without replacing an existing file (EEXIST). */
function linkOrCopyNew(from: string, to: string): void {
  try {
    linkSync(from, to);
    return;
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== "EXDEV") throw err;
  }
  const tmp = join(dirname(to), `.${basename(to)}.${process.pid}.${Math.random().toString(36).slice(2)}.tmp`);
  copyFileSync(from, tmp, constants.COPYFILE_EXCL);
  try {
    const fd = openSync(tmp, "r+");
    try {
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
    linkSync(tmp, to);
  } finally {
    unlinkSync(tmp);
  }
}

/**
 * Write `<stem>.samples.jsonl` then `<stem>.json` in `dir`, taking the first stem (`stem`,
 * `stem_2`, ...) for which neither exists. `render` gets the samples file name (relative) and
 * returns the result JSON text.
 */
/** A finished file (written elsewhere in the same folder) to hard-link in as `<stem><suffix>`. */
export interface Attachment {
  suffix: string;
  from: string;
}

export function writeResultFiles(
  dir: string,
  stem: string,
  samples: string | SamplesSpool,
  render: (samplesName: string, attachmentNames: string[]) => string,
  attachments: Attachment[] = [],
): WrittenFiles & { attachmentFiles: string[] } {
  const spooled = typeof samples === "string" ? undefined : samples.finish();
  try {
    ensureDir(dir);
    return writeResultFilesFrom(dir, stem, samples, spooled, render, attachments);
  } finally {
    if (typeof samples !== "string") samples.discard();
  }
}

function writeResultFilesFrom(
  dir: string,
  stem: string,
  samples: string | SamplesSpool,
  spooled: string | undefined,
  render: (samplesName: string, attachmentNames: string[]) => string,
  attachments: Attachment[],
): WrittenFiles & { attachmentFiles: string[] } {
  for (let i = 1; i < 10_000; i++) {
    const name = i === 1 ? stem : `${stem}_${i}`;
    const resultFile = join(dir, `${name}.json`);
    const samplesFile = join(dir, `${name}${SAMPLES_SUFFIX}`);
    const attached = attachments.map((a) => join(dir, `${name}${a.suffix}`));
    if (existsSync(resultFile) || existsSync(samplesFile) || attached.some((f) => existsSync(f))) continue;
    try {
      // The spooled log is complete and fsynced: link() gives it its name, refusing to replace a
      // file; from another file system, a copy beside the target is linked instead.
      if (spooled !== undefined) linkOrCopyNew(spooled, samplesFile);
      else writeFileAtomicNew(samplesFile, samples as string);
    } catch (err) {
      if (isEexist(err)) continue;
      throw err;
    }
    const linked: string[] = [];
    const undo = (): void => {
      for (const f of [samplesFile, ...linked]) unlinkSync(f);
    };
    try {
      // A link never replaces an existing file (EEXIST), so a file is never overwritten.
      for (let j = 0; j < attachments.length; j++) {
        linkSync(attachments[j]!.from, attached[j]!);
        linked.push(attached[j]!);
      }
      writeFileAtomicNew(resultFile, render(basename(samplesFile), attached.map((f) => basename(f))));
    } catch (err) {
      undo();
      if (isEexist(err)) continue;
      throw err;
    }
    for (const a of attachments) unlinkSync(a.from);
    return { resultFile, samplesFile, attachmentFiles: attached };
  }
  throw new Error(`${dir}: could not find a free result file name for ${stem}`);
}

/** Read and validate a result file. */
export function readResultFile(file: string): ResultDocument {
  let doc: unknown;
  try {
    doc = JSON.parse(readFileSync(file, "utf8"));
  } catch (err) {
    throw new Error(`${file}: not a JSON result file (${(err as Error).message})`);
  }
  return validateResultDocument(doc, file);
}
