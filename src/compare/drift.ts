// The drift of a candidate from a base, from the two runs' sidecars, streamed chunk by chunk.
// Both full: llama-perplexity's KL-divergence figures exactly (base as 16-bit log-probs, as its
// --kl-divergence-base file holds them; candidate at the precision its sidecar has: f32 is exact);
// for scored answers (--perplexity-from, version-2 sidecars) an f32 base enters at full precision.
// Either side top-K: the top-K + tail-bucket estimator (token-drift.ts), `exact: false`, KLD a lower bound.
import { topKIndices } from "../results/logprob-rows.js";
import { ResultFileError } from "../results/schema.js";
import { dirname, join } from "node:path";
import type { DriftSummary, LoadedRun } from "./types.js";
import { openSidecar, type OpenSidecar, type SidecarChunk, type SidecarHeader } from "../results/distributions.js";
import { bootstrapRatio, DriftAccumulator, type BootstrapInterval, type DriftStats } from "./drift-stats.js";
import { exactTokenDrift, fullTokenDrift, quantizeLogprobs, topKTokenDrift, type QuantizedLogprobs, type TopKView } from "./token-drift.js";

/** Two runs whose distributions cannot be compared (token ids, ctx, BOS, vocabulary differ): exit 2. */
export class DriftInputError extends ResultFileError {
  override name = "DriftInputError";
}

export interface Drift extends DriftStats {
  ctx: number;
  n_chunks: number;
  /** Chunks of a text, or answers (--perplexity-from). */
  units: "chunks" | "answers";
  tokens_scored: number;
  /** K of the top-K estimator, or "all" when both sides had full distributions. */
  top_k: number | "all";
  /** True when both sides had full distributions (llama-perplexity's computation). */
  exact: boolean;
  /** "exact" or "lower bound": how to read mean_kld and the KLD percentiles. */
  kld_semantics: "exact" | "lower bound";
  base_storage: SidecarHeader["storage"];
  candidate_storage: SidecarHeader["storage"];
  tokenizer_fingerprint_match: boolean;
  /** Paired bootstrap over chunks (resampling whole chunks, both runs together). */
  bootstrap: { mean_kld: BootstrapInterval; same_top_p: BootstrapInterval; ppl_ratio: BootstrapInterval; mean_delta_p: BootstrapInterval };
}

/** Where two token-id lists first differ, or -1. */
export function firstDifference(a: Int32Array, b: Int32Array): number {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) if (a[i] !== b[i]) return i;
  return a.length === b.length ? -1 : n;
}

function checkPair(base: OpenSidecar, cand: OpenSidecar, basePath: string, candPath: string): void {
  const hb = base.header;
  const hc = cand.header;
  if (Boolean(hb.segments) !== Boolean(hc.segments)) {
    throw new DriftInputError(`${candPath}: ${hc.segments ? "scored answers" : "scored a text in chunks"}, the base ${basePath} ${hb.segments ? "scored answers" : "a text in chunks"}; score both the same way`);
  }
  if (hb.segments) {
    const s = hb.segments.lengths.findIndex((l, i) => l !== hc.segments!.lengths[i] || hb.segments!.first[i] !== hc.segments!.first[i]);
    if (hb.n_chunks !== hc.n_chunks || s >= 0) {
      throw new DriftInputError(`${candPath}: its answers differ from the base ${basePath}'s${s >= 0 ? ` at answer ${s}` : ` (${hc.n_chunks} answers, the base has ${hb.n_chunks})`}; score both --perplexity-from the same result`);
    }
  } else if (hb.ctx !== hc.ctx) throw new DriftInputError(`${candPath}: ctx ${hc.ctx}, but the base ${basePath} used ctx ${hb.ctx}; score both with the same --ctx`);
  if (hb.bos !== hc.bos) throw new DriftInputError(`${candPath}: chunks start with BOS ${hc.bos}, the base's with ${hb.bos}`);
  const d = firstDifference(base.tokens, cand.tokens);
  if (d >= 0) {
    const at = (t: Int32Array): string => (d < t.length ? String(t[d]) : "end of text");
    const where = (p: number): string => {
      const u = base.units.findIndex((x) => p < x.start + x.length);
      return u < 0 ? "after the base's last unit" : `${hb.segments ? "answer" : "chunk"} ${u}, offset ${p - base.units[u]!.start}`;
    };
    throw new DriftInputError(
      `${candPath}: token ids differ from the base ${basePath} at position ${d} (${where(d)}): ` +
        `base ${at(base.tokens)}, candidate ${at(cand.tokens)} (different tokenizer, BOS or text)`,
    );
  }
  const full = (h: SidecarHeader): boolean => h.storage !== "topk";
  if (full(hb) && full(hc) && hb.vocab_size !== hc.vocab_size) throw new DriftInputError(`${candPath}: vocabulary of ${hc.vocab_size} tokens, the base's has ${hb.vocab_size}`);
}

