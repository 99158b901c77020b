import { significant } from '../format/significant';
import { diagonalIndex, type CsrMatrix } from '../sparse/csr';
import { measureSymmetry, type SymmetryMeasure } from '../sparse/symmetry';

/** Methods of the CG family: both need A symmetric positive definite. */
export type CgFamilyMethod = 'ssor-cg' | 'cg';

/** Whether a CG-family method can run on A; when not, why, in one sentence for people. */
export type Applicability =
  | { applies: true }
  | { applies: false; cause: 'not-square' | 'not-symmetric' | 'non-positive-diagonal'; message: string };

function methodName(m: CgFamilyMethod): string {
  return m === 'cg' ? 'CG' : 'SSOR-CG';
}

const fmt = (x: number): string => significant(x, 3);

/**
 * The necessary conditions for SPD that are cheap to check: square, numerically symmetric, every
 * diagonal entry stored and positive. Passing them does not prove SPD (CG reports
 * `not-positive-definite` when it meets a non-positive curvature); failing them rules SPD out.
 */
export function cgFamilyApplicability(
  a: CsrMatrix,
  method: CgFamilyMethod,
  symmetry: SymmetryMeasure = measureSymmetry(a),
): Applicability {
  const name = methodName(method);
  if (a.rows !== a.cols)
    return {
      applies: false,
      cause: 'not-square',
      message: `${name} does not apply: A is ${a.rows} × ${a.cols}, not square`,
    };
  if (!symmetry.numerical) {
    return {
      applies: false,
      cause: 'not-symmetric',
      message: `${name} does not apply: A is not symmetric (max |aᵢⱼ − aⱼᵢ| / max |aᵢⱼ| = ${fmt(symmetry.relativeAsymmetry)}, tolerance ${symmetry.tolerance}), so it is not SPD; use SOR`,
    };
  }
  const idx = diagonalIndex(a);
  let bad = 0;
  let first = -1;
  for (let i = 0; i < a.rows; i++) {
    if (idx[i] < 0 || !(a.values[idx[i]] > 0)) {
      if (first < 0) first = i;
      bad++;
    }
  }
  if (bad > 0) {
    const value = idx[first] < 0 ? 'not stored' : String(a.values[idx[first]]);
    return {
      applies: false,
      cause: 'non-positive-diagonal',
      message: `${name} does not apply: ${bad} diagonal ${bad === 1 ? 'entry is' : 'entries are'} not positive (first a(${first + 1},${first + 1}) ${idx[first] < 0 ? 'is ' : '= '}${value}), so A is not SPD; use SOR`,
    };
  }
  return { applies: true };
}
