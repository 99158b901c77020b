import { formatOmega } from '../format/omega';
import type { StopReason } from '../solvers/result';

/** Why a tuning ended as it did: a solver stop reason, or `not-applicable` when the method was refused up front. */
export type TuneReason = StopReason | 'not-applicable';

/** The part of a solve the verdict reads (a tune curve point or baseline). */
export interface VerdictPoint {
  omega: number;
  iterations: number;
  converged: boolean;
  reason: StopReason | 'not-run';
  relativeResidual?: number;
  abandoned?: boolean;
  estimated?: boolean;
}

export interface VerdictInput {
  method: 'sor' | 'ssor-cg';
  range: readonly [number, number];
  maxIterations: number;
  converged: boolean;
  cancelled: boolean;
  /** Every solve the tuning ran (search and baselines). */
  points: readonly VerdictPoint[];
  /** How to raise the cap where the reader is (`--max-iter`, `relax.maxIterations`). */
  capHint?: string;
  /** The search's own give-up sentence (what it tried, the best residual, what to try), used when solves hit the cap. */
  searchMessage?: string;
  /** MPI ranks of PETSc's processor-local form that was tuned (default 1: the sequential method). */
  ranks?: number;
  /** The other method's count on the same system, when it converged (offered as what to try). */
  alternative?: { method: 'sor' | 'ssor-cg'; omega: number; iterations: number };
}

/** The reason and, when nothing converged, one sentence for people saying what happened and what to try. */
export interface TuneVerdict {
  reason: TuneReason;
  message?: string;
}

/** Unconverged reasons by how much they say about the system, most specific first. */
const SPECIFICITY: readonly StopReason[] = [
  'not-positive-definite',
  'stagnated',
  'diverged',
  'time-budget',
  'max-iterations',
];

function methodName(m: 'sor' | 'ssor-cg', ranks = 1): string {
  const name = m === 'sor' ? 'SOR' : 'SSOR-CG';
  return ranks > 1 ? `processor-local ${name} (${ranks} ranks)` : name;
}

function residualText(p: VerdictPoint | undefined): string {
  if (!p || p.relativeResidual === undefined || !Number.isFinite(p.relativeResidual)) return '';
  return `best relative residual ${p.relativeResidual.toPrecision(3)} at ω = ${formatOmega(p.omega)}`;
}

/** The unconverged solve that got closest (lowest finite relative residual). */
function closest(points: readonly VerdictPoint[]): VerdictPoint | undefined {
  let best: VerdictPoint | undefined;
  for (const p of points) {
    const r = p.relativeResidual;
    if (r === undefined || !Number.isFinite(r)) continue;
    if (best === undefined || r < (best.relativeResidual as number)) best = p;
  }
  return best;
}

/**
 * The tuning's overall stop reason: `converged` when a solve converged; else the most common reason
 * among the solves that ran (ties to the more specific one), so a search where every solve stagnated
 * says `stagnated`, and one SSOR-CG solve that met non-positive curvature says `not-positive-definite`.
 */
export function tuneVerdict(v: VerdictInput): TuneVerdict {
  if (v.converged) return { reason: 'converged' };
  // Abandoned (raced) and estimated points say nothing about why the system does not converge.
  const ran = v.points.filter(
    (p) => p.reason !== 'not-run' && p.reason !== 'cancelled' && !p.converged && !p.abandoned && !p.estimated,
  );
  if (v.cancelled)
    return {
      reason: 'cancelled',
      message: `Cancelled after ${ran.length} solve${ran.length === 1 ? '' : 's'}; nothing converged before that.`,
    };
  const [lo, hi] = v.range;
  const name = methodName(v.method, v.ranks);
  const near = closest(ran);
  const residual = residualText(near);
  const npd = ran.find((p) => p.reason === 'not-positive-definite');
  const alt = v.alternative
    ? `; ${methodName(v.alternative.method, v.ranks)} converged in ${v.alternative.iterations} iterations at ω = ${formatOmega(v.alternative.omega)}`
    : '';
  if (npd) {
    return {
      reason: 'not-positive-definite',
      message: `${name} stopped at ω = ${formatOmega(npd.omega)} after ${npd.iterations} iterations on non-positive curvature: A is not positive definite (singular or indefinite), so ${name} does not apply${alt}.`,
    };
  }
  const reason = dominantReason(ran);
  const cap = v.capHint ?? 'raise the iteration cap';
  switch (reason) {
    case 'stagnated':
      return {
        reason,
        message: `Every ${name} solve stagnated (${residual || 'no progress'}): the system may be singular or inconsistent, so no ω converges${alt}.`,
      };
    case 'diverged':
      return {
        reason,
        message: `Every ${name} solve diverged for ω in [${lo}, ${hi}]${residual ? ` (${residual})` : ''}; try a smaller ω range${alt}.`,
      };
    case 'time-budget':
      return {
        reason,
        message: `No ${name} solve finished within its time budget${residual ? ` (${residual})` : ''}${alt}.`,
      };
    default:
      if (v.searchMessage) return { reason: 'max-iterations', message: sentence(v.searchMessage, alt) };
      return {
        reason: 'max-iterations',
        message: `No ω in [${lo}, ${hi}] converged within ${v.maxIterations} iterations${residual ? ` (${residual})` : ''}; ${cap}${alt}.`,
      };
  }
}

/** The search's sentence with the alternative appended, capitalised and ending in one full stop. */
function sentence(text: string, alt: string): string {
  const body = text.replace(/\.\s*$/, '') + alt;
  return body.charAt(0).toUpperCase() + body.slice(1) + '.';
}

function dominantReason(points: readonly VerdictPoint[]): StopReason {
  const counts = new Map<StopReason, number>();
  for (const p of points) if (p.reason !== 'not-run') counts.set(p.reason, (counts.get(p.reason) ?? 0) + 1);
  let best: StopReason = 'max-iterations';
  let bestCount = 0;
  for (const r of SPECIFICITY) {
    const c = counts.get(r) ?? 0;
    if (c > bestCount) {
      best = r;
      bestCount = c;
    }
  }
  return best;
}

/** The refusal of a method that does not apply to A: no solve ran. */
export function notApplicableVerdict(message: string): TuneVerdict {
  return { reason: 'not-applicable', message: message.endsWith('.') ? message : `${message}.` };
}
