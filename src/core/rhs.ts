import seedrandom from 'seedrandom';
import { spmv, type CsrMatrix } from './sparse/csr';
import type { RhsKind } from './defaults';

/**
 * The right-hand side b for A that every front end builds the same way: ones, A·ones (so x = ones
 * solves it), or uniform in [-1, 1) from the ARC4 stream seeded `relax-rhs:<seed>`: the same seed
 * gives the same vector in the CLI, the editor and on any machine.
 */
export function buildRhs(a: CsrMatrix, kind: RhsKind, seed: number): Float64Array {
  const b = new Float64Array(a.rows);
  switch (kind) {
    case 'ones':
      return b.fill(1);
    case 'a-times-ones':
      spmv(a, new Float64Array(a.cols).fill(1), b);
      return b;
    case 'random': {
      const prng = seedrandom(`relax-rhs:${seed}`);
      for (let i = 0; i < b.length; i++) b[i] = 2 * prng.double() - 1;
      return b;
    }
  }
}
