/** The Matrix Market API: reader (byte level, streaming, .gz), checker, writers, solver gate. */
export { parseMatrixMarket, isGzip } from './parseMatrixMarket';
export { readMatrixMarket } from './readMatrixMarket';
export { checkMatrixMarket, type MmCheckResult } from './checkMatrixMarket';
export {
  writeMatrixMarket,
  writeMatrixMarketVector,
  writeMatrixMarketArray,
  formatValue,
  type MmWriteOptions,
} from './writeMatrixMarket';
export { solvableMatrix, vectorFromMatrix } from './solvableMatrix';
export { estimateBytes } from './limits';
export {
  MatrixMarketError,
  type MmDiagnostic,
  type MmField,
  type MmFormat,
  type MmHeader,
  type MmLimits,
  type MmMatrix,
  type MmReadOptions,
  type MmSymmetry,
} from './types';
