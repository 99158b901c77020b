import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { ExportSettings } from '../core/export/exportSettings';
import { petscOptionLine, petscOptionSets } from '../core/export/petscOptions';
import type { TuneRecord } from '../protocol';

/**
 * The export settings of a saved tuning run: its omega together with the stopping rule it was measured
 * under. Undefined when no solve converged: there is no omega worth exporting.
 */
export function exportSettingsOf(rec: TuneRecord): ExportSettings | undefined {
  if (!rec.converged || rec.omega === undefined || rec.iterations === undefined) return undefined;
  return {
    method: rec.inputs.method,
    omega: rec.omega,
    tolerance: rec.inputs.tolerance,
    maxIterations: rec.inputs.maxIterations,
    measured: { iterations: rec.iterations, converged: true },
    source: path.basename(fileURLToPath(rec.matrix.uri)),
  };
}

/** One-line sequential PETSc options that reproduce the run's iteration count on one process; undefined when nothing converged. */
export function petscLineOf(rec: TuneRecord): string | undefined {
  const s = exportSettingsOf(rec);
  const seq = s ? petscOptionSets(s).find((o) => o.variant === 'sequential') : undefined;
  return seq ? petscOptionLine(seq) : undefined;
}
