/**
 * Correctly rounded (to nearest) `log`, `sin` and `cos` for doubles.
 *
 * CPython's `random.gauss` calls the C library's log/cos/sin. V8's Math.log/sin/cos
 * (fdlibm ports) differ from glibc in the last bit for a few percent of inputs; a
 * correctly rounded result agrees with glibc far more often (glibc is within ~0.52 ulp,
 * so it differs from the correctly rounded value for about 0.1% of inputs).
 *
 * Evaluation uses double-double arithmetic (~2^-100 relative error) and rounds once.
 * Values are passed through module-level registers to avoid allocating pairs.
 */

// Result registers of the double-double primitives below.
let rh = 0;
let rl = 0;

const SPLITTER = 134217729; // 2^27 + 1

/** rh + rl = a + b exactly. */
function twoSum(a: number, b: number): void {
  const s = a + b;
  const bb = s - a;
  rl = a - (s - bb) + (b - bb);
  rh = s;
}

/** rh + rl = a + b exactly, requires |a| >= |b| or a == 0. */
function quickTwoSum(a: number, b: number): void {
  const s = a + b;
  rl = b - (s - a);
  rh = s;
}

/** rh + rl = a * b exactly (Dekker). */
function twoProd(a: number, b: number): void {
  const p = a * b;
  let t = SPLITTER * a;
  const ah = t - (t - a);
  const al = a - ah;
  t = SPLITTER * b;
  const bh = t - (t - b);
  const bl = b - bh;
  rl = ah * bh - p + ah * bl + al * bh + al * bl;
  rh = p;
}

/** (ah, al) + (bh, bl) */
function ddAdd(ah: number, al: number, bh: number, bl: number): void {
  twoSum(ah, bh);
  const sh = rh;
  const sl = rl;
  twoSum(al, bl);
  const th = rh;
  const tl = rl;
  quickTwoSum(sh, sl + th);
  quickTwoSum(rh, rl + tl);
}

/** (ah, al) * (bh, bl) */
function ddMul(ah: number, al: number, bh: number, bl: number): void {
  twoProd(ah, bh);
  quickTwoSum(rh, rl + (ah * bl + al * bh));
}

/** (ah, al) / (bh, bl) */
function ddDiv(ah: number, al: number, bh: number, bl: number): void {
  const q1 = ah / bh;
  ddMul(bh, bl, q1, 0);
  ddAdd(ah, al, -rh, -rl);
  const r1h = rh;
  const r1l = rl;
  const q2 = r1h / bh;
  ddMul(bh, bl, q2, 0);
  ddAdd(r1h, r1l, -rh, -rl);
  const q3 = rh / bh;
  quickTwoSum(q1, q2);
  ddAdd(rh, rl, q3, 0);
}

// Series coefficients as interleaved (hi, lo) double-double pairs.

/** 1/(2k+1): the atanh series for log. */
function atanhCoefficients(count: number): Float64Array {
  const out = new Float64Array(2 * count);
  for (let k = 0; k < count; k++) {
    ddDiv(1, 0, 2 * k + 1, 0);
    out[2 * k] = rh;
    out[2 * k + 1] = rl;
  }
  return out;
}
const LOG_COEF = atanhCoefficients(24);

/** (-1)^k / (2k+1)! (odd) or (-1)^k / (2k)!, by repeated double-double division. */
function factorialCoefficients(count: number, odd: boolean): Float64Array {
  const out = new Float64Array(2 * count);
  let h = 1;
  let l = 0;
  for (let k = 0; k < count; k++) {
    const n = odd ? 2 * k + 1 : 2 * k;
    if (k > 0) {
      // divide by (n-1)*n, both factors exact small integers
      ddDiv(h, l, (n - 1) * n, 0);
      h = rh;
      l = rl;
    }
    const sign = k % 2 === 1 ? -1 : 1;
    out[2 * k] = sign * h;
    out[2 * k + 1] = sign * l;
  }
  return out;
}
const SIN_COEF = factorialCoefficients(16, true);
const COS_COEF = factorialCoefficients(16, false);

/** Horner evaluation of sum c_k t^k with dd coefficients and dd argument. */
function ddHorner(coef: Float64Array, th: number, tl: number): void {
  const n = coef.length / 2;
  let ph = coef[2 * (n - 1)]!;
  let pl = coef[2 * (n - 1) + 1]!;
  for (let k = n - 2; k >= 0; k--) {
    ddMul(ph, pl, th, tl);
    ddAdd(rh, rl, coef[2 * k]!, coef[2 * k + 1]!);
    ph = rh;
    pl = rl;
  }
  rh = ph;
  rl = pl;
}

