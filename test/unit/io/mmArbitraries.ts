/**
 * fast-check generators for Matrix Market files written independently of the writer under test,
 * with the matrix each one must parse to, and the corruptions applied to them.
 */
import fc from 'fast-check';
import type { MmField, MmFormat, MmSymmetry } from '../../../src/core/io/matrixMarket';

export interface SpecEntry {
  r: number; // 0-based, r >= c for symmetric types (r > c for skew)
  c: number;
  re: number;
  im: number;
  /** Write this entry above the diagonal (mirrored); the reader must warn and use the mirror. */
  upper: boolean;
}

export interface MatrixSpec {
  format: MmFormat;
  field: MmField;
  symmetry: MmSymmetry;
  rows: number;
  cols: number;
  entries: SpecEntry[];
  /** Lines end in CR LF instead of LF. */
  crlf: boolean;
  /** Positions (in data-line order) where a comment or blank line is inserted. */
  noise: { at: number; text: string }[];
  exponentForm: boolean[];
}

const COMBOS: [MmFormat, MmField, MmSymmetry][] = [];
for (const format of ['coordinate', 'array'] as const) {
  for (const field of ['real', 'integer', 'pattern', 'complex'] as const) {
    for (const symmetry of ['general', 'symmetric', 'skew-symmetric', 'hermitian'] as const) {
      if (format === 'array' && field === 'pattern') continue;
      if (symmetry === 'hermitian' && field !== 'complex') continue;
      if (symmetry === 'skew-symmetric' && field === 'pattern') continue;
      COMBOS.push([format, field, symmetry]);
    }
  }
}
/** Every valid (format, field, symmetry) combination: 17 of them. */
export const ALL_COMBOS: readonly [MmFormat, MmField, MmSymmetry][] = COMBOS;

const realValue = fc.double({ noNaN: true, noDefaultInfinity: true });
const intValue = fc.integer({ min: -1_000_000_000, max: 1_000_000_000 });

function valueArb(field: MmField): fc.Arbitrary<number> {
  if (field === 'integer') return intValue;
  if (field === 'pattern') return fc.constant(1);
  return realValue;
}

/** Positions a file of this kind may store (0-based), column by column (the array format's order). */
export function storedPositions(symmetry: MmSymmetry, rows: number, cols: number): [number, number][] {
  const out: [number, number][] = [];
  for (let c = 0; c < cols; c++) {
    for (let r = 0; r < rows; r++) {
      if (symmetry === 'general' || r > c || (r === c && symmetry !== 'skew-symmetric')) out.push([r, c]);
    }
  }
  return out;
}

export function specArb(combo?: [MmFormat, MmField, MmSymmetry]): fc.Arbitrary<MatrixSpec> {
  const comboArb = combo ? fc.constant(combo) : fc.constantFrom(...ALL_COMBOS);
  return comboArb.chain(([format, field, symmetry]) =>
    fc
      .record({ rows: fc.integer({ min: 1, max: 7 }), cols: fc.integer({ min: 1, max: 7 }) })
      .chain(({ rows, cols }) => {
        const n = symmetry === 'general' ? cols : rows;
        const positions = storedPositions(symmetry, rows, n);
        const entryArb = (pos: [number, number]): fc.Arbitrary<SpecEntry> =>
          fc.record({
            r: fc.constant(pos[0]),
            c: fc.constant(pos[1]),
            re: valueArb(field),
            im: field === 'complex' && !(symmetry === 'hermitian' && pos[0] === pos[1]) ? realValue : fc.constant(0),
            upper:
              format === 'coordinate' && symmetry !== 'general' && pos[0] !== pos[1]
                ? fc.boolean()
                : fc.constant(false),
          });
        const chosen =
          format === 'array'
            ? fc.constant(positions)
            : fc.shuffledSubarray(positions, { minLength: 0, maxLength: positions.length });
        return chosen.chain((ps) =>
          fc.record({
            format: fc.constant(format),
            field: fc.constant(field),
            symmetry: fc.constant(symmetry),
            rows: fc.constant(rows),
            cols: fc.constant(n),
            entries: ps.length === 0 ? fc.constant([]) : fc.tuple(...ps.map(entryArb)),
            crlf: fc.boolean(),
            noise: fc.array(
              fc.record({
                at: fc.nat({ max: ps.length }),
                text: fc.constantFrom(
                  '%',
                  '% a comment',
                  '',
                  '   ',
                  '\t',
                  '%%MatrixMarket inside a comment',
                  '% 1 1 1',
                ),
              }),
              { maxLength: 3 },
            ),
            exponentForm: fc.array(fc.boolean(), { minLength: ps.length * 2, maxLength: ps.length * 2 }),
          }),
        );
      }),
  );
}

/** Text of a number that parses back to exactly `x`, in plain or exponent form. */
export function numberText(x: number, exponent: boolean): string {
  if (Object.is(x, -0)) return exponent ? '-0e0' : '-0';
  return exponent ? x.toExponential() : String(x);
}

