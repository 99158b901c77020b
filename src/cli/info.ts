import type { MmMatrix } from '../core/io/matrixMarket';
import { nnz, diagonalIndex, type CsrMatrix } from '../core/sparse/csr';
import { measureSymmetry, SYMMETRY_TOLERANCE } from '../core/sparse/symmetry';
import { estimateJacobiRadius, type JacobiRadiusEstimate } from '../core/spectral/jacobiRadius';
import { describeYoungOmega } from '../core/spectral/youngOmega';
import { LIMIT_OPTIONS, limitsOption, parseArgs, singleFile, usageOf, type CommandSpec } from './args';
import { commandEntry, EXIT_OK } from './exit';
import { num, table } from './format';
import { readMatrix } from './load';

const INFO: CommandSpec = {
  name: 'info',
  synopsis: ['FILE [--json] [--no-estimates]'],
  description:
    "Size, stored entries, symmetry, field, diagonal statistics, diagonal dominance, SPD hints,\nand an estimate of the Jacobi spectral radius rho with Young's omega*.",
  options: {
    'no-estimates': { kind: 'flag', help: 'skip the spectral estimate (costs little more than reading the file)' },
    json: { kind: 'flag', help: 'one JSON object on stdout' },
    ...LIMIT_OPTIONS,
  },
};
export const INFO_USAGE = usageOf(INFO);

interface DiagonalStats {
  missing: number;
  zeros: number;
  negatives: number;
  min: number | null;
  max: number | null;
  /** First row (1-based) with a zero or missing diagonal, if any. */
  firstBadRow: number | null;
}

interface Dominance {
  /** Rows with |a_ii| > sum_{j != i} |a_ij|. */
  strictRows: number;
  /** Rows with |a_ii| >= sum_{j != i} |a_ij|. */
  weakRows: number;
  rows: number;
}

/** `relax info`: what the matrix is and how SOR is likely to behave on it. */
export const runInfo = commandEntry('info', async (args: string[]): Promise<number> => {
  const p = parseArgs(args, INFO.options);
  const file = singleFile(p, 'relax info FILE');
  const mm = await readMatrix(file, limitsOption(p));
  const report = describe(mm, !p.flags.has('no-estimates'));
  if (p.flags.has('json')) process.stdout.write(JSON.stringify(report) + '\n');
  else process.stdout.write(human(report));
  return EXIT_OK;
});

type InfoReport = ReturnType<typeof describe>;

function describe(mm: MmMatrix, estimates: boolean) {
  const a = mm.csr;
  const h = mm.header;
  const square = a.rows === a.cols;
  const diagonal = diagonalStats(a);
  const dominance = dominanceStats(a);
  // A file stored as symmetric is symmetric by construction; otherwise measure it.
  const measured =
    h.symmetry === 'symmetric'
      ? { exact: square, numerical: square, relativeAsymmetry: square ? 0 : Infinity }
      : measureSymmetry(a);
  const symmetric = square && measured.numerical;
  const solvable = square && (h.field === 'real' || h.field === 'integer');
  const canEstimate = estimates && solvable && diagonal.zeros === 0 && diagonal.missing === 0;
  const est = canEstimate ? estimateJacobiRadius(a, { symmetric }) : undefined;
  const young = est ? describeYoungOmega(est.rho) : undefined;
  return {
    file: mm.file,
    rows: a.rows,
    cols: a.cols,
    storedEntries: nnz(a),
    fileEntries: h.declaredEntries,
    format: h.format,
    field: h.field,
    symmetry: h.symmetry,
    /** Symmetric within SYMMETRY_TOLERANCE relative (what SSOR-CG and CG need). */
    numericallySymmetric: symmetric,
    exactlySymmetric: square && measured.exact,
    /** max |a_ij - a_ji| / max |a_ij|; null when not square. */
    relativeAsymmetry: Number.isFinite(measured.relativeAsymmetry) ? measured.relativeAsymmetry : null,
    symmetryTolerance: SYMMETRY_TOLERANCE,
    diagonal,
    dominance: {
      ...dominance,
      strictly: dominance.strictRows === dominance.rows,
      weakly: dominance.weakRows === dominance.rows,
    },
    spd: solvable
      ? spdHint(symmetric, diagonal, dominance, est)
      : { verdict: 'n/a', reason: `${h.field} ${a.rows} x ${a.cols} matrix: the solvers need a real square one` },
    warnings: mm.warnings.length,
    estimates: est
      ? {
          rho: est.rho,
          method: est.method,
          iterations: est.iterations,
          sweeps: est.sweeps,
          converged: est.converged,
          youngOmega: young?.omega ?? null,
          youngNote: young?.note ?? '',
        }
      : null,
    estimatesSkipped: est
      ? null
      : !estimates
        ? '--no-estimates'
        : !solvable
          ? `not a real square matrix (${h.field}, ${a.rows} x ${a.cols})`
          : 'zero or missing diagonal',
  };
}

