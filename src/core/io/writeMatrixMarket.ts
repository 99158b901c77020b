import type { CsrMatrix } from '../sparse/csr';
import type { MmField, MmSymmetry } from './types';

/** Options of the coordinate writer. */
export interface MmWriteOptions {
  /** Default 'real'. 'integer' requires integral values; 'complex' requires `imag`. */
  field?: MmField;
  /** Default 'general'. Other symmetries write the lower triangle only; the caller vouches for the symmetry. */
  symmetry?: MmSymmetry;
  /** Imaginary parts aligned with `m.values` (complex field). */
  imag?: Float64Array;
  /** Comment lines (without the leading %), written after the banner. */
  comment?: string;
}

/**
 * Shortest decimal that parses back to exactly `x` (JS's number-to-string guarantees the round trip,
 * as %.17g does); keeps the sign of -0. Refuses NaN and Infinity, which the format cannot hold.
 */
export function formatValue(x: number): string {
  if (!Number.isFinite(x)) throw new RangeError(`cannot write ${x} to a Matrix Market file`);
  if (x === 0 && 1 / x < 0) return '-0';
  return String(x);
}

function commentLines(comment: string | undefined): string {
  if (comment === undefined || comment === '') return '';
  return comment
    .split(/\r?\n/)
    .map((l) => `%${l === '' ? '' : ' '}${l}\n`)
    .join('');
}

/** Coordinate Matrix Market text of a CSR matrix, row by row, as a Buffer (files can be large). */
export function writeMatrixMarket(m: CsrMatrix, options: MmWriteOptions = {}): Buffer {
  const field = options.field ?? 'real';
  const symmetry = options.symmetry ?? 'general';
  const lower = symmetry !== 'general';
  const strict = symmetry === 'skew-symmetric';
  const { rowPtr, colIdx, values } = m;
  const imag = options.imag;
  if (field === 'complex' && imag === undefined) throw new TypeError('complex field needs options.imag');
  let count = 0;
  for (let i = 0; i < m.rows; i++) {
    for (let k = rowPtr[i]; k < rowPtr[i + 1]; k++) {
      if (!lower || colIdx[k] < i || (!strict && colIdx[k] === i)) count++;
    }
  }
  const parts: Buffer[] = [
    Buffer.from(
      `%%MatrixMarket matrix coordinate ${field} ${symmetry}\n${commentLines(options.comment)}${m.rows} ${m.cols} ${count}\n`,
    ),
  ];
  let text = '';
  for (let i = 0; i < m.rows; i++) {
    for (let k = rowPtr[i]; k < rowPtr[i + 1]; k++) {
      const j = colIdx[k];
      if (lower && (j > i || (strict && j === i))) continue;
      text += `${i + 1} ${j + 1}`;
      if (field === 'complex' && imag !== undefined) text += ` ${formatValue(values[k])} ${formatValue(imag[k])}\n`;
      else if (field === 'integer') text += ` ${integerText(values[k])}\n`;
      else if (field !== 'pattern') text += ` ${formatValue(values[k])}\n`;
      else text += '\n';
      if (text.length > 1 << 20) {
        parts.push(Buffer.from(text, 'latin1'));
        text = '';
      }
    }
  }
  parts.push(Buffer.from(text, 'latin1'));
  return Buffer.concat(parts);
}

function integerText(x: number): string {
  if (!Number.isInteger(x)) throw new RangeError(`cannot write ${x} as an integer Matrix Market value`);
  return formatValue(x).replace(/^(-?\d+)e\+?(\d+)$/, (_s, m: string, e: string) => m + '0'.repeat(Number(e)));
}

/** Array (dense, column-major) Matrix Market text of an n x 1 real vector, e.g. a solution. */
export function writeMatrixMarketVector(x: Float64Array, comment?: string): string {
  return writeMatrixMarketArray(x.length, 1, x, comment);
}

/** Array Matrix Market text of a rows x cols real general matrix given column-major. */
export function writeMatrixMarketArray(
  rows: number,
  cols: number,
  columnMajor: Float64Array,
  comment?: string,
): string {
  if (columnMajor.length !== rows * cols) {
    throw new RangeError(`expected ${rows * cols} values for a ${rows} x ${cols} array, got ${columnMajor.length}`);
  }
  const lines: string[] = [`%%MatrixMarket matrix array real general\n${commentLines(comment)}${rows} ${cols}`];
  for (let k = 0; k < columnMajor.length; k++) lines.push(formatValue(columnMajor[k]));
  return lines.join('\n') + '\n';
}
