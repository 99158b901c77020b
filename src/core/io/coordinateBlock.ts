import { badDiagonal, noteSkipped, noteUpper, tooManyEntries, type DataState } from './dataState';
import { diagnoseLine, slowEntry } from './lineDiagnosis';
import { MAX_EXACT, POW10, latin1 } from './decimalBasics';
import { exactDecimal, exactFromParts } from './exactDecimal';
import { NOT_A_NUMBER, scanDecimal, scanInteger, scanned } from './numberScan';

const FIELD_REAL = 0;
const FIELD_INTEGER = 1;
const FIELD_PATTERN = 2;
const FIELD_COMPLEX = 3;

/**
 * Parses the coordinate entries in buf[p, end), which holds whole lines (buf[end - 1] is newline), and
 * returns the new entry count (the caller stores it).
 * Symmetric-type entries are stored in the lower triangle (mirrored with a warning when given above).
 * The common line shape is read inline; any other line goes to diagnoseLine, which reads it or throws.
 */
export function parseCoordinateBlock(st: DataState, buf: Buffer, p: number, end: number): number {
  const h = st.header;
  const rows = h.rows;
  const cols = h.cols;
  const field =
    h.field === 'real'
      ? FIELD_REAL
      : h.field === 'integer'
        ? FIELD_INTEGER
        : h.field === 'pattern'
          ? FIELD_PATTERN
          : FIELD_COMPLEX;
  const general = h.symmetry === 'general';
  const skew = h.symmetry === 'skew-symmetric';
  const hermitian = h.symmetry === 'hermitian';
  const store = st.store;
  const limit = store.limit;
  let { ri, ci, re, im, capacity } = store;
  let k = store.count;
  let line = st.line;
  const order = st.order;
  let prevRow = order[0];
  let prevCol = order[1];
  let unsorted = order[2];
  while (p < end) {
    const lineStart = p;
    let c = buf[p];
    while (c === 32 || c === 9 || c === 13) c = buf[++p];
    if (c === 10 || c === 37) {
      if (c === 37) p = buf.indexOf(10, p);
      noteSkipped(st, k);
      p++;
      line++;
      continue;
    }
    if (k === capacity) {
      st.line = line;
      if (k === limit) tooManyEntries(st);
      store.count = k;
      store.grow();
      ({ ri, ci, re, im, capacity } = store);
    }
    let row = 0;
    let col = 0;
    let x = 0;
    let y = 0;
    let fast = false;
    // One pass over the common shape; `break` hands the line to the slow path.
    do {
      let d = c - 48;
      if (d < 0 || d > 9) break;
      do {
        row = row * 10 + d;
        d = buf[++p] - 48;
      } while (d >= 0 && d <= 9);
      c = buf[p];
      if (c !== 32 && c !== 9) break;
      do c = buf[++p];
      while (c === 32 || c === 9);
      d = c - 48;
      if (d < 0 || d > 9) break;
      do {
        col = col * 10 + d;
        d = buf[++p] - 48;
      } while (d >= 0 && d <= 9);
      if (field !== FIELD_PATTERN) {
        c = buf[p];
        if (c !== 32 && c !== 9) break;
        do c = buf[++p];
        while (c === 32 || c === 9);
        if (field === FIELD_REAL) {
          // scanDecimal inlined by hand (V8 will not inline it): same grammar, same exact-or-parseFloat
          // rule. The block ends in '\n', so reading one byte past a token never leaves the block.
          const valueStart = p;
          let neg = false;
          if (c === 45 || c === 43) {
            neg = c === 45;
            c = buf[++p];
          }
          // Mantissa digits: the first 15 in m (exact), up to 4 more in lo, so m * 10^loDigits + lo
          // is the exact integer mantissa of up to 19 digits.
          let m = 0;
          let lo = 0;
          let loDigits = 0;
          let digits = 0;
          d = c - 48;
          while (d >= 0 && d <= 9) {
            if (m < 1e14) m = m * 10 + d;
            else {
              lo = lo * 10 + d;
              loDigits++;
            }
            digits++;
            d = buf[++p] - 48;
          }
          let e10 = 0;
          if (d === -2) {
            d = buf[++p] - 48;
            while (d >= 0 && d <= 9) {
              if (m < 1e14) m = m * 10 + d;
              else {
                lo = lo * 10 + d;
                loDigits++;
              }
              digits++;
              e10--;
              d = buf[++p] - 48;
            }
          }
          if (digits === 0) break;
          if ((d | 32) === 53) {
            // 'e' or 'E' (101 or 69, minus 48)
            c = buf[++p];
            let expNeg = false;
            if (c === 45 || c === 43) {
              expNeg = c === 45;
              c = buf[++p];
            }
            d = c - 48;
            if (d < 0 || d > 9) break;
            let exp = 0;
            while (d >= 0 && d <= 9) {
              if (exp < 100000) exp = exp * 10 + d;
              d = buf[++p] - 48;
            }
            e10 += expNeg ? -exp : exp;
          }
          let whole = 0;
          if (m === 0) {
            x = neg ? -0 : 0;
          } else if (e10 < -22 || e10 > 22 || loDigits > 4) {
            x = exactDecimal(buf, valueStart, p);
            if (x - x !== 0) break;
          } else if ((whole = loDigits === 0 ? m : m * POW10[loDigits] + lo) < MAX_EXACT) {
            // The whole mantissa is an exact double (a rounded sum below 2^53 is exact): one IEEE op.
            x = e10 >= 0 ? whole * POW10[e10] : whole / POW10[-e10];
            if (neg) x = -x;
          } else {
            x = exactFromParts(m, lo, loDigits, e10);
            if (x !== x)
              x = parseFloat(latin1(buf, valueStart, p)); // signed token: no negation
            else if (neg) x = -x;
          }
        } else {
          p = field === FIELD_INTEGER ? scanInteger(buf, p, end) : scanDecimal(buf, p, end);
          if (p === NOT_A_NUMBER) break;
          x = scanned[0];
        }
        if (field === FIELD_COMPLEX) {
          c = buf[p];
          if (c !== 32 && c !== 9) break;
          do c = buf[++p];
          while (c === 32 || c === 9);
          p = scanDecimal(buf, p, end);
          if (p === NOT_A_NUMBER) break;
          y = scanned[0];
        }
      } else {
        x = 1;
      }
      c = buf[p];
      while (c === 32 || c === 9 || c === 13) c = buf[++p];
      if (c !== 10) break;
      if (row < 1 || row > rows || col < 1 || col > cols) break;
      fast = true;
    } while (false);
    if (!fast) {
      p = buf.indexOf(10, lineStart);
      st.line = line;
      diagnoseLine(st, buf, lineStart, p);
      row = slowEntry.row;
      col = slowEntry.col;
      x = slowEntry.re;
      y = slowEntry.im;
    }
    if (!general) {
      if (row < col) {
        st.line = line;
        noteUpper(st, row, col);
        const t = row;
        row = col;
        col = t;
        if (skew) {
          x = -x;
          y = -y;
        } else if (hermitian) {
          y = -y;
        }
      } else if (row === col && (skew || (hermitian && y !== 0))) {
        st.line = line;
        badDiagonal(st, row, y);
      }
    }
    ri[k] = row - 1;
    ci[k] = col - 1;
    re[k] = x;
    if (im !== undefined) im[k] = y;
    // Strict row-major order lets the assembly adopt the arrays as CSR (it counts rows from ri then:
    // a sequential pass, cheaper than a count here, and chunks read in parallel share no counter).
    unsorted |= row < prevRow || (row === prevRow && col <= prevCol) ? 1 : 0;
    prevRow = row;
    prevCol = col;
    order[0] = row;
    order[1] = col;
    order[2] = unsorted;
    k++;
    p++;
    line++;
  }
  // Only a return after the loop: V8 compiles this loop on-stack before the exit ever ran, and a
  // property store here would lack type feedback and deoptimise every call.
  return k;
}
