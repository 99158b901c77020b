import type { Instance, SequenceInfo } from '../sequences/sequence';
import { cg } from '../solvers/cg';
import { prepareSor, type PreparedMatrix } from '../solvers/prepared';
import type { SolveOptions, SolveResult } from '../solvers/result';
import { sor } from '../solvers/sor';
import { ssorPcg } from '../solvers/ssorPcg';

/** One solve as charged to a policy. */
export interface SolveOutcome {
  omega: number;
  /** The solver's iteration count when converged, the cap otherwise (never averaged away). */
  iterations: number;
  converged: boolean;
  cancelled: boolean;
  seconds: number;
  x: Float64Array;
}

/**
 * Solves one instance with the sequence's method at any omega. The matrix is prepared (diagonal
 * located and inverted) once per instance and shared by every omega tried on it; every SOR / SSOR-CG
 * outcome is charged that preparation's time, as a policy solving the instance alone would pay it.
 */
export class InstanceSolver {
  private prepared: PreparedMatrix | undefined;
  private prepareSeconds = 0;
  private readonly options: SolveOptions;

  constructor(
    readonly instance: Instance,
    private readonly info: SequenceInfo,
    isCancelled?: () => boolean,
  ) {
    this.options = {
      tol: info.tolerance,
      maxIterations: info.maxIterations,
      ...(instance.x0 ? { x0: instance.x0 } : {}),
      ...(isCancelled ? { isCancelled } : {}),
    };
  }

  /** Solves with the sequence's solver (SOR or SSOR-CG) at `omega`. */
  at(omega: number): SolveOutcome {
    const p = this.preparation();
    const r =
      this.info.solver === 'sor'
        ? sor(p, this.instance.b, omega, this.options)
        : ssorPcg(p, this.instance.b, omega, this.options);
    return this.charge(omega, r, this.prepareSeconds);
  }

  /**
   * A racing solve for the hindsight comparators: at most `cap` iterations (<= the sequence's cap). The
   * result keeps the solver's own count and reason; a stop at a cap below the sequence's is an abandonment.
   */
  capped(omega: number, cap: number): { outcome: SolveOutcome; result: SolveResult } {
    const p = this.preparation();
    const options = { ...this.options, maxIterations: Math.min(cap, this.info.maxIterations) };
    const r =
      this.info.solver === 'sor'
        ? sor(p, this.instance.b, omega, options)
        : ssorPcg(p, this.instance.b, omega, options);
    return { outcome: this.charge(omega, r, this.prepareSeconds), result: r };
  }

  /** The sequence's iteration cap. */
  get maxIterations(): number {
    return this.info.maxIterations;
  }

  /** Solves with unpreconditioned CG (omega reported as 0: CG has none). */
  plainCg(): SolveOutcome {
    return this.charge(0, cg(this.instance.A, this.instance.b, this.options), 0);
  }

  private preparation(): PreparedMatrix {
    if (!this.prepared) {
      const t0 = performance.now();
      this.prepared = prepareSor(this.instance.A);
      this.prepareSeconds = (performance.now() - t0) / 1000;
    }
    return this.prepared;
  }

  /** The outcome of solve `r`, its time including `prepareSeconds` of preparation. */
  private charge(omega: number, r: SolveResult, prepareSeconds: number): SolveOutcome {
    return {
      omega,
      iterations: r.converged ? r.iterations : this.info.maxIterations,
      converged: r.converged,
      cancelled: r.reason === 'cancelled',
      seconds: r.seconds + prepareSeconds,
      x: r.x,
    };
  }
}
