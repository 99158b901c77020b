import type { MmMatrix } from '../core/io/types';
import { nnz, type CsrMatrix } from '../core/sparse/csr';
import { cgFamilyApplicability } from '../core/solvers/applicability';
import { measureSymmetry, SYMMETRY_TOLERANCE } from '../core/sparse/symmetry';
import { estimateJacobiRadius } from '../core/spectral/jacobiRadius';
import { youngOmega } from '../core/spectral/youngOmega';
import type { MatrixInfo } from '../protocol';

/** Above this many stored entries the hover skips the spectral estimate (it runs on the main thread). */
export const MAX_ENTRIES_FOR_SPECTRAL_HOVER = 5_000_000;

interface DiagonalStats {
  missing: number;
  zero: number;
  negative: number;
  dominantRows: number;
  strictRows: number;
}

/** One pass over the rows: diagonal signs and row diagonal dominance |a_ii| vs Σ_{j≠i} |a_ij|. */
function diagonalStats(a: CsrMatrix): DiagonalStats {
  const s: DiagonalStats = { missing: 0, zero: 0, negative: 0, dominantRows: 0, strictRows: 0 };
  for (let i = 0; i < a.rows; i++) {
    let diag = NaN;
    let off = 0;
    for (let k = a.rowPtr[i]; k < a.rowPtr[i + 1]; k++) {
      if (a.colIdx[k] === i) diag = a.values[k];
      else off += Math.abs(a.values[k]);
    }
    if (Number.isNaN(diag)) s.missing++;
    else if (diag === 0) s.zero++;
    else if (diag < 0) s.negative++;
    const d = Number.isNaN(diag) ? 0 : Math.abs(diag);
    if (d >= off) s.dominantRows++;
    if (d > off) s.strictRows++;
  }
  return s;
}

function spdHint(symmetric: boolean, s: DiagonalStats, dominance: MatrixInfo['dominance'], square: boolean): string {
  if (!square) return 'not square: no SOR or CG';
  if (!symmetric)
    return `not symmetric (beyond ${SYMMETRY_TOLERANCE} relative), so not SPD: CG and SSOR-CG do not apply; SOR may still converge`;
  if (s.missing + s.zero + s.negative > 0) return 'not SPD: a diagonal entry is missing, zero or negative';
  if (dominance === 'strict') return 'SPD (symmetric, positive diagonal, strictly diagonally dominant)';
  if (dominance === 'weak') return 'symmetric with positive diagonal and weak dominance: SPD if irreducible';
  return 'symmetric with positive diagonal: possibly SPD (CG would detect otherwise)';
}

/** Everything the hover shows about a parsed matrix; O(nnz) plus a short power iteration. */
export function matrixInfo(m: MmMatrix, uri: string): MatrixInfo {
  const a = m.csr;
  const square = a.rows === a.cols;
  const s = diagonalStats(a);
  const dominance: MatrixInfo['dominance'] =
    s.strictRows === a.rows ? 'strict' : s.dominantRows === a.rows && s.strictRows > 0 ? 'weak' : 'none';
  // Stored as symmetric: mirrored by the reader, so exact by construction.
  const measure =
    m.header.symmetry === 'symmetric' && square
      ? { exact: true, numerical: true, relativeAsymmetry: 0, tolerance: SYMMETRY_TOLERANCE }
      : measureSymmetry(a);
  const symmetric = square && measure.numerical;
  const fit = cgFamilyApplicability(a, 'ssor-cg', measure);
  let jacobiRho: number | null = null;
  let jacobiRhoConverged = false;
  let young: number | null = null;
  const canEstimate = square && s.missing === 0 && s.zero === 0 && m.header.field !== 'complex';
  if (canEstimate && nnz(a) <= MAX_ENTRIES_FOR_SPECTRAL_HOVER) {
    const est = estimateJacobiRadius(a, symmetric ? { symmetric: true } : {});
    jacobiRho = est.rho;
    jacobiRhoConverged = est.converged;
    young = est.rho < 1 ? youngOmega(est.rho) : null;
  }
  return {
    uri,
    rows: a.rows,
    cols: a.cols,
    declaredEntries: m.header.declaredEntries,
    storedEntries: nnz(a),
    format: m.header.format,
    field: m.header.field,
    symmetry: m.header.symmetry,
    diagonal: { missing: s.missing, zero: s.zero, negative: s.negative },
    dominance,
    dominantRows: s.dominantRows,
    symmetric,
    exactlySymmetric: square && measure.exact,
    relativeAsymmetry: Number.isFinite(measure.relativeAsymmetry) ? measure.relativeAsymmetry : null,
    symmetryTolerance: measure.tolerance,
    ssorCg: fit.applies ? { applies: true } : { applies: false, message: fit.message },
    spdHint: spdHint(symmetric, s, dominance, square),
    jacobiRho,
    jacobiRhoConverged,
    youngOmega: young,
    warnings: m.warnings.length,
  };
}
