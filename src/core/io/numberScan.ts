/**
 * Byte-level number scanning for the Matrix Market parser. Every accepted token yields exactly what
 * `parseFloat` gives for the same characters: the fast path is only taken where one IEEE operation on
 * exact operands is correctly rounded (Clinger's condition); 16 to 19 digits go through exactDecimal
 * (double-double with a rounding-midpoint check), everything else through parseFloat.
 */

import { exactDecimal } from './exactDecimal';
import { MAX_EXACT, POW10, latin1 } from './decimalBasics';

export { MAX_EXACT, POW10, latin1 };

/** Where scanners leave the value they read, so hot loops allocate nothing per token. */
export const scanned = new Float64Array(1);

/** Returned instead of a position when the bytes at the start position are not a decimal number. */
export const NOT_A_NUMBER = -1;

/**
 * Scans `[+-]?(digits[.digits]|.digits)([eE][+-]?digits)?` at `p`; stores the value in `scanned[0]`
 * and returns the position after the token, or NOT_A_NUMBER (also for a token that overflows to
 * Infinity). The token's end is not checked for a delimiter: the caller does that.
 */
export function scanDecimal(buf: Buffer, p: number, end: number): number {
  const start = p;
  let neg = false;
  let c = p < end ? buf[p] : 0;
  if (c === 45 || c === 43) {
    neg = c === 45;
    p++;
  }
  let m = 0;
  let digits = 0;
  while (p < end && (c = buf[p] - 48) >= 0 && c <= 9) {
    m = m * 10 + c;
    digits++;
    p++;
  }
  let fracDigits = 0;
  if (p < end && buf[p] === 46) {
    p++;
    while (p < end && (c = buf[p] - 48) >= 0 && c <= 9) {
      m = m * 10 + c;
      fracDigits++;
      p++;
    }
  }
  if (digits + fracDigits === 0) return NOT_A_NUMBER;
  let exp = 0;
  if (p < end && (buf[p] | 32) === 101) {
    p++;
    let expNeg = false;
    if (p < end && (buf[p] === 45 || buf[p] === 43)) {
      expNeg = buf[p] === 45;
      p++;
    }
    const expStart = p;
    while (p < end && (c = buf[p] - 48) >= 0 && c <= 9) {
      if (exp < 100000) exp = exp * 10 + c;
      p++;
    }
    if (p === expStart) return NOT_A_NUMBER;
    if (expNeg) exp = -exp;
  }
  const e10 = exp - fracDigits;
  let v: number;
  if (m === 0) {
    v = 0;
  } else if (m < MAX_EXACT && e10 >= -22 && e10 <= 22) {
    v = e10 >= 0 ? m * POW10[e10] : m / POW10[-e10];
  } else {
    const slow = exactDecimal(buf, start, p);
    if (slow - slow !== 0) return NOT_A_NUMBER; // overflow to Infinity: the slow path explains it
    scanned[0] = slow;
    return p;
  }
  scanned[0] = neg ? -v : v;
  return p;
}

/**
 * Scans an optionally signed run of digits (the integer field); value in `scanned[0]`, exactly
 * parseFloat's. Returns the position after it or NOT_A_NUMBER.
 */
export function scanInteger(buf: Buffer, p: number, end: number): number {
  const start = p;
  let neg = false;
  let c = p < end ? buf[p] : 0;
  if (c === 45 || c === 43) {
    neg = c === 45;
    p++;
  }
  const digitsStart = p;
  let m = 0;
  while (p < end && (c = buf[p] - 48) >= 0 && c <= 9) {
    m = m * 10 + c;
    p++;
  }
  if (p === digitsStart) return NOT_A_NUMBER;
  if (m >= MAX_EXACT) {
    m = Math.abs(parseFloat(latin1(buf, start, p)));
    if (m === Infinity) return NOT_A_NUMBER;
  }
  scanned[0] = neg ? -m : m;
  return p;
}
