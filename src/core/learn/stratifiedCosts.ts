/**
 * Per-arm, per-stratum running sums of costs, and the stratified comparison of two arms that both
 * two-arm bandits of `auto` decide by (ExpertChoice between experts, LocalSearch between neighbours).
 * Cell `arm * strata + stratum`; the arrays are the learners' saved state as they are.
 */
export interface CellSums {
  count: number[];
  sum: number[];
  sumSq: number[];
}

/** `cells` empty cells. */
export function emptyCells(cells: number): CellSums {
  return {
    count: new Array<number>(cells).fill(0),
    sum: new Array<number>(cells).fill(0),
    sumSq: new Array<number>(cells).fill(0),
  };
}

/** A copy whose arrays the original does not share. */
export function copyCells(s: CellSums): CellSums {
  return { count: [...s.count], sum: [...s.sum], sumSq: [...s.sumSq] };
}

/** Adds one cost to arm `arm`'s cell of `stratum` (clamped into 0..strata-1). */
export function addCost(s: CellSums, strata: number, arm: number, stratum: number, cost: number): void {
  const cell = arm * strata + Math.min(strata - 1, Math.max(0, stratum | 0));
  s.count[cell]++;
  s.sum[cell] += cost;
  s.sumSq[cell] += cost * cost;
}

/** Forgets arm `arm`'s cells, or every cell when `arm` is absent. */
export function clearCells(s: CellSums, strata: number, arm?: number): void {
  const from = arm === undefined ? 0 : arm * strata;
  const to = arm === undefined ? s.count.length : (arm + 1) * strata;
  s.count.fill(0, from, to);
  s.sum.fill(0, from, to);
  s.sumSq.fill(0, from, to);
}

/** Within-stratum variance pooled over all cells (one noise level; cells are small); Infinity without data. */
export function pooledVariance(s: CellSums): number {
  let ss = 0;
  let dof = 0;
  for (let cell = 0; cell < s.count.length; cell++) {
    const n = s.count[cell];
    if (n < 2) continue;
    const m = s.sum[cell] / n;
    ss += Math.max(0, s.sumSq[cell] - n * m * m);
    dof += n - 1;
  }
  return dof > 0 ? ss / dof : Infinity;
}

/** Result of {@link stratifiedDifference}, reused by the caller (it runs on every exploration round). */
export interface Difference {
  /** Mean of base - other over the strata both were played in, weighted by other's plays (positive: other cheaper). */
  diff: number;
  /** Its standard error (Infinity when nothing was used). */
  se: number;
  /** Plays of `other` in the strata used. */
  used: number;
}

/**
 * Stratified difference of arm `base` minus arm `other`, weighted by `other`'s samples, with its standard
 * error under the pooled variance. A stratum counts when base has at least `minBase` plays there, other at
 * least one, and the two together at least three.
 */
export function stratifiedDifference(
  s: CellSums,
  strata: number,
  base: number,
  other: number,
  pooled: number,
  minBase: number,
  into: Difference,
): Difference {
  let used = 0;
  let diff = 0;
  let variance = 0;
  for (let b = 0; b < strata; b++) {
    const nb = s.count[base * strata + b];
    const no = s.count[other * strata + b];
    if (nb < minBase || no < 1 || nb + no < 3) continue;
    diff += no * (s.sum[base * strata + b] / nb - s.sum[other * strata + b] / no);
    variance += no * no * pooled * (1 / nb + 1 / no);
    used += no;
  }
  into.used = used;
  into.diff = used > 0 ? diff / used : 0;
  into.se = used > 0 ? Math.sqrt(variance) / used : Infinity;
  return into;
}
