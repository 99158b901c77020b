// Pure shaping of a learning report into chart columns and table rows: no DOM.
import type { LearningRecord, LearningReport, LearningSeries, LearningTotal } from '../../src/protocol';
import { cumulativeSum, defaultWindow, movingAverage } from './series';

/** Records sorted by instance, one per instance (a later duplicate replaces an earlier one). */
export function recordsByInstance(records: readonly LearningRecord[]): readonly LearningRecord[] {
  // Runs append in order, so the common case needs no copy.
  let ordered = true;
  for (let k = 1; k < records.length && ordered; k++) ordered = records[k].t > records[k - 1].t;
  if (ordered) return records;
  const byT = new Map<number, LearningRecord>();
  for (const r of records) byT.set(r.t, r);
  return [...byT.values()].sort((a, b) => a.t - b.t);
}

/** Number of instances on the x axis: the planned count, or more if records went past it. */
export function instanceCount(report: LearningReport): number {
  let n = report.instances;
  for (const s of report.series) for (const r of s.records) n = Math.max(n, r.t + 1);
  return n;
}

/** Cost of one instance: solver iterations plus the learner's extra sweeps. */
export function recordCost(r: LearningRecord): number {
  return r.iterations + r.extraSweeps;
}

/**
 * Aligned columns for the cumulative-cost chart: x = 1..n (instance number), one column per series
 * with the running total of cost, null past the series' last contiguous record.
 */
export function cumulativeColumns(report: LearningReport): { x: number[]; ys: (number | null)[][] } {
  const n = instanceCount(report);
  const x = Array.from({ length: n }, (_, i) => i + 1);
  const ys = report.series.map((s) => {
    const col: (number | null)[] = new Array<number | null>(n).fill(null);
    const recs = recordsByInstance(s.records);
    const sums = cumulativeSum(recs.map(recordCost));
    // A gap in t would make the running total misleading, so stop at the first missing instance.
    for (let k = 0; k < recs.length && recs[k].t === k; k++) col[k] = sums[k];
    return col;
  });
  return { x, ys };
}

/** Aligned columns for omega per instance: raw omega and its trailing moving average per series. */
export function omegaColumns(
  report: LearningReport,
  window?: number,
): { x: number[]; raw: (number | null)[][]; average: (number | null)[][] } {
  const n = instanceCount(report);
  const x = Array.from({ length: n }, (_, i) => i + 1);
  const raw: (number | null)[][] = [];
  const average: (number | null)[][] = [];
  for (const s of report.series) {
    const recs = recordsByInstance(s.records);
    const avg = movingAverage(
      recs.map((r) => r.omega),
      window ?? defaultWindow(n),
    );
    const rawCol = new Array<number | null>(n).fill(null);
    const avgCol = new Array<number | null>(n).fill(null);
    recs.forEach((r, k) => {
      if (r.t < n) {
        rawCol[r.t] = r.omega;
        avgCol[r.t] = avg[k];
      }
    });
    raw.push(rawCol);
    average.push(avgCol);
  }
  return { x, raw, average };
}

/** Points (context, omega) of every contextual series, sorted by context, for the scatter. */
export function contextScatter(report: LearningReport): { names: string[]; x: number[]; ys: (number | null)[][] } {
  const contextual = report.series.filter((s) => s.contextual);
  const points: { c: number; omega: number; s: number }[] = [];
  contextual.forEach((s, si) => {
    for (const r of s.records)
      if (r.context !== undefined && Number.isFinite(r.context)) points.push({ c: r.context, omega: r.omega, s: si });
  });
  points.sort((a, b) => a.c - b.c);
  const ys = contextual.map(() => new Array<number | null>(points.length).fill(null));
  points.forEach((p, k) => {
    ys[p.s][k] = p.omega;
  });
  return { names: contextual.map((s) => s.name), x: points.map((p) => p.c), ys };
}

/** Totals per series: the report's own when given, else summed from the records. */
export function seriesTotals(report: LearningReport): LearningTotal[] {
  return report.series.map((s) => report.totals?.find((t) => t.name === s.name) ?? totalOf(s));
}

function totalOf(s: LearningSeries): LearningTotal {
  let iterations = 0;
  let extraSweeps = 0;
  let unconverged = 0;
  const recs = recordsByInstance(s.records);
  for (const r of recs) {
    iterations += r.iterations;
    extraSweeps += r.extraSweeps;
    if (!r.converged) unconverged++;
  }
  return { name: s.name, instances: recs.length, iterations, extraSweeps, unconverged };
}

export interface TotalsRow extends LearningTotal {
  role: LearningSeries['role'];
  hindsight?: string;
  cost: number;
  /** cost / learner's cost over the same number of instances; undefined when not comparable. */
  ratioToLearner?: number;
}

/**
 * Table rows with cost (iterations + extra sweeps) and the ratio to the first learner. Ratios are
 * only given for series that covered as many instances as the learner, so a live run never compares
 * a finished comparator with a half-finished learner.
 */
export function totalsRows(report: LearningReport): TotalsRow[] {
  const totals = seriesTotals(report);
  const learnerIndex = report.series.findIndex((s) => s.role === 'learner');
  const learner = learnerIndex >= 0 ? totals[learnerIndex] : undefined;
  const learnerCost = learner ? learner.iterations + learner.extraSweeps : 0;
  return totals.map((t, i) => {
    const cost = t.iterations + t.extraSweeps;
    const comparable = learner !== undefined && learnerCost > 0 && t.instances === learner.instances;
    return {
      ...t,
      role: report.series[i].role,
      hindsight: report.series[i].hindsight,
      cost,
      ratioToLearner: comparable ? cost / learnerCost : undefined,
    };
  });
}

/**
 * The last `count` instances as table rows: instance number (1-based), context, the learner's ω,
 * then each series' iterations (null where a series has no record for that instance). The text
 * alternative of the per-instance charts.
 */
export function recentInstanceRows(
  report: LearningReport,
  count: number,
): { headers: string[]; rows: (number | null)[][] } {
  const learner = report.series.find((s) => s.role === 'learner');
  const byT = report.series.map((s) => new Map(s.records.map((r) => [r.t, r])));
  const instances = new Set<number>();
  for (const s of report.series) for (const r of s.records) instances.add(r.t);
  const ts = [...instances].sort((a, b) => a - b).slice(-Math.max(0, count));
  const learnerIndex = learner ? report.series.indexOf(learner) : -1;
  const rows = ts.map((t) => {
    const any = byT.map((m) => m.get(t)).find((r) => r !== undefined);
    return [
      t + 1,
      any?.context ?? null,
      learnerIndex >= 0 ? (byT[learnerIndex].get(t)?.omega ?? null) : null,
      ...byT.map((m) => m.get(t)?.iterations ?? null),
    ];
  });
  const headers = [
    'Instance',
    'Context',
    learner ? `${learner.name} ω` : 'ω',
    ...report.series.map((s) => `${s.name} iterations`),
  ];
  return { headers, rows };
}
