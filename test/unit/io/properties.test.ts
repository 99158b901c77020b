import fc from 'fast-check';
import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { MmParser } from '../../../src/core/io/parser';
import {
  MatrixMarketError,
  parseMatrixMarket,
  writeMatrixMarket,
  writeMatrixMarketVector,
  type MmMatrix,
} from '../../../src/core/io/matrixMarket';
import { parseMatrixMarketBytes } from '../../../src/node/matrixBytes';
import { csrFromTriplets } from '../../../src/core/sparse/csr';
import { csrEntries, isWellFormedCsr } from './csrEntries';
import { ALL_COMBOS, corrupt, corruptionArb, specArb, specExpected, specText } from './mmArbitraries';

const SEED = 20241125;

/** Parse outcome that is either a matrix or a MatrixMarketError; anything else fails the property. */
function outcome(bytes: Buffer, file: string): MmMatrix | MatrixMarketError {
  try {
    return parseMatrixMarketBytes(bytes, file);
  } catch (e) {
    if (e instanceof MatrixMarketError) return e;
    throw e;
  }
}

function parseInChunks(bytes: Buffer, cuts: number[], file: string): MmMatrix {
  const parser = new MmParser(file, undefined, bytes.length);
  let start = 0;
  for (const cut of [...cuts.map((c) => c % (bytes.length + 1))].sort((a, b) => a - b)) {
    parser.push(bytes.subarray(start, cut));
    start = cut;
  }
  parser.push(bytes.subarray(start));
  return parser.finish();
}

function sameCsr(a: MmMatrix, b: MmMatrix): void {
  expect(b.csr.rows).toBe(a.csr.rows);
  expect(b.csr.cols).toBe(a.csr.cols);
  expect(Array.from(b.csr.rowPtr)).toEqual(Array.from(a.csr.rowPtr));
  expect(Array.from(b.csr.colIdx)).toEqual(Array.from(a.csr.colIdx));
  expect(Array.from(b.csr.values)).toEqual(Array.from(a.csr.values));
  expect(b.imag && Array.from(b.imag)).toEqual(a.imag && Array.from(a.imag));
}

