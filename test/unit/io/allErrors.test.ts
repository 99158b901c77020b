// Every reader error of a file, each at its line, capped at 100 with one "and N more".
import { describe, expect, test } from 'vitest';
import { MAX_ERRORS_PER_FILE } from '../../../src/core/io/allErrors';
import { checkMatrixMarket } from '../../../src/core/io/matrixMarket';

const bytes = (text: string) => Buffer.from(text, 'utf8');

describe('checkMatrixMarket lists every data-line error', () => {
  test('three bad lines give three errors, each on its line, in order', () => {
    const text = [
      '%%MatrixMarket matrix coordinate real general',
      '% a comment',
      '3 3 5',
      '1 1 4',
      '2 x 1', // line 5: column not an integer
      '2 2 4',
      '4 3 1', // line 7: row beyond 3
      '3 3 abc', // line 8: not a number
    ].join('\n');
    const d = checkMatrixMarket(bytes(text), 'three.mtx').diagnostics;
    expect(d.map((x) => [x.line, x.severity])).toEqual([
      [5, 'error'],
      [7, 'error'],
      [8, 'error'],
    ]);
    expect(d[0].message).toBe("column index 'x' is not a positive integer");
    expect(d[1].message).toBe('row index 4 exceeds the 3 rows declared on line 3');
    expect(d[2].message).toBe("value 'abc' is not a number");
  });

  test('a wrong entry count is reported after the bad lines: too many, and truncated', () => {
    const tooMany = '%%MatrixMarket matrix coordinate real general\n2 2 1\n1 1 q\n2 2 1\n';
    expect(checkMatrixMarket(bytes(tooMany), 'm.mtx').diagnostics.map((x) => [x.line, x.message])).toEqual([
      [3, "value 'q' is not a number"],
      [4, 'more entries than the 1 declared on line 2: expected the end of the file'],
    ]);
    const short = '%%MatrixMarket matrix coordinate real general\n2 2 3\n1 1 q\n2 2 1\n';
    expect(checkMatrixMarket(bytes(short), 'm.mtx').diagnostics.map((x) => x.line)).toEqual([3, 4]);
    expect(checkMatrixMarket(bytes(short), 'm.mtx').diagnostics[1].message).toBe(
      'the file ends after 2 of the 3 entries declared on line 2 (truncated?)',
    );
  });

  test(`past ${MAX_ERRORS_PER_FILE} errors: the first ${MAX_ERRORS_PER_FILE}, then one "and N more"`, () => {
    const n = 250;
    const lines = ['%%MatrixMarket matrix coordinate real general', `${n} ${n} ${n}`];
    for (let i = 1; i <= n; i++) lines.push(`${i} ${i} bad`);
    const d = checkMatrixMarket(bytes(lines.join('\n') + '\n'), 'many.mtx').diagnostics;
    expect(d).toHaveLength(MAX_ERRORS_PER_FILE + 1);
    expect(d.slice(0, MAX_ERRORS_PER_FILE).map((x) => x.line)).toEqual(
      Array.from({ length: MAX_ERRORS_PER_FILE }, (_, i) => i + 3),
    );
    expect(d[MAX_ERRORS_PER_FILE]).toMatchObject({
      line: MAX_ERRORS_PER_FILE + 2,
      severity: 'error',
      message: `and ${n - MAX_ERRORS_PER_FILE} more errors after this one (only the first ${MAX_ERRORS_PER_FILE} are listed)`,
    });
  });

  test('a header error stays the only error; a file without errors has none', () => {
    const d = checkMatrixMarket(
      bytes('%%MatrixMarket matrix coordinate real general\n2 x 1\n1 1 q\n'),
      'h.mtx',
    ).diagnostics;
    expect(d).toHaveLength(1);
    expect(d[0].line).toBe(2);
    const ok = checkMatrixMarket(bytes('%%MatrixMarket matrix coordinate real general\n2 2 1\n1 1 3\n'), 'ok.mtx');
    expect(ok.diagnostics).toEqual([]);
    expect(ok.matrix?.csr.rows).toBe(2);
  });

  test('a skew-symmetric diagonal (a rule only the fast parser checks) is kept beside the other errors', () => {
    const text = '%%MatrixMarket matrix coordinate real skew-symmetric\n3 3 3\n2 1 1\n2 2 5\n3 x 1\n';
    const d = checkMatrixMarket(bytes(text), 's.mtx').diagnostics;
    expect(d.map((x) => x.line)).toEqual([4, 5]);
    expect(d[0].message).toMatch(/skew-symmetric/);
  });
});
