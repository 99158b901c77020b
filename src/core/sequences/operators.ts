import { csrFromTriplets, type CsrMatrix } from '../sparse/csr';
import { createRng } from './rng';

/** Stencil operators a diagonal-shift sequence can start from (besides the 5-point Laplacian and files). */
export type OperatorName = 'laplacian9' | 'anisotropic2d' | 'anisotropic3d' | 'convection-diffusion';

export const OPERATOR_NAMES: readonly OperatorName[] = [
  'laplacian9',
  'anisotropic2d',
  'anisotropic3d',
  'convection-diffusion',
];

export interface OperatorSpec {
  operator: OperatorName;
  /** Interior grid points per side: n = size^2 (size^3 in 3-D). */
  size: number;
  /**
   * anisotropic2d/3d: weight of the last axis' coupling (the others weigh 1);
   * convection-diffusion: cell Peclet number b h / 2 of a flow along x (|p| < 1 keeps an M-matrix).
   */
  parameter: number;
}

/** Builds the unshifted operator; every row stores its diagonal, columns sorted. */
export function stencilOperator(spec: OperatorSpec): CsrMatrix {
  const m = spec.size;
  const p = spec.parameter;
  switch (spec.operator) {
    case 'laplacian9':
      return gridOperator([m, m], 8, ninePointNeighbours());
    case 'anisotropic2d':
      return gridOperator([m, m], 2 + 2 * p, [
        { d: [-1, 0], w: -1 },
        { d: [1, 0], w: -1 },
        { d: [0, -1], w: -p },
        { d: [0, 1], w: -p },
      ]);
    case 'anisotropic3d':
      return gridOperator([m, m, m], 4 + 2 * p, [
        { d: [-1, 0, 0], w: -1 },
        { d: [1, 0, 0], w: -1 },
        { d: [0, -1, 0], w: -1 },
        { d: [0, 1, 0], w: -1 },
        { d: [0, 0, -1], w: -p },
        { d: [0, 0, 1], w: -p },
      ]);
    case 'convection-diffusion':
      // -Lap u + b u_x, central differences, scaled by h^2: west -1 - p, east -1 + p.
      return gridOperator([m, m], 4, [
        { d: [-1, 0], w: -1 - p },
        { d: [1, 0], w: -1 + p },
        { d: [0, -1], w: -1 },
        { d: [0, 1], w: -1 },
      ]);
  }
}

interface Neighbour {
  /** Offset per axis (axis 0 fastest in the unknown numbering). */
  d: number[];
  w: number;
}

function ninePointNeighbours(): Neighbour[] {
  const out: Neighbour[] = [];
  for (let dy = -1; dy <= 1; dy++)
    for (let dx = -1; dx <= 1; dx++) if (dx !== 0 || dy !== 0) out.push({ d: [dx, dy], w: -1 });
  return out;
}

/** A constant-coefficient stencil on a box grid with zero Dirichlet boundary (unknown index: axis 0 fastest). */
function gridOperator(dims: number[], diagonal: number, neighbours: Neighbour[]): CsrMatrix {
  const n = dims.reduce((a, b) => a * b, 1);
  const cap = n * (neighbours.length + 1);
  const ri = new Int32Array(cap);
  const ci = new Int32Array(cap);
  const v = new Float64Array(cap);
  const strides = dims.map((_, k) => dims.slice(0, k).reduce((a, b) => a * b, 1));
  const coord = new Int32Array(dims.length);
  let w = 0;
  for (let i = 0; i < n; i++) {
    let rest = i;
    for (let k = 0; k < dims.length; k++) {
      coord[k] = rest % dims[k];
      rest = Math.floor(rest / dims[k]);
    }
    ri[w] = i;
    ci[w] = i;
    v[w++] = diagonal;
    for (const nb of neighbours) {
      let j = i;
      let inside = true;
      for (let k = 0; k < dims.length; k++) {
        const c = coord[k] + nb.d[k];
        if (c < 0 || c >= dims[k]) inside = false;
        j += nb.d[k] * strides[k];
      }
      if (!inside || nb.w === 0) continue;
      ri[w] = i;
      ci[w] = j;
      v[w++] = nb.w;
    }
  }
  return csrFromTriplets(n, n, ri, ci, v, w);
}

/** P A P^T for a uniformly random permutation drawn from `seed` (same seed, same ordering). */
export function permuteSymmetrically(a: CsrMatrix, seed: number): CsrMatrix {
  const n = a.rows;
  const perm = new Int32Array(n);
  for (let i = 0; i < n; i++) perm[i] = i;
  const rng = createRng(`permutation:${seed}`);
  for (let i = n - 1; i > 0; i--) {
    const j = Math.floor(rng.uniform() * (i + 1));
    const t = perm[i];
    perm[i] = perm[j];
    perm[j] = t;
  }
  const count = a.rowPtr[n];
  const ri = new Int32Array(count);
  const ci = new Int32Array(count);
  const v = new Float64Array(count);
  for (let i = 0; i < n; i++) {
    for (let k = a.rowPtr[i]; k < a.rowPtr[i + 1]; k++) {
      ri[k] = perm[i];
      ci[k] = perm[a.colIdx[k]];
      v[k] = a.values[k];
    }
  }
  return csrFromTriplets(n, a.cols, ri, ci, v);
}
