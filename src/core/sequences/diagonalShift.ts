import { csrFromTriplets, diagonalIndex, type CsrMatrix } from '../sparse/csr';
import { createRng, truncatedNormal } from './rng';
import type { Instance, InstanceStream, Sequence } from './sequence';
import type { DiagonalShiftSpec } from './spec';

/**
 * A_t = A + c_t I with c_t = low + width * Beta(a, b), b_t truncated-normal or ones, x_0 = 0,
 * context c_t (none when the spec withholds it). `base` is the unshifted matrix (square).
 */
export function diagonalShiftSequence(spec: DiagonalShiftSpec, base: CsrMatrix): Sequence {
  const a = withFullDiagonal(base);
  const diag = diagonalIndex(a);
  const n = a.rows;
  const { low, width, beta } = spec.shift;
  return {
    info: {
      kind: 'diagonal-shift',
      instances: spec.instances,
      n,
      solver: spec.solver,
      tolerance: spec.tolerance,
      maxIterations: spec.maxIterations,
      omegaGrid: spec.omegaGrid,
      ...(spec.context === 'shift' ? { contextRange: [low, low + width] as [number, number] } : {}),
    },
    open(seedOffset = 0): InstanceStream {
      const rng = createRng(`diagonal-shift:${spec.seed + seedOffset}`);
      const values = new Float64Array(a.values);
      const A: CsrMatrix = { rows: n, cols: n, rowPtr: a.rowPtr, colIdx: a.colIdx, values };
      const b = new Float64Array(n);
      if (spec.rhs === 'ones') b.fill(1);
      let t = 0;
      return {
        async next(): Promise<Instance | undefined> {
          if (t >= spec.instances) return undefined;
          // Shift first, then the right-hand side: the draw order is part of the sequence's definition.
          const c = low + width * rng.beta(beta[0], beta[1]);
          for (let i = 0; i < n; i++) values[diag[i]] = a.values[diag[i]] + c;
          if (spec.rhs === 'truncated-normal') truncatedNormal(rng, n, b);
          return spec.context === 'shift' ? { t: t++, A, b, context: c } : { t: t++, A, b };
        },
        accept(): void {
          // Instances are independent of earlier solutions.
        },
      };
    },
  };
}

/** Returns `a` itself when every row stores its diagonal, else a copy with explicit zero diagonals added. */
export function withFullDiagonal(a: CsrMatrix): CsrMatrix {
  if (a.rows !== a.cols) throw new RangeError(`diagonal-shift needs a square matrix, got ${a.rows} x ${a.cols}`);
  const diag = diagonalIndex(a);
  if (diag.every((d) => d >= 0)) return a;
  const count = a.rowPtr[a.rows];
  const ri = new Int32Array(count + a.rows);
  const ci = new Int32Array(count + a.rows);
  const v = new Float64Array(count + a.rows);
  for (let i = 0; i < a.rows; i++) {
    for (let k = a.rowPtr[i]; k < a.rowPtr[i + 1]; k++) {
      ri[k] = i;
      ci[k] = a.colIdx[k];
      v[k] = a.values[k];
    }
    ri[count + i] = i;
    ci[count + i] = i;
  }
  return csrFromTriplets(a.rows, a.cols, ri, ci, v);
}