function topKRow(ch: SidecarChunk & { storage: "topk" }, r: number): TopKView {
  return { ids: ch.ids.subarray(r * ch.k, (r + 1) * ch.k), logprobs: ch.logprobs.subarray(r * ch.k, (r + 1) * ch.k), actual: ch.actual[r]! };
}

/** A full row's log-probs as a plain array (u16 rows decoded). */
function fullRow(ch: SidecarChunk, r: number, scratch: Float32Array): Float32Array {
  if (ch.storage === "f32") return ch.logprobs.subarray(r * ch.vocab, (r + 1) * ch.vocab);
  if (ch.storage !== "u16") throw new Error("fullRow on a top-K chunk");
  const q = ch.row(r);
  for (let i = 0; i < ch.vocab; i++) scratch[i] = Math.fround(Math.fround(q.scale * q.codes[i]!) + q.minLogprob);
  return scratch;
}

/** The base row as llama-perplexity's 16-bit encoding. */
function baseQuantized(ch: SidecarChunk, r: number, codes: Uint16Array): QuantizedLogprobs {
  if (ch.storage === "u16") return ch.row(r);
  if (ch.storage !== "f32") throw new Error("baseQuantized on a top-K chunk");
  return quantizeLogprobs(ch.logprobs.subarray(r * ch.vocab, (r + 1) * ch.vocab), codes);
}

/** Top-K view of a full row (for the estimator when the other side is top-K). */
function topOfFull(row: Float32Array, k: number, tok: number): TopKView {
  const idx = topKIndices(row, k);
  return { ids: idx, logprobs: Array.from(idx, (i) => row[i]!), actual: row[tok]! };
}

/** exp of an interval on ln(PPL ratio): the interval of the ratio. */
function expInterval(b: BootstrapInterval): BootstrapInterval {
  return { ...b, lo: Math.exp(b.lo), hi: Math.exp(b.hi) };
}

export interface DriftOptions {
  bootstrapResamples?: number;
  seed?: number;
}

/** Compare a candidate run's sidecar against a base run's. */
export function computeDrift(basePath: string, candPath: string, opts: DriftOptions = {}): Drift {
  const base = openSidecar(basePath);
  let cand: OpenSidecar;
  try {
    cand = openSidecar(candPath);
  } catch (err) {
    base.close();
    throw err;
  }
  try {
    checkPair(base, cand, basePath, candPath);
    const hb = base.header;
    const hc = cand.header;
    const exact = hb.storage !== "topk" && hc.storage !== "topk";
    // Scored answers: no reference tool to match, so an f32 base enters at full precision.
    const fullBase = exact && hb.segments !== undefined && hb.storage === "f32";
    const k = exact ? "all" : Math.min(hb.top_k ?? Infinity, hc.top_k ?? Infinity);
    const acc = new DriftAccumulator();
    const chunkKld = new Float64Array(hb.n_chunks);
    const chunkSame = new Float64Array(hb.n_chunks);
    const chunkDln = new Float64Array(hb.n_chunks);
    const chunkDp = new Float64Array(hb.n_chunks);
    const chunkCount = Float64Array.from(base.units, (u) => u.rows);
    const codes = new Uint16Array(hb.vocab_size);
    const scratchB = new Float32Array(hb.vocab_size);
    const scratchC = new Float32Array(hc.vocab_size);
    const bi = base.chunks();
    const ci = cand.chunks();
    for (let c = 0; c < hb.n_chunks; c++) {
      const cb = bi.next().value as SidecarChunk;
      const cc = ci.next().value as SidecarChunk;
      let sk = 0;
      let ss = 0;
      let sl = 0;
      let sd = 0;
      const u = base.units[c]!;
      for (let r = 0; r < u.rows; r++) {
        const tok = base.tokens[u.start + u.first + r + 1]!;
        let t;
        if (exact && fullBase) {
          t = fullTokenDrift(fullRow(cc, r, scratchC), fullRow(cb, r, scratchB), tok);
        } else if (exact) {
          t = exactTokenDrift(fullRow(cc, r, scratchC), baseQuantized(cb, r, codes), tok);
        } else {
          const bv = cb.storage === "topk" ? topKRow(cb, r) : topOfFull(fullRow(cb, r, scratchB), k as number, tok);
          const cv = cc.storage === "topk" ? topKRow(cc, r) : fullRow(cc, r, scratchC);
          const bk: TopKView = { ids: Array.from(bv.ids).slice(0, k as number), logprobs: Array.from(bv.logprobs).slice(0, k as number), actual: bv.actual };
          const ck = "ids" in cv ? { ids: Array.from(cv.ids).slice(0, k as number), logprobs: Array.from(cv.logprobs).slice(0, k as number), actual: cv.actual } : cv;
          t = topKTokenDrift(bk, ck, tok);
        }
        acc.add(t);
        sk += Math.fround(t.kld);
        ss += t.sameTop ? 1 : 0;
        sl += Math.fround(t.nll) - Math.fround(t.nllBase);
        sd += Math.fround(t.pDiff);
      }
      chunkKld[c] = sk;
      chunkSame[c] = ss;
      chunkDln[c] = sl;
      chunkDp[c] = sd;
    }
    const s = acc.result();
    const bopts = { resamples: opts.bootstrapResamples ?? 2000, seed: opts.seed ?? 1 };
    return {
      ctx: hb.ctx,
      n_chunks: hb.n_chunks,
      units: hb.segments ? "answers" : "chunks",
      tokens_scored: s.count,
      ...s,
      top_k: k,
      exact,
      kld_semantics: exact ? "exact" : "lower bound",
      base_storage: hb.storage,
      candidate_storage: hc.storage,
      tokenizer_fingerprint_match: hb.tokenizer_fingerprint === hc.tokenizer_fingerprint,
      bootstrap: {
        mean_kld: bootstrapRatio(chunkKld, chunkCount, bopts),
        same_top_p: bootstrapRatio(chunkSame, chunkCount, bopts),
        ppl_ratio: expInterval(bootstrapRatio(chunkDln, chunkCount, bopts)),
        mean_delta_p: bootstrapRatio(chunkDp, chunkCount, bopts),
      },
    };
  } finally {
    base.close();
    cand.close();
  }
}

