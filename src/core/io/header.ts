import { failAt, type MmField, type MmFormat, type MmHeader, type MmSymmetry } from './types';

const FORMATS: readonly MmFormat[] = ['coordinate', 'array'];
const FIELDS: readonly MmField[] = ['real', 'integer', 'pattern', 'complex'];
const SYMMETRIES: readonly MmSymmetry[] = ['general', 'symmetric', 'skew-symmetric', 'hermitian'];
const EXAMPLE_BANNER = "'%%MatrixMarket matrix coordinate real general'";

/** Banner words, before the size line is known. */
export interface MmBanner {
  format: MmFormat;
  field: MmField;
  symmetry: MmSymmetry;
}

/** Shortens a line for a message: printable ASCII only, at most 60 characters. */
export function quoteLine(text: string): string {
  const clean = text.replace(/[^\x20-\x7e]/g, '?').trim();
  return clean.length > 60 ? `'${clean.slice(0, 57)}...'` : `'${clean}'`;
}

/** Parses line 1; `text` is the line without its line break. */
export function parseBanner(text: string, file: string, line: number): MmBanner {
  const words = text.trim().split(/[ \t]+/);
  if (words[0].toLowerCase() !== '%%matrixmarket') {
    const found = text.trim() === '' ? 'an empty line' : quoteLine(text);
    failAt(file, line, `expected the Matrix Market banner ${EXAMPLE_BANNER} on line 1, found ${found}`);
  }
  if (words.length !== 5) {
    failAt(
      file,
      line,
      `the banner has ${words.length} words, expected 5: %%MatrixMarket matrix <coordinate|array> <real|integer|pattern|complex> <general|symmetric|skew-symmetric|hermitian>`,
    );
  }
  const [, object, format, field, symmetry] = words.map((w) => w.toLowerCase());
  if (object !== 'matrix')
    failAt(file, line, `unsupported object ${quoteLine(words[1])} in the banner, expected 'matrix'`);
  const f = pick(FORMATS, format, 'format', words[2], file, line);
  const fi = pick(FIELDS, field, 'field', words[3], file, line);
  const s = pick(SYMMETRIES, symmetry, 'symmetry', words[4], file, line);
  if (f === 'array' && fi === 'pattern') failAt(file, line, 'the array format cannot use the pattern field');
  if (s === 'hermitian' && fi !== 'complex') failAt(file, line, 'hermitian symmetry requires the complex field');
  if (s === 'skew-symmetric' && fi === 'pattern') {
    failAt(file, line, 'skew-symmetric symmetry cannot use the pattern field (entries need a sign)');
  }
  return { format: f, field: fi, symmetry: s };
}

function pick<T extends string>(
  allowed: readonly T[],
  word: string,
  what: string,
  original: string,
  file: string,
  line: number,
): T {
  const hit = allowed.find((a) => a === word);
  if (hit === undefined) {
    failAt(file, line, `unknown ${what} ${quoteLine(original)} in the banner, expected one of ${allowed.join(', ')}`);
  }
  return hit;
}

/** Parses the size line into a full header; `text` is the line without its line break. */
export function parseSizeLine(
  text: string,
  banner: MmBanner,
  bannerLine: number,
  file: string,
  line: number,
): MmHeader {
  const words = text.trim().split(/[ \t]+/);
  const coordinate = banner.format === 'coordinate';
  const expected = coordinate
    ? "'rows columns entries' (three non-negative integers)"
    : "'rows columns' (two non-negative integers)";
  const want = coordinate ? 3 : 2;
  if (words.length !== want || !words.every((w) => /^[0-9]+$/.test(w))) {
    failAt(file, line, `bad size line: expected ${expected}, found ${quoteLine(text)}`);
  }
  const [rows, cols, entries] = words.map(Number);
  if (banner.symmetry !== 'general' && rows !== cols) {
    failAt(file, line, `a ${banner.symmetry} matrix must be square, but the size line declares ${rows} x ${cols}`);
  }
  const declaredEntries = coordinate ? entries : denseStoredCount(rows, cols, banner.symmetry);
  return { ...banner, rows, cols, declaredEntries, bannerLine, sizeLine: line };
}

/** Values an array-format file lists: the full matrix, or the lower triangle (strictly, if skew). */
export function denseStoredCount(rows: number, cols: number, symmetry: MmSymmetry): number {
  if (symmetry === 'general') return rows * cols;
  if (symmetry === 'skew-symmetric') return (rows * (rows - 1)) / 2;
  return (rows * (rows + 1)) / 2;
}
