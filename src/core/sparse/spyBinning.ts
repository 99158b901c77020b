// The language server bins the pattern here and sends the panel the grid, so the webview never
// receives millions of (row, col) pairs.

/** A sparsity pattern binned to pixels: `counts[r * width + c]` stored entries fall in pixel (r, c). */
export interface SpyGrid {
  rows: number;
  cols: number;
  width: number;
  height: number;
  counts: number[];
  maxCount: number;
}

/** The part of a CSR matrix the spy plot needs (0-based, rowPtr has rows + 1 entries). */
export interface SparsityPattern {
  rows: number;
  cols: number;
  rowPtr: ArrayLike<number>;
  colIdx: ArrayLike<number>;
}

/**
 * Pixel grid for a rows x cols pattern whose longer side is at most `maxSide` pixels, keeping the
 * aspect ratio; a side never exceeds its row/column count (a pixel never covers less than one row).
 */
export function spyGridSize(rows: number, cols: number, maxSide: number): { width: number; height: number } {
  if (rows <= 0 || cols <= 0) return { width: 0, height: 0 };
  const side = Math.max(1, Math.floor(maxSide));
  const scale = Math.min(1, side / Math.max(rows, cols));
  return {
    width: Math.max(1, Math.min(cols, Math.round(cols * scale))),
    height: Math.max(1, Math.min(rows, Math.round(rows * scale))),
  };
}

/**
 * Counts stored entries per pixel: `counts[r * width + c]`, where row i maps to pixel row
 * floor(i * height / rows) and column j to floor(j * width / cols). O(nnz + rows).
 * Column indices outside [0, cols) are skipped rather than trusted, so a malformed pattern cannot
 * write outside the grid.
 */
export function binSparsityPattern(p: SparsityPattern, width: number, height: number): Uint32Array {
  if (!Number.isInteger(width) || !Number.isInteger(height) || width < 0 || height < 0) {
    throw new RangeError(`spy grid size must be non-negative integers, got ${width} x ${height}`);
  }
  if (p.rowPtr.length !== p.rows + 1) {
    throw new RangeError(`rowPtr has ${p.rowPtr.length} entries, expected rows + 1 = ${p.rows + 1}`);
  }
  const counts = new Uint32Array(width * height);
  if (width === 0 || height === 0 || p.rows === 0 || p.cols === 0) return counts;
  const cols = p.cols;
  for (let i = 0; i < p.rows; i++) {
    const base = Math.floor((i * height) / p.rows) * width;
    const end = p.rowPtr[i + 1];
    for (let k = p.rowPtr[i]; k < end; k++) {
      const j = p.colIdx[k];
      // (j * width) / cols, not j * (width / cols): the latter can land just below an exact pixel
      // boundary and pick the pixel to its left.
      if (j >= 0 && j < cols) counts[base + Math.floor((j * width) / cols)]++;
    }
  }
  return counts;
}

/** Bins a pattern into a `SpyGrid` whose longer side is at most `maxSide` pixels. */
export function spyGrid(p: SparsityPattern, maxSide = 512): SpyGrid {
  const { width, height } = spyGridSize(p.rows, p.cols, maxSide);
  const counts = binSparsityPattern(p, width, height);
  let maxCount = 0;
  for (let k = 0; k < counts.length; k++) if (counts[k] > maxCount) maxCount = counts[k];
  return { rows: p.rows, cols: p.cols, width, height, counts: Array.from(counts), maxCount };
}