/** The distributions file of a run's perplexity benchmark (beside the result file), or null. */
export function distributionsPath(run: LoadedRun): string | null {
  const d = run.doc.benchmarks.perplexity?.distributions;
  return d ? join(dirname(run.file), d.file) : null;
}

function kldText(v: number): string {
  return v >= 0.1 ? v.toFixed(3) : v.toPrecision(3);
}

/** "Q4_0 moved the next-token distribution: mean KLD 0.146 ± 0.004 (exact), same top token 75.3 %". */
export function driftVerdict(label: string, d: DriftSummary): string {
  const how = d.exact ? "exact" : `top-${d.top_k} estimate, lower bound`;
  const mean = kldText(d.mean_kld);
  const decimals = (mean.split(".")[1] ?? "").length;
  return (
    `${label} moved the next-token distribution: mean KLD ${d.exact ? "" : ">= "}${mean} ± ${d.kld_stderr.toFixed(decimals)} (${how}), ` +
    `same top token ${(100 * d.same_top_p).toFixed(1)} %, PPL ${d.ppl_base.toFixed(4)} -> ${d.ppl_candidate.toFixed(4)} (ratio ${d.ppl_ratio.toFixed(4)})`
  );
}

export function driftSummary(d: Drift, label: string, scorers: DriftSummary["scorers"]): DriftSummary {
  const s: DriftSummary = {
    ctx: d.ctx,
    n_chunks: d.n_chunks,
    units: d.units,
    tokens_scored: d.tokens_scored,
    mean_kld: d.mean_kld,
    kld_stderr: d.kld_stderr,
    median_kld: d.median_kld,
    p90_kld: d.p90_kld,
    p95_kld: d.p95_kld,
    p99_kld: d.p99_kld,
    p99_9_kld: d.p99_9_kld,
    max_kld: d.max_kld,
    same_top_p: d.same_top_p,
    same_top_p_stderr: d.same_top_p_stderr,
    ppl_base: d.ppl_base,
    ppl_base_stderr: d.ppl_base_stderr,
    ppl_candidate: d.ppl_candidate,
    ppl_candidate_stderr: d.ppl_candidate_stderr,
    ppl_ratio: d.ppl_ratio,
    ppl_ratio_stderr: d.ppl_ratio_stderr,
    mean_delta_p: d.mean_delta_p,
    delta_p_stderr: d.delta_p_stderr,
    rms_delta_p: d.rms_delta_p,
    delta_p_percentiles: d.delta_p_percentiles,
    top_k: d.top_k === "all" ? null : d.top_k,
    exact: d.exact,
    kld_semantics: d.kld_semantics,
    bootstrap: d.bootstrap,
    scorers,
  };
  s.verdict = driftVerdict(label, s);
  return s;
}

/** The drift of `other` from `baseline` when both ran the perplexity benchmark; null when either did not. */
export function driftBetween(baseline: LoadedRun, other: LoadedRun, opts: DriftOptions = {}): DriftSummary | null {
  const a = distributionsPath(baseline);
  const b = distributionsPath(other);
  if (!a || !b) return null;
  const scorer = (r: LoadedRun): string | null => {
    const v = r.doc.benchmarks.perplexity?.generation.scorer;
    return typeof v === "string" ? v : null;
  };
  let d: Drift;
  try {
    d = computeDrift(a, b, opts);
  } catch (err) {
    if (err instanceof DriftInputError) throw err;
    const e = err as NodeJS.ErrnoException;
    if (e.code === "ENOENT") throw new DriftInputError(`${e.path ?? "distributions file"}: missing; the result file names it, keep it beside the result`);
    if (/sidecar|perplexity/.test(e.message)) throw new DriftInputError(e.message);
    throw err;
  }
  return driftSummary(d, other.label, { baseline: scorer(baseline), candidate: scorer(other) });
}
