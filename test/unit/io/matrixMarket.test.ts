import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
  MatrixMarketError,
  checkMatrixMarket,
  parseMatrixMarket,
  solvableMatrix,
  vectorFromMatrix,
  writeMatrixMarketArray,
} from '../../../src/core/io/matrixMarket';
import { loadMatrix } from '../../../src/node/loadMatrix';
import { csrEntries, isWellFormedCsr } from './csrEntries';
import { referenceRead } from './referenceReader';

const SHARED = [
  'samples/gr_30_30.mtx',
  'samples/bcsstk03.mtx',
  'test/fixtures/1138_bus.mtx',
  'test/fixtures/sherman5.mtx',
];

function parse(text: string, file = 'x.mtx') {
  return parseMatrixMarket(Buffer.from(text), file);
}

function errorOf(text: string, file = 'x.mtx'): MatrixMarketError {
  try {
    parse(text, file);
  } catch (e) {
    if (e instanceof MatrixMarketError) return e;
    throw e;
  }
  throw new Error('expected a MatrixMarketError');
}

describe('reading real matrices', () => {
  it.each(SHARED)('%s matches the naive reference reader', async (path) => {
    const m = await loadMatrix(path);
    expect(isWellFormedCsr(m)).toBe(true);
    expect(csrEntries(m)).toEqual(referenceRead(readFileSync(path, 'latin1')).entries);
    expect(m.warnings).toEqual([]);
  });

  it('expands gr_30_30 (symmetric, 4322 stored) to 2*4322-900 entries', async () => {
    const m = await loadMatrix('samples/gr_30_30.mtx');
    expect(m.header).toMatchObject({
      format: 'coordinate',
      field: 'integer',
      symmetry: 'symmetric',
      rows: 900,
      cols: 900,
    });
    expect(m.header.declaredEntries).toBe(4322);
    expect(m.csr.rowPtr[900]).toBe(2 * 4322 - 900);
    expect(solvableMatrix(m)).toBe(m.csr);
  });

  it('rejects nos4-headerless naming line 1', async () => {
    await expect(loadMatrix('test/fixtures/nos4-headerless.mtx')).rejects.toThrow(
      "test/fixtures/nos4-headerless.mtx:1: expected the Matrix Market banner '%%MatrixMarket matrix coordinate real general' on line 1, found '1 1  1.7155418000000e-01'",
    );
  });

  it('reports a missing file as a MatrixMarketError', async () => {
    await expect(loadMatrix('test/fixtures/no-such.mtx')).rejects.toBeInstanceOf(MatrixMarketError);
  });
});

