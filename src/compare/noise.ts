// Noise floor: how many outcomes flip between two runs of the same (baseline) model, set beside
// each candidate's flips on the same benchmark and metric.
import type { NoiseRef, PairComparison } from "./types.js";

export function noiseRef(candFlips: number, rerun: { pass_to_fail: string[]; fail_to_pass: string[] }): NoiseRef {
  const flips = rerun.pass_to_fail.length + rerun.fail_to_pass.length;
  return {
    flips,
    pass_to_fail: rerun.pass_to_fail.length,
    fail_to_pass: rerun.fail_to_pass.length,
    ratio: flips > 0 ? candFlips / flips : null,
  };
}

/** Attach the rerun's flip counts to every candidate metric that the rerun also has. */
export function attachNoise(pair: PairComparison, noise: PairComparison): void {
  for (const b of pair.benchmarks) {
    const nb = noise.benchmarks.find((x) => x.benchmark === b.benchmark);
    if (!nb) continue;
    for (const m of b.metrics) {
      const nm = nb.metrics.find((x) => x.metric === m.metric);
      if (!nm) continue;
      m.noise = noiseRef(m.flips.pass_to_fail.length + m.flips.fail_to_pass.length, nm.flips);
    }
  }
}

/** One line per benchmark/metric describing the baseline's discordance with itself. */
export function noiseSummary(noise: PairComparison): string[] {
  const lines: string[] = [];
  for (const b of noise.benchmarks) {
    for (const m of b.metrics) {
      const flips = m.flips.pass_to_fail.length + m.flips.fail_to_pass.length;
      const of = m.kind === "cluster" ? `${m.units ?? 0} instructions` : `${m.n} items`;
      const pct = (m.kind === "cluster" ? m.units ?? 0 : m.n) > 0 ? (100 * flips) / (m.kind === "cluster" ? m.units! : m.n) : 0;
      lines.push(`${b.benchmark}/${m.metric}: ${flips} of ${of} flip between baseline runs (${pct.toFixed(1)}%; ${m.flips.pass_to_fail.length} pass→fail, ${m.flips.fail_to_pass.length} fail→pass), delta ${m.delta.toFixed(2)} points`);
    }
  }
  return lines;
}
