import type { CsrMatrix } from '../sparse/csr';
import type { OmegaGrid, SolverKind } from './spec';

/**
 * One linear system of a sequence. `A`, `b` and `x0` are owned by the stream and are valid only until
 * the next call to `next()`: generators rewrite them in place so a 5000-step sequence never holds more
 * than one instance in memory.
 */
export interface Instance {
  /** 0-based position in the sequence. */
  t: number;
  A: CsrMatrix;
  b: Float64Array;
  /** Warm start; absent means x_0 = 0. */
  x0?: Float64Array;
  /** Scalar side information (diagonal shift, diffusion coefficient) when the sequence has one. */
  context?: number;
}

/** A pass over a sequence. */
export interface InstanceStream {
  /** The next instance, or undefined at the end; a promise because `files` sequences read from disk. */
  next(): Promise<Instance | undefined>;
  /**
   * Reports the solution of the instance last returned. Sequences whose next system depends on it
   * (heat2d time stepping) use it; if none is reported they solve the instance themselves.
   */
  accept(x: Float64Array): void;
}

/** What is known about a sequence before it is run. */
export interface SequenceInfo {
  kind: string;
  instances: number;
  /** System size. */
  n: number;
  solver: SolverKind;
  tolerance: number;
  maxIterations: number;
  omegaGrid: OmegaGrid;
  /** Interval the contexts lie in, or undefined when instances carry no context. */
  contextRange?: [number, number];
}

/** A deterministic, re-playable sequence: every `open()` yields the same instances for the same seed. */
export interface Sequence {
  readonly info: SequenceInfo;
  /** Starts a pass; `seedOffset` selects another draw of a random sequence (0 = the spec's seed). */
  open(seedOffset?: number): InstanceStream;
}