describe('format details', () => {
  it('accepts a case-insensitive banner, comments and blank lines anywhere after it, CRLF', () => {
    const m = parse(
      '%%matrixmarket MATRIX Coordinate REAL General\r\n% c\r\n\r\n2 2 2\r\n% mid\r\n\r\n1 1 1.5\r\n  2\t2   -2e0  \r\n% end\r\n',
    );
    expect(Array.from(m.csr.values)).toEqual([1.5, -2]);
    expect(Array.from(m.csr.colIdx)).toEqual([0, 1]);
  });

  it('negates the mirror of a skew-symmetric entry and conjugates a hermitian one', () => {
    const skew = parse('%%MatrixMarket matrix coordinate real skew-symmetric\n2 2 1\n2 1 3\n');
    expect(csrEntries(skew)).toEqual(
      new Map([
        ['0,1', [-3, 0]],
        ['1,0', [3, 0]],
      ]),
    );
    const herm = parse('%%MatrixMarket matrix coordinate complex hermitian\n2 2 2\n1 1 2 0\n2 1 3 4\n');
    expect(csrEntries(herm)).toEqual(
      new Map([
        ['0,0', [2, 0]],
        ['0,1', [3, -4]],
        ['1,0', [3, 4]],
      ]),
    );
  });

  it('reads array format column-major, symmetric arrays as lower-triangle columns', () => {
    const g = parse('%%MatrixMarket matrix array real general\n2 3\n1\n2\n3\n4\n5\n6\n');
    expect(Array.from(g.csr.values)).toEqual([1, 3, 5, 2, 4, 6]);
    const s = parse('%%MatrixMarket matrix array real symmetric\n3 3\n1\n2\n3\n4\n5\n6\n');
    expect(Array.from(s.csr.values)).toEqual([1, 2, 3, 2, 4, 5, 3, 5, 6]);
  });

  it('sums duplicates and names the duplicate line in a warning', () => {
    const m = parse('%%MatrixMarket matrix coordinate real general\n2 2 3\n1 1 1\n% note\n2 2 5\n1 1 0.25\n');
    expect(Array.from(m.csr.values)).toEqual([1.25, 5]);
    expect(m.warnings).toEqual([
      {
        file: 'x.mtx',
        line: 6,
        severity: 'warning',
        message: 'duplicate entry (1, 1): summed with the earlier entry at the same position',
      },
    ]);
  });

  it('warns about an upper-triangle entry in a symmetric file and uses its mirror', () => {
    const m = parse('%%MatrixMarket matrix coordinate real symmetric\n3 3 2\n1 1 4\n1 3 7\n');
    expect(csrEntries(m)).toEqual(
      new Map([
        ['0,0', [4, 0]],
        ['0,2', [7, 0]],
        ['2,0', [7, 0]],
      ]),
    );
    expect(m.warnings.map((w) => `${w.line}: ${w.message}`)).toEqual([
      '4: entry (1, 3) is above the diagonal in a symmetric file; it is used as its mirror (3, 1)',
    ]);
  });

  it('refuses complex, pattern and non-square matrices for solving', () => {
    expect(() => solvableMatrix(parse('%%MatrixMarket matrix coordinate pattern general\n2 2 1\n1 1\n'))).toThrow(
      'x.mtx:1: a pattern matrix has no values: it can be inspected but not solved',
    );
    expect(() => solvableMatrix(parse('%%MatrixMarket matrix coordinate complex general\n2 2 1\n1 1 1 1\n'))).toThrow(
      /x\.mtx:1: the matrix is complex/,
    );
    expect(() => solvableMatrix(parse('%%MatrixMarket matrix coordinate real general\n2 3 1\n1 1 1\n'))).toThrow(
      'x.mtx:2: the matrix is 2 x 3; solving needs a square matrix',
    );
  });

  it('checkMatrixMarket returns the error as a diagnostic instead of throwing', () => {
    const r = checkMatrixMarket(Buffer.from('%%MatrixMarket matrix coordinate real general\n2 2 1\n3 1 1\n'), 'a.mtx');
    expect(r.matrix).toBeUndefined();
    expect(r.diagnostics).toEqual([
      { file: 'a.mtx', line: 3, severity: 'error', message: 'row index 3 exceeds the 2 rows declared on line 2' },
    ]);
  });

  it('gives the example message for a column index beyond the size', () => {
    const lines = ['%%MatrixMarket matrix coordinate real general', '900 900 10'];
    for (let i = 1; i <= 9; i++) lines.push(`${i} ${i} 1`);
    lines.push('5 901 1');
    expect(errorOf(lines.join('\n') + '\n', 'file.mtx').message).toBe(
      'file.mtx:12: column index 901 exceeds the 900 columns declared on line 2',
    );
  });

  it('turns n x 1 and 1 x n files into vectors and refuses a matrix', () => {
    expect(Array.from(vectorFromMatrix(parse('%%MatrixMarket matrix array real general\n3 1\n1\n-2\n3.5\n')))).toEqual([
      1, -2, 3.5,
    ]);
    const row = parse('%%MatrixMarket matrix coordinate real general\n1 4 2\n1 4 7\n1 2 5\n');
    expect(Array.from(vectorFromMatrix(row))).toEqual([0, 5, 0, 7]);
    expect(() => vectorFromMatrix(parse('%%MatrixMarket matrix array real general\n2 2\n1\n2\n3\n4\n'))).toThrow(
      'x.mtx:2: expected a vector (n x 1), found a 2 x 2 matrix',
    );
  });

  it('writes a dense array column-major', () => {
    expect(writeMatrixMarketArray(2, 2, Float64Array.from([1, 2, 3, -0]), 'c')).toBe(
      '%%MatrixMarket matrix array real general\n% c\n2 2\n1\n2\n3\n-0\n',
    );
    expect(() => writeMatrixMarketArray(2, 2, Float64Array.from([1]))).toThrow(RangeError);
  });

  it('lists the first 20 warnings of a kind, then a count', () => {
    const upper = Array.from({ length: 25 }, (_v, i) => `1 ${i + 2} 1`);
    const m = parse(`%%MatrixMarket matrix coordinate real symmetric\n30 30 25\n${upper.join('\n')}\n`);
    expect(m.warnings.length).toBe(21);
    expect(m.warnings[19].line).toBe(22);
    expect(m.warnings[20]).toEqual({
      file: 'x.mtx',
      line: 2,
      severity: 'warning',
      message: '25 entries in all were above the diagonal and used as their mirrors; only the first 20 are listed',
    });
    const dups = Array.from({ length: 26 }, () => '3 4 0.5');
    const d = parse(`%%MatrixMarket matrix coordinate real general\n5 5 26\n${dups.join('\n')}\n`);
    expect(d.csr.values[0]).toBe(13);
    expect(d.warnings.length).toBe(21);
    expect(d.warnings[0].line).toBe(4);
    expect(d.warnings[20].message).toBe(
      '25 duplicate entries in all were summed (as SciPy does); only the first 20 are listed',
    );
  });

  it('counts lines across runs of comment and blank lines (run-length recorded)', () => {
    const blanks = '\n'.repeat(100000);
    const text = `%%MatrixMarket matrix coordinate real general\n3 3 3\n1 1 1\n${blanks}% c\n% d\n2 2 2\n\n\n1 1 4\n`;
    const m = parse(text);
    expect(m.warnings.map((w) => w.line)).toEqual([100000 + 9]);
    expect(errorOf(`${text.replace('3 3 3', '3 3 4')}${blanks}x\n`).message).toBe(
      `x.mtx:${200000 + 10}: expected 3 values per line (row column value), found 1: 'x'`,
    );
  });
});
