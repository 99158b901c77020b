import * as path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type {
  LearnRecord,
  LearningReport,
  MatrixFact,
  MatrixInfo,
  ResidualHistory,
  SingleMatrixReport,
  SpyGrid,
  TuneResult,
} from '../protocol';
import { petscLineOf } from './petsc';

function fmt(x: number): string {
  return Number(x.toPrecision(4)).toString();
}

/** The facts table of the panel, from the hover's data. */
export function factsOf(info: MatrixInfo): MatrixFact[] {
  const facts: MatrixFact[] = [
    { label: 'size', value: info.rows === info.cols ? `n = ${info.rows}` : `${info.rows} × ${info.cols}` },
    { label: 'stored entries', value: String(info.storedEntries), detail: `${info.declaredEntries} listed in the file` },
    { label: 'format', value: `${info.format}, ${info.field}, ${info.symmetry}` },
    { label: 'diagonal dominance', value: info.dominance, detail: `${info.dominantRows} of ${info.rows} rows dominant` },
    { label: 'SPD', value: info.spdHint },
  ];
  if (info.jacobiRho !== null) {
    facts.push({ label: 'Jacobi ρ (estimate)', value: fmt(info.jacobiRho), detail: info.jacobiRhoConverged ? undefined : 'power iteration did not converge' });
  }
  if (info.youngOmega !== null) {
    facts.push({ label: "Young's ω*", value: fmt(info.youngOmega), detail: 'optimal for consistently ordered matrices with real Jacobi eigenvalues' });
  }
  return facts;
}

export function fileTitle(uri: string): string {
  return path.basename(uri.startsWith('file:') ? fileURLToPath(uri) : uri);
}

/** A single-matrix report: facts, the tuning curve when there is one, residual histories and the spy plot. */
export function singleReport(
  uri: string,
  info: MatrixInfo | undefined,
  tune: TuneResult | undefined,
  residuals: ResidualHistory[],
  spy: SpyGrid | undefined,
): SingleMatrixReport {
  const rec = tune?.record;
  return {
    kind: 'single',
    title: fileTitle(uri),
    source: uri,
    facts: info ? factsOf(info) : [],
    ...(rec
      ? {
          tune: {
            method: rec.inputs.method,
            omega: rec.omega,
            iterations: rec.iterations,
            converged: rec.converged,
            curve: rec.curve,
            maxIterations: rec.inputs.maxIterations,
          },
          petscOptions: petscLineOf(rec),
        }
      : {}),
    residuals,
    ...(spy ? { spy } : {}),
  };
}

/** A learning report from a finished run's record. */
export function learningReport(rec: LearnRecord): LearningReport {
  return {
    kind: 'learning',
    title: `${fileTitle(rec.source)}: ${rec.learner}`,
    source: pathToFileURL(rec.source).toString(),
    instances: rec.instances,
    method: rec.method,
    series: [
      {
        name: rec.learner,
        role: 'learner',
        contextual: rec.steps.some((s) => s.context !== undefined),
        records: rec.steps.map((s) => ({
          t: s.index,
          ...(s.context !== undefined ? { context: s.context } : {}),
          omega: s.omega,
          iterations: s.iterations,
          converged: s.converged,
          extraSweeps: s.extraSweeps,
        })),
      },
    ],
    totals: [
      { name: rec.learner, instances: rec.steps.length, iterations: rec.totalIterations, extraSweeps: rec.extraSweeps, unconverged: rec.unconverged },
    ],
  };
}
