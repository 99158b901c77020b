import type { SolveResult } from '../solvers/result';
import { OmegaSearch } from '../tune/omegaSearch';
import { solvedPoint, type TunePoint } from '../tune/point';
import type { InstanceSolver, SolveOutcome } from './instanceSolver';

/** A grid or refinement solve as the tune machinery sees it, with the outcome charged to a comparator. */
export interface RacedSolve {
  point: TunePoint;
  outcome: SolveOutcome;
}

/** Best grid point of one instance and every grid solve (abandoned ones flagged); undefined when cancelled. */
export interface RacedGrid {
  index: number;
  best: SolveOutcome;
  points: TunePoint[];
}

function racedSolve(solver: InstanceSolver, omega: number, cap: number): RacedSolve | undefined {
  const { outcome, result } = solver.capped(omega, cap);
  if (outcome.cancelled) return undefined;
  return { point: tunePointOf(omega, result, cap, solver.maxIterations), outcome };
}

function tunePointOf(omega: number, r: SolveResult, cap: number, maxIterations: number): TunePoint {
  return solvedPoint(omega, r, !r.converged && r.reason === 'max-iterations' && cap < maxIterations);
}

/** Grid indices from `start` outwards: start, start + 1, start - 1, start + 2, ... */
export function outwardOrder(p: number, start: number): number[] {
  const order: number[] = [];
  for (let d = 0; order.length < p; d++) {
    if (start + d < p) order.push(start + d);
    if (d > 0 && start - d >= 0) order.push(start - d);
  }
  return order;
}

/**
 * grid-optimal by racing: every grid omega is solved, each capped at the best converged count so far, in
 * order outwards from `start` (the previous instance's best). Exact: the winner and its count are those of
 * the full grid (first grid omega on ties), since a point that cannot reach the best count cannot win.
 */
export function racedGridOptimum(solver: InstanceSolver, omegas: Float64Array, start: number): RacedGrid | undefined {
  const p = omegas.length;
  const points: TunePoint[] = new Array(p);
  let index = -1;
  let best: SolveOutcome | undefined;
  for (const j of outwardOrder(p, Math.min(p - 1, Math.max(0, start)))) {
    const cap = best && best.converged ? best.iterations : solver.maxIterations;
    const s = racedSolve(solver, omegas[j], cap);
    if (!s) return undefined;
    points[j] = s.point;
    const o = s.outcome;
    const wins =
      best === undefined ||
      (o.converged &&
        (!best.converged || o.iterations < best.iterations || (o.iterations === best.iterations && j < index)));
    const firstFailure = !o.converged && best !== undefined && !best.converged && j < index;
    if (wins || firstFailure) {
      best = o;
      index = j;
    }
  }
  return best ? { index, best, points } : undefined;
}

/**
 * instance-optimal: the racing bracketing search of core/tune seeded with the grid's solves, shrinking
 * the bracket around the best grid point to `tolerance` in omega. Returns the best solve (the grid's when
 * nothing beats it) and the number of solves added, or undefined when cancelled.
 */
export function refineInstanceOptimum(
  solver: InstanceSolver,
  omegas: Float64Array,
  grid: RacedGrid,
  tolerance: number,
  maxEvaluations: number,
): { best: SolveOutcome; evaluations: number } | undefined {
  if (!grid.best.converged) return { best: grid.best, evaluations: 0 };
  const search = new OmegaSearch({
    lo: omegas[0],
    hi: omegas[omegas.length - 1],
    start: grid.best.omega,
    maxIterations: solver.maxIterations,
    omegaTolerance: tolerance,
    maxEvaluations: grid.points.length + maxEvaluations,
  });
  // The grid's winner first, so ties keep it as the best.
  search.accept([grid.points[grid.index], ...grid.points.filter((_, j) => j !== grid.index)]);
  let best = grid.best;
  let evaluations = 0;
  for (let round = search.propose(); round.length > 0; round = search.propose()) {
    const solved: TunePoint[] = [];
    for (const c of round) {
      const s = racedSolve(solver, c.omega, c.cap);
      if (!s) return undefined;
      evaluations++;
      solved.push(s.point);
      if (s.outcome.converged && s.outcome.iterations < best.iterations) best = s.outcome;
    }
    search.accept(solved);
  }
  return { best, evaluations };
}
