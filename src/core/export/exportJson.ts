import type { LocalFallback } from '../solvers/rankedSolve';
import { checkExportSettings, type ExportMethod, type ExportSettings } from './exportSettings';
import { petscOptionSets } from './petscOptions';

/** Machine-readable export: the omega, the run's stopping rule, and PETSc options for both variants. */
export interface ExportDocument {
  format: 'relax-export';
  version: 1;
  method: ExportMethod;
  omega: number;
  tolerance: number;
  maxIterations: number;
  source?: string;
  measured?: { iterations: number; converged: boolean; reason?: string };
  /** Ranks `measured` was simulated on (PETSc's processor-local form); absent means 1. */
  ranks?: number;
  fallback?: LocalFallback;
  petsc: { sequential: string[]; mpi: string[] };
}

/** Builds the JSON export document (throws RangeError on bad settings). */
export function exportDocument(s: ExportSettings): ExportDocument {
  checkExportSettings(s);
  const sets = petscOptionSets(s);
  const split = (variant: string): string[] =>
    (sets.find((o) => o.variant === variant)?.options ?? []).flatMap((o) => o.split(' '));
  const doc: ExportDocument = {
    format: 'relax-export',
    version: 1,
    method: s.method,
    omega: s.omega,
    tolerance: s.tolerance,
    maxIterations: s.maxIterations,
    petsc: { sequential: split('sequential'), mpi: split('mpi') },
  };
  if (s.source !== undefined) doc.source = s.source;
  if (s.measured) doc.measured = { ...s.measured };
  if (s.ranks !== undefined && s.ranks > 1) doc.ranks = s.ranks;
  if (s.fallback) doc.fallback = { ...s.fallback };
  return doc;
}
