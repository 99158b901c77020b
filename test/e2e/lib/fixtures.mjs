// Files and settings the scenarios add to the workspace copy.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { laplacianFile } from '../../../bench/laplacianFile.mjs';
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
  /**
   * A tuning run of SLOW_LAPLACIAN that lasts minutes, to be cancelled: omega held to [1, 1.1], far
   * below the optimum near 1.97, so every solve is a ~90,000-sweep crawl (28 s at omega 1.1 on this
   * machine) however well the tuner races its candidates.
   */
  long: {
    'relax.tolerance': 1e-12,
    'relax.maxIterations': 2000000,
    'relax.omegaRange': [1, 1.1],
    // The workbench reloads settings.json when its watcher fires, seconds later on a loaded machine; the
    // page title shows when this very file took effect (a click before then tunes with the defaults).
    'window.title': 'relax-e2e-long-run',
  },
};

/** File name of slowLaplacian() in the workspace. */
export const SLOW_LAPLACIAN_NAME = 'slow-laplacian.mtx';

/** The benchmarks' 5-point Laplacian on a 200 x 200 grid (40,000 rows), as Matrix Market text. */
export function slowLaplacian() {
  return readFileSync(laplacianFile(join(repoRoot, 'bench', '.out'), 200), 'utf8');
}
