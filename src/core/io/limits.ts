import { failAt, type MmHeader, type MmLimits } from './types';

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

/** Refuses a header beyond the configured limits or what Int32 indices can hold; allocates nothing. */
export function checkLimits(h: MmHeader, limits: MmLimits | undefined, file: string): void {
  const line = h.sizeLine;
  const biggest = Math.max(h.rows, h.cols);
  if (limits?.maxRows !== undefined && biggest > limits.maxRows) {
    const what = h.rows >= h.cols ? `${h.rows} rows` : `${h.cols} columns`;
    failAt(file, line, `the matrix has ${what}, above the limit of ${limits.maxRows} (setting relax.maxMatrixRows)`);
  }
  if (limits?.maxEntries !== undefined && h.declaredEntries > limits.maxEntries) {
    failAt(
      file,
      line,
      `the file lists ${h.declaredEntries} entries, above the limit of ${limits.maxEntries} stored entries (setting relax.maxStoredEntries)`,
    );
  }
  if (limits?.maxBytes !== undefined) {
    const need = estimateBytes(h);
    if (need > limits.maxBytes) {
      failAt(
        file,
        line,
        `reading this matrix needs about ${megabytes(need)} MB, above the limit of ${megabytes(limits.maxBytes)} MB (setting relax.maxMatrixMemoryMB)`,
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

function megabytes(bytes: number): string {
  const mb = bytes / 1048576;
  return mb >= 10 ? Math.round(mb).toString() : mb.toPrecision(2);
}
