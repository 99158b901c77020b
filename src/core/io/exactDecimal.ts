import { POW10, latin1 } from './decimalBasics';

/** Veltkamp's splitter for Dekker's exact product: 2^27 + 1. */
const SPLITTER = 134217729;
/** Bound on the relative error of the double-double quotient/product below (analysis gives ~2^-101). */
const ERROR_BOUND = 2 ** -96;

const bits = new Float64Array(1);
const words = new Uint32Array(bits.buffer);

/** Error of the rounded product p = fl(a * b), exactly (Dekker's TwoProduct). */
function productError(a: number, b: number, p: number): number {
  let t = a * SPLITTER;
  const ah = t - (t - a);
  const al = a - ah;
  t = b * SPLITTER;
  const bh = t - (t - b);
  const bl = b - bh;
  return ah * bh - p + ah * bl + al * bh + al * bl;
}

/**
 * Value of the decimal token buf[start, end) (already validated by the scanner), exactly as
 * parseFloat reads it, without making a string in the common case of 16 to 19 significant digits
 * and a small exponent: the integer mantissa M < 10^19 is held exactly as a double-double, M / 10^q
 * or M * 10^q is formed in double-double, and the rounded result is kept only when it is provably
 * the correctly rounded one (far from a rounding midpoint). Everything else goes to parseFloat.
 */
export function exactDecimal(buf: Buffer, start: number, end: number): number {
  let p = start;
  let neg = false;
  if (buf[p] === 45 || buf[p] === 43) {
    neg = buf[p] === 45;
    p++;
  }
  let hi = 0;
  let lo = 0;
  let loDigits = 0;
  let sig = 0;
  let e10 = 0;
  let afterPoint = false;
  let lost = false;
  for (; p < end; p++) {
    const c = buf[p];
    if (c === 46) {
      afterPoint = true;
      continue;
    }
    const d = c - 48;
    if (d < 0 || d > 9) break;
    if (sig === 0 && d === 0) {
      if (afterPoint) e10--;
      continue;
    }
    if (sig < 15) {
      hi = hi * 10 + d;
      if (afterPoint) e10--;
    } else if (sig < 19) {
      lo = lo * 10 + d;
      loDigits++;
      if (afterPoint) e10--;
    } else {
      // Dropped digit: exact only if it is a zero (an integer-part zero still scales the value).
      if (d !== 0) lost = true;
      if (!afterPoint) e10++;
    }
    sig++;
  }
  if (p < end) {
    p++; // 'e' or 'E'
    let expNeg = false;
    if (buf[p] === 45 || buf[p] === 43) {
      expNeg = buf[p] === 45;
      p++;
    }
    let exp = 0;
    for (; p < end; p++) if (exp < 100000) exp = exp * 10 + (buf[p] - 48);
    e10 += expNeg ? -exp : exp;
  }
  if (lost || e10 < -22 || e10 > 22 || hi === 0) return parseFloat(latin1(buf, start, end));
  const r = exactFromParts(hi, lo, loDigits, e10);
  if (r !== r) return parseFloat(latin1(buf, start, end));
  return neg ? -r : r;
}

/**
 * (hi * 10^loDigits + lo) * 10^e10 correctly rounded, for 0 < hi < 2^53, 0 <= lo < 10^loDigits,
 * loDigits <= 4 and |e10| <= 22; NaN when the result lies too close to a rounding midpoint to decide
 * without exact arithmetic (the caller then uses parseFloat on the token).
 */
export function exactFromParts(hi: number, lo: number, loDigits: number, e10: number): number {
  // M = hi * 10^loDigits + lo as the exact pair (mh, ml).
  const scale = POW10[loDigits];
  const a = hi * scale;
  const aErr = productError(hi, scale, a);
  const mh = a + lo;
  const bv = mh - a;
  const ml = a - (mh - bv) + (lo - bv) + aErr;
  let r: number;
  let t: number;
  if (e10 < 0) {
    const pw = POW10[-e10];
    const q1 = mh / pw;
    const ph = q1 * pw;
    const pl = productError(q1, pw, ph);
    const q2 = (mh - ph - pl + ml) / pw;
    r = q1 + q2;
    const bb = r - q1;
    t = q1 - (r - bb) + (q2 - bb);
  } else {
    const pw = POW10[e10];
    const ph = mh * pw;
    const s = productError(mh, pw, ph) + ml * pw;
    r = ph + s;
    const bb = r - ph;
    t = ph - (r - bb) + (s - bb);
  }
  bits[0] = r;
  const exponent = (words[1] >>> 20) & 0x7ff;
  // A power of two has a smaller ulp below it: leave it to parseFloat. (One expression, no `&&`: a
  // rarely evaluated operand would lack type feedback and deoptimise the loop this is inlined into.)
  if (((words[1] & 0xfffff) | words[0]) === 0) return NaN;
  words[1] = (exponent - 53) << 20; // half an ulp of r: 2^(exponent - 1023 - 53)
  words[0] = 0;
  if (Math.abs(t) + r * ERROR_BOUND >= bits[0]) return NaN;
  return r;
}
