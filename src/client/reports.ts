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
  TuneMethod,
  TuneReason,
  TuneResult,
} from '../protocol';
import { formatOmega } from '../core/format/omega';
import { significant } from '../core/format/significant';
import { learningReportOf } from './liveLearning';
import { petscLineOf } from './petsc';

const fmt = (x: number): string => significant(x);

/** The facts table of the panel, from the hover's data. */
export function factsOf(info: MatrixInfo): MatrixFact[] {
  const facts: MatrixFact[] = [
    { label: 'size', value: info.rows === info.cols ? `n = ${info.rows}` : `${info.rows} × ${info.cols}` },
    {
      label: 'stored entries',
      value: String(info.storedEntries),
      detail: `${info.declaredEntries} listed in the file`,
    },
    { label: 'format', value: `${info.format}, ${info.field}, ${info.symmetry}` },
    {
      label: 'diagonal dominance',
      value: info.dominance,
      detail: `${info.dominantRows} of ${info.rows} rows dominant`,
    },
    { label: 'SPD', value: info.spdHint },
  ];
  if (info.jacobiRho !== null) {
    facts.push({
      label: 'Jacobi ρ (estimate)',
      value: fmt(info.jacobiRho),
      detail: info.jacobiRhoConverged ? undefined : 'power iteration did not converge',
    });
  }
  if (info.youngOmega !== null) {
    facts.push({
      label: "Young's ω*",
      value: fmt(info.youngOmega),
      detail: 'optimal for consistently ordered matrices with real Jacobi eigenvalues',
    });
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
  const petsc = rec ? petscLineOf(rec) : undefined;
  return {
    kind: 'single',
    title: fileTitle(uri),
    source: uri,
    facts: info ? factsOf(info) : [],
    ...(rec
      ? {
          tune: {
            method: rec.inputs.method,
            ...(rec.omega !== undefined ? { omega: rec.omega } : {}),
            ...(rec.iterations !== undefined ? { iterations: rec.iterations } : {}),
            converged: rec.converged,
            reason: rec.reason,
            ...(rec.message !== undefined ? { message: rec.message } : {}),
            curve: rec.curve,
            maxIterations: rec.inputs.maxIterations,
          },
          ...(petsc !== undefined ? { petscOptions: petsc } : {}),
        }
      : {}),
    residuals,
    ...(spy ? { spy } : {}),
  };
}

/** A learning report from a finished run's record: the learner, its comparators, totals and heat map. */
export function learningReport(rec: LearnRecord): LearningReport {
  return learningReportOf(rec, `${fileTitle(rec.source)}: ${rec.learner}`, pathToFileURL(rec.source).toString());
}

/** One residual history to compute for the single-matrix report. */
export interface HistoryPlanItem {
  method: TuneMethod;
  omega: number;
  role: ResidualHistory['role'];
  label: string;
}

function methodName(m: TuneMethod): string {
  return m === 'sor' ? 'SOR' : 'SSOR-CG';
}

function planItem(method: TuneMethod, omega: number, role: ResidualHistory['role'], why: string): HistoryPlanItem {
  return { method, omega, role, label: `${methodName(method)} ω=${formatOmega(omega)} (${why})` };
}

/**
 * The residual histories of the single-matrix report: the tuned ω (when a solve converged) and ω = 1
 * with the tuned method, SOR at Young's ω* when the formula applies (ρ < 1), and the other method at its
 * own tuned ω (else SSOR-CG at the SOR-tuned ω) where it applies. A refused method gets no history.
 */
export function historyPlan(
  tuned: { method: TuneMethod; omega?: number; reason?: TuneReason },
  youngOmega: number | null | undefined,
  otherTunedOmega: number | undefined,
  ssorCgApplies = true,
): HistoryPlanItem[] {
  const other: TuneMethod = tuned.method === 'sor' ? 'ssor-cg' : 'sor';
  const applies = (m: TuneMethod): boolean => m === 'sor' || ssorCgApplies;
  const plan: HistoryPlanItem[] = [];
  if (applies(tuned.method) && tuned.reason !== 'not-applicable') {
    if (tuned.omega !== undefined) plan.push(planItem(tuned.method, tuned.omega, 'tuned', 'tuned'));
    plan.push(planItem(tuned.method, 1, 'omega1', 'ω = 1'));
  }
  if (youngOmega !== null && youngOmega !== undefined && youngOmega > 0 && youngOmega < 2)
    plan.push(planItem('sor', youngOmega, 'young', "Young's ω*"));
  if (!applies(other)) return plan;
  if (otherTunedOmega !== undefined) plan.push(planItem(other, otherTunedOmega, 'other', 'tuned'));
  else if (other === 'ssor-cg' && tuned.omega !== undefined)
    plan.push(planItem(other, tuned.omega, 'other', 'SOR-tuned ω'));
  else if (plan.length === 0) plan.push(planItem(other, 1, 'other', 'ω = 1'));
  return plan;
}
