import { assembleArray } from './assembleArray';
import { assembleCoordinate } from './assembleCoordinate';
import { MAX_WARNINGS_PER_KIND, type DataState } from './dataState';
import { failAt, type MmMatrix } from './types';

/**
 * Ends a read whose every line is parsed (one parser, or the merged chunks of a parallel read):
 * checks the entry count against the size line, builds the CSR and collects the warnings.
 * `lastLine` is the file's last line (1-based), where a missing entry is reported.
 */
export function finishData(st: DataState, lastLine: number): MmMatrix {
  const h = st.header;
  if (st.store.count < h.declaredEntries) {
    failAt(
      st.file,
      lastLine,
      `the file ends after ${st.store.count} of the ${h.declaredEntries} entries declared on line ${h.sizeLine} (truncated?)`,
    );
  }
  const built = h.format === 'coordinate' ? assembleCoordinate(st) : assembleArray(st);
  const warnings = [...st.warnings];
  if (st.upperCount > MAX_WARNINGS_PER_KIND) {
    warnings.push({
      file: st.file,
      line: h.sizeLine,
      severity: 'warning',
      message: `${st.upperCount} entries in all were above the diagonal and used as their mirrors; only the first ${MAX_WARNINGS_PER_KIND} are listed`,
    });
  }
  return { file: st.file, header: h, csr: built.csr, imag: built.imag, warnings };
}
