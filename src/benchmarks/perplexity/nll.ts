// Per-token NLL of one model and the perplexity llama-perplexity prints from it:
// PPL = exp(mean NLL), its uncertainty PPL * sqrt((E[nll^2] - E[nll]^2) / (n - 1)).

/** Accumulates the per-token NLL of one model (plain perplexity mode). */
export class NllAccumulator {
  sum = 0;
  sum2 = 0;
  count = 0;
  add(nll: number): void {
    this.sum += nll;
    this.sum2 += nll * nll;
    this.count++;
  }
  result(): { ppl: number; ppl_stderr: number; nll_mean: number; nll_stderr: number; count: number } {
    const mean = this.sum / this.count;
    const v = this.sum2 / this.count - mean * mean;
    const sd = v > 0 ? Math.sqrt(v / (this.count - 1)) : 0;
    const ppl = Math.exp(mean);
    return { ppl, ppl_stderr: sd * ppl, nll_mean: mean, nll_stderr: sd, count: this.count };
  }
}
