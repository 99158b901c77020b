// Files and settings the scenarios add to the workspace copy.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { repoRoot } from './env.mjs';

/** The bundled paper-beta-2-6 spec with 100x its instances: a learning run that lasts minutes, to watch and cancel. */
export function longSpec() {
  const spec = JSON.parse(readFileSync(join(repoRoot, 'samples', 'paper-beta-2-6.relax.json'), 'utf8'));
  return JSON.stringify({ ...spec, name: 'e2e-long', instances: spec.instances * 100 }, null, 2);
}

/**
 * The paper's Beta(2, 6) shift sequence (5000 instances) on a 50 x 50 grid instead of 10 x 10: with the
 * WebAssembly kernels the paper's own size finishes all 5000 in a few seconds, before a scenario can
 * cancel it; this one runs for minutes.
 */
export function cancelSpec() {
  const spec = JSON.parse(readFileSync(join(repoRoot, 'samples', 'paper-beta-2-6.relax.json'), 'utf8'));
  return JSON.stringify({ ...spec, name: 'e2e-cancel-5000', matrix: { laplacian2d: 50 } }, null, 2);
}

/** A coordinate matrix whose fifth line has a non-numeric column index. */
export const MALFORMED_MATRIX = [
  '%%MatrixMarket matrix coordinate real general',
  '3 3 4',
  '1 1 4.0',
  '2 2 4.0',
  '3 x 4.0',
  '3 3 1.0',
  '',
].join('\n');

/** 1-based line of the error in MALFORMED_MATRIX, as the Problems panel shows it (`Ln 5`). */
export const MALFORMED_LINE = 5;

/** A coordinate matrix with three bad data lines (4, 5, 7): each must become its own diagnostic. */
export const THREE_ERRORS_MATRIX = [
  '%%MatrixMarket matrix coordinate real general',
  '3 3 5',
  '1 1 4.0',
  '2 x 4.0',
  '2 2 abc',
  '3 3 1.0',
  '9 1 1.0',
  '',
].join('\n');

/** 1-based lines of THREE_ERRORS_MATRIX's errors. */
export const THREE_ERROR_LINES = [4, 5, 7];

export const LONG_RUN_SETTINGS = {
  /** Settings for every scenario: the defaults of the extension. */
  base: {},
  /** A tuning run that takes minutes on orsirr_1 (tiny tolerance, huge iteration cap, fine grid), to be cancelled. */
  long: { 'relax.tolerance': 1e-15, 'relax.maxIterations': 2000000, 'relax.gridPoints': 400 },
};
