/** Why an iterative solve stopped, named after PETSc's KSPConvergedReason where one exists. */
export type StopReason =
  'converged' | 'max-iterations' | 'diverged' | 'not-positive-definite' | 'stagnated' | 'cancelled' | 'time-budget';

/** Outcome of one solve. `relativeResidual` uses the solver's own stopping norm (see each solver). */
export interface SolveResult {
  iterations: number;
  converged: boolean;
  reason: StopReason;
  relativeResidual: number;
  seconds: number;
  /** Human-readable explanation for anything but plain convergence (e.g. the stagnation hint). */
  message?: string;
  /** Relative residual after each iteration, index 0 = initial (1 for SOR), when requested. */
  residuals?: Float64Array;
  /** The final iterate. */
  x: Float64Array;
}

/** Checked every few sweeps, never per entry: return true to stop the solve with reason `cancelled`. */
export type CancelCheck = () => boolean;

export interface SolveOptions {
  /** Relative residual tolerance (default 1e-8). */
  tol?: number;
  /** Iteration cap (default 10000). */
  maxIterations?: number;
  /** Initial guess (default zero); never modified. */
  x0?: Float64Array;
  /** Record the relative residual history. */
  recordResiduals?: boolean;
  isCancelled?: CancelCheck;
  /** Residual growth over the initial residual that stops with `diverged` (default 1e8; PETSc's -ksp_divtol is 1e4). */
  divergenceFactor?: number;
  /** Wall-clock budget in seconds; exceeding it stops with reason `time-budget`. */
  timeBudgetSeconds?: number;
  /** Called every few iterations with (iteration, relative residual). */
  onProgress?: (iteration: number, relativeResidual: number) => void;
}
