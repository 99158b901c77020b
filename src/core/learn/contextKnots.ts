/** Saved state of {@link ContextKnots}. */
export interface ContextKnotsState {
  contexts: number[];
  values: number[];
}

/**
 * A scalar function of the context known at measured points (knots), read between them by linear
 * interpolation. Used by `auto` for 1 - rho(context): spectral estimates are paid for only at
 * contexts with no knot nearby.
 */
export class ContextKnots {
  private contexts: number[];
  private values: number[];

  constructor(state?: ContextKnotsState) {
    this.contexts = state ? [...state.contexts] : [];
    this.values = state ? [...state.values] : [];
  }

  get size(): number {
    return this.contexts.length;
  }

  /** Smallest and largest knot context (NaN when empty). */
  get lowest(): number {
    return this.contexts.length ? this.contexts[0] : NaN;
  }

  get highest(): number {
    return this.contexts.length ? this.contexts[this.contexts.length - 1] : NaN;
  }

  /** Distance from `c` to the nearest knot (Infinity when there is none). */
  distance(c: number): number {
    const i = this.lowerIndex(c);
    let d = Infinity;
    if (i >= 0) d = c - this.contexts[i];
    if (i + 1 < this.contexts.length) d = Math.min(d, this.contexts[i + 1] - c);
    return d;
  }

  /** Whether `c` lies between two knots (so `value` interpolates rather than extends the end value). */
  bracketed(c: number): boolean {
    const i = this.lowerIndex(c);
    return i >= 0 && i < this.contexts.length - 1;
  }

  /** Linear interpolation between the knots around `c`; outside them, the line through the two end knots. */
  value(c: number): number {
    const n = this.contexts.length;
    if (n === 0) return NaN;
    if (n === 1) return this.values[0];
    let i = this.lowerIndex(c);
    if (i < 0) i = 0;
    if (i >= n - 1) i = n - 2;
    const c0 = this.contexts[i];
    const c1 = this.contexts[i + 1];
    if (c1 === c0) return this.values[i];
    const w = (c - c0) / (c1 - c0);
    return (1 - w) * this.values[i] + w * this.values[i + 1];
  }

  /** Adds (or replaces) the knot at `c`. */
  add(c: number, value: number): void {
    const i = this.lowerIndex(c);
    if (i >= 0 && this.contexts[i] === c) {
      this.values[i] = value;
      return;
    }
    this.contexts.splice(i + 1, 0, c);
    this.values.splice(i + 1, 0, value);
  }

  clear(): void {
    this.contexts = [];
    this.values = [];
  }

  /** Index of the last knot <= c, -1 if none. */
  private lowerIndex(c: number): number {
    let lo = 0;
    let hi = this.contexts.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (this.contexts[mid] <= c) lo = mid + 1;
      else hi = mid;
    }
    return lo - 1;
  }

  toJSON(): ContextKnotsState {
    return { contexts: [...this.contexts], values: [...this.values] };
  }
}
