import { noteSkipped, tooManyEntries, type DataState } from './dataState';
import { diagnoseLine, slowEntry } from './lineDiagnosis';
import { NOT_A_NUMBER, scanDecimal, scanInteger, scanned } from './numberScan';

/**
 * Parses array-format values in buf[p, end) (whole lines, buf[end - 1] is '\n'), in file order
 * (column-major). One value per line, two for complex. Returns the new entry count (the caller stores it).
 */
export function parseArrayBlock(st: DataState, buf: Buffer, p: number, end: number): number {
  const h = st.header;
  const integer = h.field === 'integer';
  const complex = h.field === 'complex';
  const store = st.store;
  const limit = store.limit;
  let { re, im, capacity } = store;
  let k = store.count;
  let line = st.line;
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
      ({ re, im, capacity } = store);
    }
    let x = 0;
    let y = 0;
    let fast = false;
    do {
      p = integer ? scanInteger(buf, p, end) : scanDecimal(buf, p, end);
      if (p === NOT_A_NUMBER) break;
      x = scanned[0];
      if (complex) {
        c = buf[p];
        if (c !== 32 && c !== 9) break;
        do c = buf[++p];
        while (c === 32 || c === 9);
        p = scanDecimal(buf, p, end);
        if (p === NOT_A_NUMBER) break;
        y = scanned[0];
      }
      c = buf[p];
      while (c === 32 || c === 9 || c === 13) c = buf[++p];
      fast = c === 10;
    } while (false);
    if (!fast) {
      p = buf.indexOf(10, lineStart);
      st.line = line;
      diagnoseLine(st, buf, lineStart, p);
      x = slowEntry.re;
      y = slowEntry.im;
    }
    re[k] = x;
    if (im !== undefined) im[k] = y;
    k++;
    p++;
    line++;
  }
  // Only a return after the loop: V8 compiles this loop on-stack before the exit ever ran, and a
  // property store here would lack type feedback and deoptimise every call.
  return k;
}
