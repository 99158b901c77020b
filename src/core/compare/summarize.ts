import type { LearningRecord, PolicyResult } from './types';

/** Totals of a policy from its per-instance records; an unconverged instance is already charged the cap. */
export function summarize(
  learner: string,
  hindsight: boolean,
  records: LearningRecord[],
  learnerSeconds: number,
  omega?: number,
): PolicyResult {
  let totalIterations = 0;
  let extraSweeps = 0;
  let seconds = 0;
  let unconverged = 0;
  for (const r of records) {
    totalIterations += r.iterations;
    extraSweeps += r.extraSweeps;
    seconds += r.seconds ?? 0;
    if (!r.converged) unconverged++;
  }
  const solveSeconds = seconds - learnerSeconds;
  const w = Math.min(200, Math.max(1, Math.floor(records.length / 2)));
  return {
    totals: {
      learner,
      hindsight,
      instances: records.length,
      totalIterations,
      extraSweeps,
      totalCost: totalIterations + extraSweeps,
      seconds,
      unconverged,
      learnerSeconds,
      learnerShare: solveSeconds > 0 ? learnerSeconds / solveSeconds : 0,
      ...(omega !== undefined ? { omega } : {}),
      firstMean: meanCost(records, 0, w),
      lastMean: meanCost(records, records.length - w, records.length),
    },
    records,
  };
}

function meanCost(records: LearningRecord[], from: number, to: number): number {
  const a = Math.max(0, from);
  if (to <= a) return NaN;
  let s = 0;
  for (let i = a; i < to; i++) s += records[i].iterations + records[i].extraSweeps;
  return s / (to - a);
}
