import { parseCoordinateBlock } from './coordinateBlock';
import { newDataState } from './dataState';
import { EntryStore } from './entryStore';
import type { MmHeader, MmSymmetry } from './types';

/**
 * Lines that take every branch of the coordinate loop's fast path that real files reach only now
 * and then (signs, exponents, 17-19 digit mantissas, a rounding tie, tokens for parseFloat, comments,
 * blank lines, CR and tabs, entries above the diagonal).
 */
const SAMPLE = [
  '1 1 1',
  '2 1 -2.5',
  '2 2 +3.25e2',
  '3 1 -1.5E-7',
  '3 2 0.12345678901234567',
  '3 3 -9007199254740993',
  '% comment',
  '',
  '\t1 3\t1.2345678901234567890123e-30 \r',
  '2 3 -0',
  '1 2 .5e+3',
  '3 3 1e300',
].join('\n');

let warmed = false;

/**
 * Runs the coordinate loop once over SAMPLE (general, then symmetric: the mirror branch), so V8 has type feedback for every
 * branch before it optimises the loop on real data: a branch first taken after optimisation
 * deoptimises the whole loop and costs a recompilation (tens of ms for this function).
 */
export function warmUpCoordinateLoop(): void {
  if (warmed) return;
  warmed = true;
  const buf = Buffer.from(SAMPLE + '\n', 'latin1');
  const kinds: MmSymmetry[] = ['general', 'symmetric'];
  for (const symmetry of kinds) {
    const header: MmHeader = {
      format: 'coordinate',
      field: 'real',
      symmetry,
      rows: 3,
      cols: 3,
      declaredEntries: 64,
      bannerLine: 1,
      sizeLine: 2,
    };
    const st = newDataState('warm-up', header, 3, new EntryStore(64, 64, true, false, 'warm-up', 2));
    parseCoordinateBlock(st, buf, 0, buf.length);
  }
}