function diagonalStats(a: CsrMatrix): DiagonalStats {
  const idx = diagonalIndex(a);
  const n = Math.min(a.rows, a.cols);
  const s: DiagonalStats = { missing: 0, zeros: 0, negatives: 0, min: null, max: null, firstBadRow: null };
  for (let i = 0; i < n; i++) {
    if (idx[i] < 0) {
      s.missing++;
      s.firstBadRow ??= i + 1;
      continue;
    }
    const d = a.values[idx[i]];
    if (d === 0) {
      s.zeros++;
      s.firstBadRow ??= i + 1;
    }
    if (d < 0) s.negatives++;
    s.min = s.min === null ? d : Math.min(s.min, d);
    s.max = s.max === null ? d : Math.max(s.max, d);
  }
  return s;
}

function dominanceStats(a: CsrMatrix): Dominance {
  let strictRows = 0;
  let weakRows = 0;
  for (let i = 0; i < a.rows; i++) {
    let diag = 0;
    let off = 0;
    for (let k = a.rowPtr[i]; k < a.rowPtr[i + 1]; k++) {
      if (a.colIdx[k] === i) diag = Math.abs(a.values[k]);
      else off += Math.abs(a.values[k]);
    }
    if (diag > off) strictRows++;
    if (diag >= off) weakRows++;
  }
  return { strictRows, weakRows, rows: a.rows };
}

/** A hint, not a proof: only the symmetric + positive diagonal + strictly dominant case is certain. */
function spdHint(symmetric: boolean, d: DiagonalStats, dom: Dominance, est: JacobiRadiusEstimate | undefined) {
  if (!symmetric) return { verdict: 'no', reason: 'not symmetric' };
  if (d.missing > 0 || d.zeros > 0 || d.negatives > 0)
    return { verdict: 'no', reason: 'a diagonal entry is not positive' };
  if (dom.strictRows === dom.rows)
    return { verdict: 'yes', reason: 'symmetric, positive diagonal, strictly diagonally dominant' };
  if (est?.lambdaMin !== undefined && est.lambdaMin <= 0) {
    return { verdict: 'no', reason: `D^-1/2 A D^-1/2 has a Ritz value ${num(est.lambdaMin)} <= 0` };
  }
  if (est?.lambdaMin !== undefined && est.converged) {
    return {
      verdict: 'likely',
      reason: `symmetric, positive diagonal, estimated smallest eigenvalue of D^-1/2 A D^-1/2 = ${num(est.lambdaMin)}`,
    };
  }
  return { verdict: 'unknown', reason: 'symmetric with positive diagonal; run the estimate to learn more' };
}

function human(r: InfoReport): string {
  const d = r.diagonal;
  const rows: [string, string][] = [
    ['file', r.file],
    ['size', `${r.rows} x ${r.cols}`],
    ['stored entries', `${r.storedEntries}  (${r.fileEntries} listed in the file)`],
    ['format', `${r.format} ${r.field} ${r.symmetry}`],
    ['symmetric', symmetryText(r)],
    [
      'diagonal',
      d.min === null
        ? 'none stored'
        : `min ${num(d.min)}, max ${num(d.max ?? 0)}, ${d.negatives} negative, ${d.zeros} zero, ${d.missing} missing` +
          (d.firstBadRow !== null ? ` (first at row ${d.firstBadRow}: SOR cannot run)` : ''),
    ],
    [
      'dominance',
      `${r.dominance.strictRows} of ${r.rows} rows strictly, ${r.dominance.weakRows} weakly diagonally dominant`,
    ],
    ['SPD', `${r.spd.verdict}: ${r.spd.reason}`],
  ];
  const e = r.estimates;
  if (e) {
    rows.push([
      'Jacobi rho',
      `${num(e.rho, 6)}  (${e.method}, ${e.iterations} steps = ${e.sweeps} sweeps${e.converged ? '' : ', NOT converged: a rough estimate'})`,
    ]);
    rows.push(["Young's omega*", `${num(e.youngOmega ?? 1, 5)}  (${e.youngNote})`]);
  } else {
    rows.push(['estimates', `skipped: ${r.estimatesSkipped}`]);
  }
  if (r.warnings > 0) rows.push(['warnings', `${r.warnings} (see the file's diagnostics)`]);
  return table(rows);
}

function symmetryText(r: InfoReport): string {
  if (r.exactlySymmetric) return 'yes (exactly)';
  const by =
    r.relativeAsymmetry === null
      ? ''
      : ` (max |a_ij - a_ji| / max |a_ij| = ${num(r.relativeAsymmetry, 3)}, tolerance ${r.symmetryTolerance})`;
  return r.numericallySymmetric ? `yes, numerically${by}; not exactly` : `no${by}`;
}
