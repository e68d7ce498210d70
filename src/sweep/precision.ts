// Which variant of a ladder holds the most precision, from its recorded quantization label (GGUF
// general.file_type, a safetensors quantization_config label, or what a server reports). The sweep's
// default baseline is the highest-precision variant.

/**
 * Quantization labels from most to least precise; labels in one tier are about as precise
 * (roughly equal bits per weight). Labels not listed are ranked by the bit count they name
 * ("GPTQ-4bit-g128", "W4A16"), else below every listed one.
 */
export const PRECISION_ORDER: readonly (readonly string[])[] = [
  ["F32", "FP32"],
  ["BF16"],
  ["F16", "FP16"],
  ["FP8", "FP8 W8A8", "Q8_0", "Q8_1", "Q8_K"],
  ["Q6_K"],
  ["Q5_K_M", "Q5_1"],
  ["Q5_K_S", "Q5_0"],
  ["Q4_K_M", "Q4_1", "IQ4_NL"],
  ["Q4_K_S", "Q4_0", "Q4_0_4_4", "Q4_0_4_8", "Q4_0_8_8", "IQ4_XS", "MXFP4", "MXFP4_MOE", "NVFP4"],
  ["Q3_K_L"],
  ["Q3_K_M", "IQ3_M"],
  ["Q3_K_S", "IQ3_S", "IQ3_XS"],
  ["IQ3_XXS"],
  ["Q2_K", "IQ2_M", "Q2_0"],
  ["Q2_K_S", "IQ2_S", "IQ2_XS", "TQ2_0"],
  ["IQ2_XXS"],
  ["IQ1_M", "TQ1_0", "Q1_0"],
  ["IQ1_S"],
];

/** Tier of a bit count named in a label: 16 → the F16 tier, 8 → Q8_0's, 4 → Q4_0's... */
function tierForBits(bits: number): number {
  const anchor: Array<[number, string]> = [[32, "F32"], [16, "F16"], [8, "Q8_0"], [6, "Q6_K"], [5, "Q5_0"], [4, "Q4_0"], [3, "Q3_K_S"], [2, "Q2_K"], [1, "IQ1_S"]];
  const label = anchor.find(([b]) => bits >= b)?.[1] ?? "IQ1_S";
  return PRECISION_ORDER.findIndex((t) => t.includes(label));
}

/** Lower is more precise; unknown labels rank after every known one. */
export function precisionRank(label: string | null | undefined): number {
  if (!label) return PRECISION_ORDER.length;
  const up = label.trim().toUpperCase();
  const exact = PRECISION_ORDER.findIndex((t) => t.includes(up));
  if (exact >= 0) return exact;
  const bits = /(\d+)\s*-?BIT/.exec(up)?.[1] ?? /^W(\d+)A\d+/.exec(up)?.[1] ?? /^FP(\d+)/.exec(up)?.[1];
  return bits ? tierForBits(Number(bits)) : PRECISION_ORDER.length;
}

/** Index of the most precise label (the first given among equals), or null when none is known. */
export function mostPrecise(labels: ReadonlyArray<string | null | undefined>): number | null {
  let best: number | null = null;
  labels.forEach((l, i) => {
    const r = precisionRank(l);
    if (r < PRECISION_ORDER.length && (best === null || r < precisionRank(labels[best]))) best = i;
  });
  return best;
}
