import { formatOmega } from '../core/format/omega';
import type { TuneMethod, TunePoint, TuneRecord } from '../protocol';

function methodName(m: TuneMethod): string {
  return m === 'sor' ? 'SOR' : 'SSOR-CG';
}

/** A solve's outcome in a few words: its count when it converged, else why it stopped and after how many. */
export function pointText(p: TunePoint, cap: number): string {
  if (p.converged) return `${p.iterations}`;
  // An estimated baseline never reached its count, and one that was not run has none: say so.
  if (p.estimated) return `≈ ${p.iterations}, estimated`;
  if (p.reason === 'not-run') return 'not run';
  if (p.abandoned) return `> ${p.iterations}`;
  switch (p.reason) {
    case 'stagnated':
      return `stagnated after ${p.iterations}`;
    case 'not-positive-definite':
      return `not positive definite after ${p.iterations}`;
    case 'diverged':
      return `diverged after ${p.iterations}`;
    case 'cancelled':
      return 'cancelled';
    default:
      return `not converged in ${cap}`;
  }
}

/** The first clause of a refusal (`SSOR-CG does not apply: A is not symmetric`), short enough for a lens. */
export function headline(message: string | undefined): string {
  return (message ?? 'does not apply').split(/ \(|, so |\. /)[0].replace(/\.$/, '');
}

/**
 * The lens text of a tuning result: `ω = 1.793: 97 iterations (ω = 1: 1185)` when it converged; when
 * not, what happened (`SOR: every solve stagnated (singular system?)`), never a count no solve reached.
 */
export function resultTitle(method: TuneMethod, rec: TuneRecord): string {
  const name = methodName(method);
  if (rec.converged && rec.omega !== undefined && rec.iterations !== undefined) {
    const base = rec.baselines.omega1;
    const baseText = base ? ` (ω = 1: ${pointText(base, rec.inputs.maxIterations)})` : '';
    return `${method === 'sor' ? '' : `${name} `}ω = ${formatOmega(rec.omega)}: ${rec.iterations} iterations${baseText}`;
  }
  switch (reason(rec)) {
    case 'not-applicable':
      return headline(rec.message);
    case 'stagnated':
      return `${name}: every solve stagnated (singular system?)`;
    case 'not-positive-definite':
      return `${name}: A is not positive definite (search stopped)`;
    case 'diverged':
      return `${name}: every solve diverged`;
    case 'cancelled':
      return `${name}: cancelled before any solve converged`;
    default:
      return `${name}: no ω converged within ${rec.inputs.maxIterations} iterations`;
  }
}

/** The record's reason; results saved before reasons were kept converged or hit the cap. */
export function reason(rec: TuneRecord): TuneRecord['reason'] {
  return rec.reason ?? (rec.converged ? 'converged' : 'max-iterations');
}
