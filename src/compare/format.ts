// Number formatting shared by the reports (points are percent, 0–100).

/** Signed points, e.g. "+1.25" / "−0.40" (ASCII minus for terminals and JSON-friendly text). */
export function signed(x: number, digits = 2): string {
  const r = x.toFixed(digits);
  if (Number(r) === 0) return (0).toFixed(digits);
  return x > 0 ? `+${r}` : r;
}

export function pts(x: number, digits = 2): string {
  return x.toFixed(digits);
}

function fmtP(p: number): string {
  if (p >= 0.9995) return "1";
  if (p < 0.0001) return p.toExponential(1);
  return p.toFixed(4).replace(/0+$/, "").replace(/\.$/, "");
}

/** A p-value for tables; `floor` is the smallest value the method can report (Monte Carlo: 1/(R+1)), shown as "≤floor". */
export function pval(p: number | null, floor = 0): string {
  if (p === null) return "n/a";
  if (floor > 0 && p <= floor * (1 + 1e-9)) return `≤${fmtP(floor)}`;
  return fmtP(p);
}

/** The smallest p-value a method can report with R resamples (0 for exact methods). */
export function pFloor(method: string, resamples: number): number {
  return method === "sign-flip-monte-carlo" ? 1 / (resamples + 1) : 0;
}

export function ciText(lo: number, hi: number, digits = 2): string {
  return `[${signed(lo, digits)}, ${signed(hi, digits)}]`;
}

/** Round for JSON output (points carry 4 decimals, p-values 6 significant digits). */
export function round4(x: number): number {
  const r = Math.round(x * 1e4) / 1e4;
  return Object.is(r, -0) ? 0 : r;
}

export function roundP(p: number): number {
  return Number(p.toPrecision(6));
}