// ln 2 and pi/2 split into non-overlapping doubles.
const LN2_HI = 0.6931471805599453; // 0x1.62e42fefa39efp-1
const LN2_LO = 2.3190468138462996e-17; // 0x1.abc9e3b39803fp-56
const LN2_LO2 = 5.707708438416212e-34; // 0x1.7b57a079a1934p-111
const PIO2_1 = 1.5707963267948966; // 0x1.921fb54442d18p+0
const PIO2_2 = 6.123233995736766e-17; // 0x1.1a62633145c07p-54
const PIO2_3 = -1.4973849048591698e-33; // -0x1.f1976b7ed8fbcp-110
const PIO2_4 = 5.562271104316826e-50; // 0x1.4cf98e804177dp-164
const SQRT2 = Math.SQRT2;

const f64 = new Float64Array(1);
const u32 = new Uint32Array(f64.buffer);
const HI = 1; // little-endian word order (checked below)
{
  f64[0] = 1;
  if (u32[1] !== 0x3ff00000) throw new Error("cr-math: unsupported (big-endian) float layout");
}

/** Correctly rounded natural logarithm. */
export function crLog(x: number): number {
  if (!(x > 0) || x === Infinity) return Math.log(x); // NaN, 0, negatives, +inf
  if (x === 1) return 0;
  let e = 0;
  let m = x;
  if (m < 2.2250738585072014e-308) {
    m *= 18014398509481984; // 2^54
    e -= 54;
  }
  f64[0] = m;
  const bits = u32[HI]!;
  e += ((bits >>> 20) & 0x7ff) - 1023;
  u32[HI] = (bits & 0x800fffff) | 0x3ff00000; // mantissa in [1, 2)
  m = f64[0]!;
  if (m > SQRT2) {
    m *= 0.5;
    e += 1;
  }
  // log(m) = 2 atanh(s), s = (m - 1) / (m + 1); m - 1 is exact.
  const f = m - 1;
  twoSum(m, 1);
  ddDiv(f, 0, rh, rl);
  const sh = rh;
  const sl = rl;
  ddMul(sh, sl, sh, sl);
  ddHorner(LOG_COEF, rh, rl);
  ddMul(rh, rl, 2 * sh, 2 * sl);
  if (e === 0) return rh + rl;
  const lh = rh;
  const ll = rl;
  twoProd(e, LN2_HI);
  ddAdd(rh, rl, e * LN2_LO, e * LN2_LO2);
  ddAdd(rh, rl, lh, ll);
  return rh + rl;
}

/** Reduce x to r = x - k*pi/2 (double-double in rh, rl); returns k mod 4. */
function reduce(x: number): number {
  const k = Math.round(x / PIO2_1);
  twoProd(k, PIO2_1);
  const p1h = rh;
  const p1l = rl;
  twoProd(k, PIO2_2);
  const p2h = rh;
  const p2l = rl;
  twoProd(k, PIO2_3);
  const p3h = rh;
  const p3l = rl;
  ddAdd(x, 0, -p1h, -p1l);
  ddAdd(rh, rl, -p2h, -p2l);
  ddAdd(rh, rl, -p3h, -p3l - k * PIO2_4);
  return ((k % 4) + 4) % 4;
}

/** sin(r) for the dd r in (h, l), |r| <= pi/4 (result in rh, rl). */
function sinKernel(h: number, l: number): void {
  ddMul(h, l, h, l);
  ddHorner(SIN_COEF, rh, rl);
  ddMul(rh, rl, h, l);
}

/** cos(r) for the dd r in (h, l), |r| <= pi/4 (result in rh, rl). */
function cosKernel(h: number, l: number): void {
  ddMul(h, l, h, l);
  ddHorner(COS_COEF, rh, rl);
}

const MAX_REDUCE = 1e6; // beyond this the three-part pi/2 reduction loses precision

function sinCos(x: number, wantSin: boolean): number {
  const q = reduce(x);
  const h = rh;
  const l = rl;
  // quadrant table: sin(x) = [s, c, -s, -c][q], cos(x) = [c, -s, -c, s][q]
  const useSin = wantSin ? q % 2 === 0 : q % 2 === 1;
  const negative = wantSin ? q >= 2 : q === 1 || q === 2;
  if (useSin) sinKernel(h, l);
  else cosKernel(h, l);
  const v = rh + rl;
  return negative ? -v : v;
}

/** Correctly rounded sine (|x| < 1e6; larger arguments fall back to Math.sin). */
export function crSin(x: number): number {
  if (x === 0 || !Number.isFinite(x) || Math.abs(x) > MAX_REDUCE) return Math.sin(x);
  return sinCos(x, true);
}

/** Correctly rounded cosine (|x| < 1e6; larger arguments fall back to Math.cos). */
export function crCos(x: number): number {
  if (x === 0 || !Number.isFinite(x) || Math.abs(x) > MAX_REDUCE) return Math.cos(x);
  return sinCos(x, false);
}
