import { LIMIT_KNOBS } from '../defaults';
import { failAt, type MatrixLimits, type MmHeader } from './types';

/** Int32 index arrays bound every dimension and the stored-entry count. */
const INT32_MAX = 2147483647;

/** Bytes the reader needs for a matrix with this header: the file's entries plus the expanded CSR. */
export function estimateBytes(h: MmHeader): number {
  const complex = h.field === 'complex';
  const perValue = complex ? 16 : 8;
  if (h.format === 'array') {
    return h.declaredEntries * perValue + h.rows * h.cols * (4 + perValue) + (h.rows + 1) * 4;
  }
  const expanded = h.symmetry === 'general' ? h.declaredEntries : 2 * h.declaredEntries;
  return h.declaredEntries * (8 + perValue) + expanded * (4 + perValue) + (h.rows + 1) * 8;
}

/** Stored entries of the expanded CSR, at most. */
export function expandedEntries(h: MmHeader): number {
  if (h.format === 'array') return h.rows * h.cols;
  return h.symmetry === 'general' ? h.declaredEntries : 2 * h.declaredEntries;
}

/** Bytes in one MB as the limits count them. */
const MB = 1048576;
/**
 * Decompressed text allowed per declared entry after the size line: ten times a long entry line,
 * room for comments, yet a gzip bomb behind a small size line is refused after a few kilobytes.
 */
export const MAX_TEXT_BYTES_PER_ENTRY = 256;
/** Decompressed text allowed before the size line is known (banner and comments), and as slack after it. */
export const MAX_HEADER_TEXT_BYTES = 1 << 24;

/** "(setting relax.maxMatrixRows, flag --max-rows)": where the user raises a limit. */
export function knobOf(limit: keyof MatrixLimits): string {
  const k = LIMIT_KNOBS[limit];
  return `(setting ${k.setting}, flag ${k.flag})`;
}

/** Refuses a header beyond the configured limits or what Int32 indices can hold; allocates nothing. */
export function checkLimits(h: MmHeader, limits: Partial<MatrixLimits> | undefined, file: string): void {
  const line = h.sizeLine;
  const biggest = Math.max(h.rows, h.cols);
  if (limits?.maxRows !== undefined && biggest > limits.maxRows) {
    const what = h.rows >= h.cols ? `${h.rows} rows` : `${h.cols} columns`;
    failAt(file, line, `the matrix has ${what}, above the limit of ${limits.maxRows} ${knobOf('maxRows')}`);
  }
  if (limits?.maxStoredEntries !== undefined && h.declaredEntries > limits.maxStoredEntries) {
    failAt(
      file,
      line,
      `the file lists ${h.declaredEntries} entries, above the limit of ${limits.maxStoredEntries} stored entries ${knobOf('maxStoredEntries')}`,
    );
  }
  if (limits?.maxMemoryMB !== undefined) {
    const need = estimateBytes(h);
    if (need > limits.maxMemoryMB * MB) {
      failAt(
        file,
        line,
        `reading this matrix needs about ${megabytes(need)} MB, above the limit of ${limits.maxMemoryMB} MB ${knobOf('maxMemoryMB')}`,
      );
    }
  }
  if (biggest >= INT32_MAX) {
    failAt(file, line, `the matrix is ${h.rows} x ${h.cols}; at most ${INT32_MAX - 1} rows and columns are supported`);
  }
  if (expandedEntries(h) > INT32_MAX) {
    failAt(file, line, `the matrix would store ${expandedEntries(h)} entries; at most ${INT32_MAX} are supported`);
  }
}

/**
 * Most decompressed bytes a gzip input may expand to: what its header can need (banner and comments,
 * then MAX_TEXT_BYTES_PER_ENTRY per declared entry) and never more than the memory limit.
 * `dataOffset` is where the entries start; `header` is undefined before the size line.
 */
export function decompressedCap(
  header: MmHeader | undefined,
  dataOffset: number,
  limits: Partial<MatrixLimits> | undefined,
): number {
  const memory = limits?.maxMemoryMB !== undefined ? limits.maxMemoryMB * MB : Infinity;
  const text =
    header === undefined
      ? MAX_HEADER_TEXT_BYTES
      : dataOffset + MAX_HEADER_TEXT_BYTES + header.declaredEntries * MAX_TEXT_BYTES_PER_ENTRY;
  return Math.min(memory, text);
}

/** Refuses decompressed input past `decompressedCap`: a gzip bomb stops before it costs time or memory. */
export function checkDecompressed(
  bytes: number,
  header: MmHeader | undefined,
  dataOffset: number,
  limits: Partial<MatrixLimits> | undefined,
  file: string,
  line: number,
): void {
  const cap = decompressedCap(header, dataOffset, limits);
  if (bytes <= cap) return;
  const memory = limits?.maxMemoryMB;
  if (memory !== undefined && cap === memory * MB) {
    failAt(file, line, `the gzip data expands past ${memory} MB, the memory limit ${knobOf('maxMemoryMB')}`);
  }
  const what =
    header === undefined
      ? 'before the size line'
      : `for ${header.declaredEntries} declared entries (${MAX_TEXT_BYTES_PER_ENTRY} bytes an entry plus ${megabytes(MAX_HEADER_TEXT_BYTES)} MB)`;
  failAt(
    file,
    line,
    `the gzip data expands past ${megabytes(cap)} MB ${what}: refused as a gzip bomb; the memory limit ${knobOf('maxMemoryMB')} caps it further`,
  );
}

function megabytes(bytes: number): string {
  const mb = bytes / MB;
  return mb >= 10 ? Math.round(mb).toString() : mb.toPrecision(2);
}
