// Pure array shaping for the charts: no DOM.

/** Running sum: out[i] = values[0] + ... + values[i]. */
export function cumulativeSum(values: ArrayLike<number>): Float64Array {
  const out = new Float64Array(values.length);
  let sum = 0;
  for (let i = 0; i < values.length; i++) {
    sum += values[i];
    out[i] = sum;
  }
  return out;
}

/**
 * Trailing moving average over `window` points: out[i] = mean(values[max(0, i - window + 1) .. i]).
 * The first points average what exists so far, so the curve starts at the first value.
 */
export function movingAverage(values: ArrayLike<number>, window: number): Float64Array {
  if (!Number.isInteger(window) || window < 1)
    throw new RangeError(`moving average window must be a positive integer, got ${window}`);
  const out = new Float64Array(values.length);
  let sum = 0;
  for (let i = 0; i < values.length; i++) {
    if (i >= window && i % window === 0) {
      // Re-sum the window once per `window` steps so add/subtract rounding cannot accumulate; O(n) overall.
      sum = 0;
      for (let k = i - window + 1; k <= i; k++) sum += values[k];
    } else {
      sum += values[i];
      if (i >= window) sum -= values[i - window];
    }
    out[i] = sum / Math.min(i + 1, window);
  }
  return out;
}

/**
 * Indices to keep so at most `maxPoints` remain: an even stride that always keeps the first and the
 * last point (the last residual and the final cumulative total are what people read off a chart).
 */
export function strideIndices(length: number, maxPoints: number): number[] {
  if (length <= 0) return [];
  const limit = Math.max(2, Math.floor(maxPoints));
  if (length <= limit) return Array.from({ length }, (_, i) => i);
  const out: number[] = [];
  const step = (length - 1) / (limit - 1);
  let prev = -1;
  for (let k = 0; k < limit; k++) {
    const i = Math.round(k * step);
    if (i !== prev) out.push(i);
    prev = i;
  }
  return out;
}

/** Picks `indices` out of `values`. */
export function pick<T>(values: ArrayLike<T>, indices: readonly number[]): T[] {
  return indices.map((i) => values[i]);
}

/** A window for the omega moving average: about 1/20 of the run, at least 1, at most 200. */
export function defaultWindow(length: number): number {
  return Math.max(1, Math.min(200, Math.round(length / 20)));
}

/** Aligned columns thinned to at most about `maxPoints` x values by `strideIndices`. */
export function thinColumns<T>(
  x: readonly number[],
  ys: readonly (readonly T[])[],
  maxPoints: number,
): { x: number[]; ys: T[][] } {
  const idx = strideIndices(x.length, maxPoints);
  if (idx.length === x.length) return { x: x.slice(), ys: ys.map((c) => c.slice()) };
  return { x: pick(x, idx), ys: ys.map((c) => pick(c, idx)) };
}
