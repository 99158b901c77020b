import { readFileSync, readdirSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { MatrixMarketError, checkMatrixMarket, parseMatrixMarket } from '../../../src/core/io/matrixMarket';
import { loadMatrix } from '../../../src/node/loadMatrix';
import { parseMatrixMarketBytes } from '../../../src/node/matrixBytes';

const DIR = 'test/fixtures/bad';

/** One malformed file per rule: [file in test/fixtures/bad, line, exact message after `file:line: `]. */
const CASES: [string, number, string][] = [
  ['array-pattern.mtx', 1, `the array format cannot use the pattern field`],
  [
    'array-size-line-three-numbers.mtx',
    2,
    `bad size line: expected 'rows columns' (two non-negative integers), found '2 1 2'`,
  ],
  ['array-too-few-values.mtx', 5, `the file ends after 3 of the 4 entries declared on line 2 (truncated?)`],
  ['array-too-many-values.mtx', 5, `more entries than the 2 declared on line 2: expected the end of the file`],
  ['array-two-values-on-a-line.mtx', 3, `expected 1 value per line, found 2: '1 2'`],
  ['bad-utf8-in-banner.mtx', 1, `unknown field 'r?al' in the banner, expected one of real, integer, pattern, complex`],
  ['bad-utf8-in-value.mtx', 4, `value '1?(' is not a number`],
  [
    'banner-missing-word.mtx',
    1,
    `the banner has 4 words, expected 5: %%MatrixMarket matrix <coordinate|array> <real|integer|pattern|complex> <general|symmetric|skew-symmetric|hermitian>`,
  ],
  [
    'binary-garbage.mtx',
    1,
    `expected the Matrix Market banner '%%MatrixMarket matrix coordinate real general' on line 1, found '?????'`,
  ],
  [
    'blank-first-line.mtx',
    1,
    `expected the Matrix Market banner '%%MatrixMarket matrix coordinate real general' on line 1, found an empty line`,
  ],
  ['column-index-too-large.mtx', 12, `column index 901 exceeds the 900 columns declared on line 2`],
  ['column-index-zero.mtx', 4, `column index 0 is invalid: Matrix Market indices start at 1`],
  ['complex-missing-imaginary.mtx', 4, `expected 4 values per line (row column real imaginary), found 3: '2 2 2'`],
  [
    'empty.mtx',
    1,
    `the file is empty: expected the Matrix Market banner '%%MatrixMarket matrix coordinate real general'`,
  ],
  [
    'hermitian-complex-diagonal.mtx',
    4,
    `diagonal entry (3, 3) has imaginary part 2, but a hermitian matrix has a real diagonal`,
  ],
  ['hermitian-real.mtx', 1, `hermitian symmetry requires the complex field`],
  ['index-not-integer.mtx', 4, `row index '1.5' is not a positive integer`],
  ['integer-field-decimal.mtx', 4, `value '2.5' is not an integer (the banner declares the integer field)`],
  [
    'missing-banner.mtx',
    1,
    `expected the Matrix Market banner '%%MatrixMarket matrix coordinate real general' on line 1, found '1 1 4.0'`,
  ],
  [
    'misspelled-banner.mtx',
    1,
    `expected the Matrix Market banner '%%MatrixMarket matrix coordinate real general' on line 1, found '%%MatrixMarkt matrix coordinate real general'`,
  ],
  ['negative-index.mtx', 4, `row index '-2' is not a positive integer`],
  ['no-size-line.mtx', 3, `the file ends before the size line: expected 'rows columns entries'`],
  ['pattern-with-value.mtx', 4, `expected 2 values per line (row column), found 3: '2 2 1.0'`],
  ['row-index-too-large.mtx', 4, `row index 4 exceeds the 3 rows declared on line 2`],
  ['row-index-zero.mtx', 4, `row index 0 is invalid: Matrix Market indices start at 1`],
  [
    'size-line-not-integer.mtx',
    2,
    `bad size line: expected 'rows columns entries' (three non-negative integers), found '3 3 2.5'`,
  ],
  [
    'size-line-two-numbers.mtx',
    3,
    `bad size line: expected 'rows columns entries' (three non-negative integers), found '3 3'`,
  ],
  [
    'skew-diagonal.mtx',
    4,
    `entry (2, 2) is on the diagonal, but a skew-symmetric file stores only entries below it (its diagonal is zero)`,
  ],
  ['skew-pattern.mtx', 1, `skew-symmetric symmetry cannot use the pattern field (entries need a sign)`],
  ['symmetric-not-square.mtx', 2, `a symmetric matrix must be square, but the size line declares 3 x 4`],
  ['too-few-columns.mtx', 4, `expected 3 values per line (row column value), found 2: '2 2'`],
  ['too-few-entries.mtx', 4, `the file ends after 2 of the 3 entries declared on line 2 (truncated?)`],
  ['too-many-columns.mtx', 4, `expected 3 values per line (row column value), found 4: '2 2 2 7'`],
  ['too-many-entries.mtx', 5, `more entries than the 2 declared on line 2: expected the end of the file`],
  ['truncated-after-line.mtx', 4, `the file ends after 2 of the 3 entries declared on line 2 (truncated?)`],
  [
    'truncated-mid-line.mtx',
    5,
    `expected 3 values per line (row column value), found 2: '3 3' (the file ends in the middle of this line: truncated?)`,
  ],
  [
    'truncated.mtx.gz',
    11,
    `the gzip data is truncated or corrupt (unexpected end of file): expected a complete .gz file`,
  ],
  ['unknown-field.mtx', 1, `unknown field 'reel' in the banner, expected one of real, integer, pattern, complex`],
  ['unknown-format.mtx', 1, `unknown format 'cordinate' in the banner, expected one of coordinate, array`],
  [
    'unknown-symmetry.mtx',
    1,
    `unknown symmetry 'symetric' in the banner, expected one of general, symmetric, skew-symmetric, hermitian`,
  ],
  ['unsupported-object.mtx', 1, `unsupported object 'vector' in the banner, expected 'matrix'`],
  ['value-fortran-exponent.mtx', 4, `value '1.5D+03' is not a number`],
  ['value-inf.mtx', 4, `value '-Inf' is not a finite number`],
  ['value-nan.mtx', 4, `value 'NaN' is not a finite number`],
  ['value-not-a-number.mtx', 4, `value 'abc' is not a number`],
  ['value-overflow.mtx', 4, `value '1e400' is out of range (not a finite double)`],
];

async function readError(path: string): Promise<MatrixMarketError> {
  try {
    await loadMatrix(path);
  } catch (e) {
    if (e instanceof MatrixMarketError) return e;
    throw e;
  }
  throw new Error(`${path} was accepted`);
}

describe('malformed corpus', () => {
  it('has a case for every bad file in the folder (and no case without a file)', () => {
    const files = readdirSync(DIR).filter((f) => !f.startsWith('warn-'));
    expect([...CASES.map((c) => c[0]), 'corrupt.mtx.gz'].sort()).toEqual(files.sort());
  });

  it.each(CASES)('%s -> line %i', async (name, line, message) => {
    const path = `${DIR}/${name}`;
    const e = await readError(path);
    expect(e.message).toBe(`${path}:${line}: ${message}`);
    expect(e.diagnostic).toEqual({ file: path, line, severity: 'error', message });
    if (!name.endsWith('.gz')) {
      // The in-memory parse and the language-server check agree with the streaming reader.
      const bytes = readFileSync(path);
      expect(() => parseMatrixMarket(bytes, path)).toThrow(e.message);
      // The check lists every error (test/unit/io/allErrors.test.ts): the streaming reader's is the first.
      const checked = checkMatrixMarket(bytes, path);
      expect(checked.matrix).toBeUndefined();
      expect(checked.diagnostics[0]).toEqual(e.diagnostic);
    }
  });

  it('reports corrupt gzip data as a MatrixMarketError naming the file', async () => {
    const e = await readError(`${DIR}/corrupt.mtx.gz`);
    expect(e.message).toMatch(
      /^test\/fixtures\/bad\/corrupt\.mtx\.gz:1: the gzip data is truncated or corrupt \(.+\): expected a complete \.gz file$/,
    );
    expect(() => parseMatrixMarketBytes(readFileSync(`${DIR}/truncated.mtx.gz`), 't.mtx.gz')).toThrow(
      't.mtx.gz:1: the gzip data is truncated or corrupt (unexpected end of file): expected a complete .gz file',
    );
  });

  it('reads the warning cases and names the line of each warning', async () => {
    const dup = await loadMatrix(`${DIR}/warn-duplicate.mtx`);
    expect(dup.csr.values[0]).toBe(1.5);
    expect(dup.warnings.map((w) => [w.line, w.severity, w.message])).toEqual([
      [6, 'warning', 'duplicate entry (1, 1): summed with the earlier entry at the same position'],
    ]);
    const upper = await loadMatrix(`${DIR}/warn-upper-triangle.mtx`);
    expect(Array.from(upper.csr.rowPtr)).toEqual([0, 2, 2, 4]);
    expect(Array.from(upper.csr.values)).toEqual([2, -1, -1, 2]);
    expect(upper.warnings.map((w) => [w.line, w.message])).toEqual([
      [4, 'entry (1, 3) is above the diagonal in a symmetric file; it is used as its mirror (3, 1)'],
    ]);
  });
});
