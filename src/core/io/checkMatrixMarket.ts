import { allErrors } from './allErrors';
import { isGzip, parseMatrixMarket } from './parseMatrixMarket';
import { MatrixMarketError, type MmDiagnostic, type MmMatrix, type MmReadOptions } from './types';

/** Result of a non-throwing check: the error (if any) and warnings, plus the matrix when it parsed. */
export interface MmCheckResult {
  diagnostics: MmDiagnostic[];
  matrix?: MmMatrix;
}

/** Parses like parseMatrixMarket but never throws: for the language server's diagnostics (every data-line error, up to a cap). */
export function checkMatrixMarket(data: Uint8Array, file: string, options: MmReadOptions = {}): MmCheckResult {
  try {
    const matrix = parseMatrixMarket(data, file, options);
    return { diagnostics: matrix.warnings, matrix };
  } catch (e) {
    if (e instanceof MatrixMarketError)
      return { diagnostics: e.cancelled || isGzip(data) ? [e.diagnostic] : allErrors(e.diagnostic, data, file) };
    const message = e instanceof Error ? e.message : String(e);
    return { diagnostics: [{ file, line: 1, severity: 'error', message: `cannot read the matrix: ${message}` }] };
  }
}