/** The file text for a spec (banner, size line, entries, noise), written without the code under test. */
export function specText(s: MatrixSpec): string {
  const nl = s.crlf ? '\r\n' : '\n';
  const lines: string[] = [];
  s.entries.forEach((e, k) => {
    let { r, c, re, im } = e;
    if (e.upper) {
      [r, c] = [c, r];
      if (s.symmetry === 'skew-symmetric') [re, im] = [-re, -im];
      if (s.symmetry === 'hermitian') im = -im;
    }
    const words: string[] = s.format === 'coordinate' ? [String(r + 1), String(c + 1)] : [];
    if (s.field !== 'pattern') words.push(numberText(re, s.field !== 'integer' && s.exponentForm[2 * k]));
    if (s.field === 'complex') words.push(numberText(im, s.exponentForm[2 * k + 1]));
    lines.push(words.join(k % 3 === 2 ? ' \t ' : ' '));
  });
  for (const { at, text } of [...s.noise].sort((a, b) => b.at - a.at)) lines.splice(at, 0, text);
  const size = s.format === 'coordinate' ? `${s.rows} ${s.cols} ${s.entries.length}` : `${s.rows} ${s.cols}`;
  return [`%%MatrixMarket matrix ${s.format} ${s.field} ${s.symmetry}`, '% generated', size, ...lines].join(nl) + nl;
}

/** The matrix a spec describes: key `${r},${c}` -> [re, im], both triangles, dense for array. */
export function specExpected(s: MatrixSpec): Map<string, [number, number]> {
  const out = new Map<string, [number, number]>();
  if (s.format === 'array') {
    for (let r = 0; r < s.rows; r++) for (let c = 0; c < s.cols; c++) out.set(`${r},${c}`, [0, 0]);
  }
  for (const e of s.entries) {
    out.set(`${e.r},${e.c}`, [e.re, e.im]);
    if (e.r === e.c || s.symmetry === 'general') continue;
    const re = s.symmetry === 'skew-symmetric' ? -e.re : e.re;
    const im = s.field !== 'complex' ? 0 : s.symmetry === 'symmetric' ? e.im : -e.im;
    const mirror: [number, number] = [re, im];
    out.set(`${e.c},${e.r}`, mirror);
  }
  return out;
}

/** One corruption of a file's bytes. */
export type Corruption =
  | { kind: 'truncate'; at: number }
  | { kind: 'flip'; at: number; byte: number }
  | { kind: 'delete-line'; at: number }
  | { kind: 'duplicate-line'; at: number }
  | { kind: 'huge-number'; at: number; text: string }
  | { kind: 'bad-utf8'; at: number; bytes: readonly number[] }
  | { kind: 'insert'; at: number; text: string };

export const corruptionArb: fc.Arbitrary<Corruption> = fc.oneof(
  fc.record({ kind: fc.constant('truncate' as const), at: fc.nat() }),
  fc.record({ kind: fc.constant('flip' as const), at: fc.nat(), byte: fc.integer({ min: 0, max: 255 }) }),
  fc.record({ kind: fc.constant('delete-line' as const), at: fc.nat() }),
  fc.record({ kind: fc.constant('duplicate-line' as const), at: fc.nat() }),
  fc.record({
    kind: fc.constant('huge-number' as const),
    at: fc.nat(),
    text: fc.constantFrom(
      ' 1e999999',
      ' 99999999999999999999999999',
      ' 4294967297',
      ' 2147483648',
      ' -1e-99999',
      ' 1' + '0'.repeat(400),
    ),
  }),
  fc.record({
    kind: fc.constant('bad-utf8' as const),
    at: fc.nat(),
    bytes: fc.constantFrom([0xff], [0xc3, 0x28], [0xe2, 0x82], [0xf0, 0x9f, 0x98], [0x80], [0xfe, 0xff], [0]),
  }),
  fc.record({
    kind: fc.constant('insert' as const),
    at: fc.nat(),
    text: fc.constantFrom('\n', '\r', ' ', '%', '-', '.', 'e', '+', '0', '\n\n1 1 1\n', 'nan'),
  }),
);

function lineStarts(b: Buffer): number[] {
  const out = [0];
  for (let i = 0; i < b.length; i++) if (b[i] === 10 && i + 1 < b.length) out.push(i + 1);
  return out;
}

/** Applies one corruption; positions are taken modulo the current length. */
export function corrupt(b: Buffer, c: Corruption): Buffer {
  const pos = b.length === 0 ? 0 : c.at % b.length;
  switch (c.kind) {
    case 'truncate':
      return b.subarray(0, pos);
    case 'flip': {
      const out = Buffer.from(b);
      if (out.length > 0) out[pos] = c.byte;
      return out;
    }
    case 'delete-line':
    case 'duplicate-line': {
      const starts = lineStarts(b);
      const i = c.at % starts.length;
      const s = starts[i];
      const e = i + 1 < starts.length ? starts[i + 1] : b.length;
      const line = b.subarray(s, e);
      const rest = [b.subarray(0, s), b.subarray(e)];
      return c.kind === 'delete-line' ? Buffer.concat(rest) : Buffer.concat([rest[0], line, line, rest[1]]);
    }
    case 'huge-number':
      return Buffer.concat([b.subarray(0, pos), Buffer.from(c.text), b.subarray(pos)]);
    case 'bad-utf8':
      return Buffer.concat([b.subarray(0, pos), Buffer.from(c.bytes), b.subarray(pos)]);
    case 'insert':
      return Buffer.concat([b.subarray(0, pos), Buffer.from(c.text), b.subarray(pos)]);
  }
}