describe('Matrix Market properties (fast-check)', () => {
  it.each(ALL_COMBOS)('%s %s %s files read back exactly the matrix written', (format, field, symmetry) => {
    fc.assert(
      fc.property(specArb([format, field, symmetry]), fc.boolean(), (spec, gz) => {
        const text = Buffer.from(specText(spec));
        const m = parseMatrixMarketBytes(gz ? gzipSync(text) : text, 'p.mtx');
        expect(m.header).toMatchObject({ format, field, symmetry, rows: spec.rows, cols: spec.cols });
        expect(isWellFormedCsr(m)).toBe(true);
        expect(csrEntries(m)).toEqual(specExpected(spec));
        const upper = spec.entries.filter((e) => e.upper).length;
        expect(m.warnings.length).toBe(Math.min(upper, 20) + (upper > 20 ? 1 : 0));
      }),
      { seed: SEED, numRuns: 40 },
    );
  });

  it('gives the same matrix whatever the chunk boundaries of the input', () => {
    fc.assert(
      fc.property(specArb(), fc.array(fc.nat(), { maxLength: 6 }), (spec, cuts) => {
        const text = Buffer.from(specText(spec));
        sameCsr(parseMatrixMarket(text, 'p.mtx'), parseInChunks(text, cuts, 'p.mtx'));
      }),
      { seed: SEED, numRuns: 200 },
    );
  });

  it('writes CSR matrices that read back bit-exactly (general, symmetric, integer, pattern, complex)', () => {
    const matrixArb = fc.record({
      n: fc.integer({ min: 1, max: 9 }),
      kind: fc.constantFrom('real', 'integer', 'pattern', 'symmetric', 'complex' as const),
      triplets: fc.array(
        fc.record({
          r: fc.nat(),
          c: fc.nat(),
          v: fc.double({ noNaN: true, noDefaultInfinity: true }),
          i: fc.integer({ min: -1e6, max: 1e6 }),
        }),
        { maxLength: 40 },
      ),
    });
    fc.assert(
      fc.property(matrixArb, ({ n, kind, triplets }) => {
        const ri = Int32Array.from(triplets.map((t) => t.r % n));
        const ci = Int32Array.from(triplets.map((t) => t.c % n));
        const v = Float64Array.from(triplets.map((t) => (kind === 'integer' ? t.i : kind === 'pattern' ? 1 : t.v)));
        // Unique positions (last wins) so no sums are involved: the round trip must be exact.
        const seen = new Map<string, number>();
        triplets.forEach((_t, k) =>
          seen.set(
            `${kind === 'symmetric' ? Math.max(ri[k], ci[k]) : ri[k]},${kind === 'symmetric' ? Math.min(ri[k], ci[k]) : ci[k]}`,
            k,
          ),
        );
        const keep = [...seen.values()];
        const rows = Int32Array.from(keep.map((k) => ri[k]));
        const cols = Int32Array.from(keep.map((k) => ci[k]));
        const vals = Float64Array.from(keep.map((k) => v[k]));
        let a;
        if (kind === 'symmetric') {
          const lr: number[] = [];
          const lc: number[] = [];
          const lv: number[] = [];
          keep.forEach((_k, j) => {
            lr.push(rows[j]);
            lc.push(cols[j]);
            lv.push(vals[j]);
            if (rows[j] !== cols[j]) {
              lr.push(cols[j]);
              lc.push(rows[j]);
              lv.push(vals[j]);
            }
          });
          a = csrFromTriplets(n, n, Int32Array.from(lr), Int32Array.from(lc), Float64Array.from(lv));
        } else {
          a = csrFromTriplets(n, n, rows, cols, vals);
        }
        const imag = kind === 'complex' ? Float64Array.from(a.values, (x) => -x / 3) : undefined;
        const field = kind === 'symmetric' ? 'real' : kind;
        const text = writeMatrixMarket(a, {
          field,
          symmetry: kind === 'symmetric' ? 'symmetric' : 'general',
          imag,
          comment: 'round trip\nsecond line',
        });
        const back = parseMatrixMarket(text, 'w.mtx');
        expect(back.warnings).toEqual([]);
        sameCsr({ file: '', header: back.header, csr: a, imag, warnings: [] }, back);
      }),
      { seed: SEED, numRuns: 300 },
    );
  });

  it('writes vectors that read back bit-exactly', () => {
    fc.assert(
      fc.property(
        fc.array(fc.double({ noNaN: true, noDefaultInfinity: true }), { minLength: 1, maxLength: 30 }),
        (xs) => {
          const x = Float64Array.from(xs);
          const back = parseMatrixMarket(Buffer.from(writeMatrixMarketVector(x, 'solution')), 'x.mtx');
          expect(back.header).toMatchObject({ format: 'array', rows: xs.length, cols: 1 });
          expect(Array.from(back.csr.values)).toEqual(xs);
        },
      ),
      { seed: SEED, numRuns: 200 },
    );
  });

  it('ends every corrupted file in a MatrixMarketError or a well-formed matrix, never another exception', () => {
    fc.assert(
      fc.property(
        specArb(),
        fc.array(corruptionArb, { minLength: 1, maxLength: 3 }),
        fc.boolean(),
        (spec, corruptions, gz) => {
          const text = Buffer.from(specText(spec));
          let bytes: Buffer = gz ? gzipSync(text) : text;
          for (const c of corruptions) bytes = corrupt(bytes, c);
          const r = outcome(bytes, 'c.mtx');
          if (r instanceof MatrixMarketError) {
            expect(r.message).toBe(`c.mtx:${r.diagnostic.line}: ${r.diagnostic.message}`);
            expect(r.diagnostic.line).toBeGreaterThanOrEqual(1);
            expect(r.diagnostic.severity).toBe('error');
          } else {
            expect(isWellFormedCsr(r)).toBe(true);
            expect(r.csr.rows).toBe(r.header.rows);
            expect(r.csr.values.every(Number.isFinite)).toBe(true);
            if (r.imag) expect(r.imag.length).toBe(r.csr.values.length);
          }
        },
      ),
      { seed: SEED, numRuns: 1500 },
    );
  });
});
