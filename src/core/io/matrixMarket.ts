/** The Matrix Market API: in-memory parser, checker, writers, solver gate (files and .gz: src/node/loadMatrix.ts). */
export { parseMatrixMarket, isGzip } from './parseMatrixMarket';
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
export { DEFAULT_LIMITS } from '../defaults';
export {
  MatrixMarketError,
  type MmDiagnostic,
  type MmField,
  type MmFormat,
  type MmHeader,
  type MatrixLimits,
  type MmMatrix,
  type MmReadOptions,
  type MmSymmetry,
} from './types';
