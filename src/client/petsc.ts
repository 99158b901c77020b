import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { ExportSettings } from '../core/export/exportSettings';
import { petscOptionLine, petscOptionSets } from '../core/export/petscOptions';
import type { TuneRecord } from '../protocol';

/** The export settings of a saved tuning run: its omega together with the stopping rule it was measured under. */
export function exportSettingsOf(rec: TuneRecord): ExportSettings {
  return {
    method: rec.inputs.method,
    omega: rec.omega,
    tolerance: rec.inputs.tolerance,
    maxIterations: rec.inputs.maxIterations,
    measured: { iterations: rec.iterations, converged: rec.converged },
    source: path.basename(fileURLToPath(rec.matrix.uri)),
  };
}

/** One-line sequential PETSc options that reproduce the run's iteration count on one process. */
export function petscLineOf(rec: TuneRecord): string {
  const seq = petscOptionSets(exportSettingsOf(rec)).find((s) => s.variant === 'sequential');
  return seq ? petscOptionLine(seq) : '';
}
