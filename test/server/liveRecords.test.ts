import { describe, expect, it } from 'vitest';
import type { LearningRecord, RunProgress } from '../../src/core/compare/types';
import { LiveBatcher, type LiveChunk } from '../../src/server/liveRecords';

function inst(t: number, iterations: number): LearningRecord {
  return { t, context: t, omega: 1.5, iterations, converged: true, seconds: 0.01, extraSweeps: 2 };
}

function progress(done: number, withGrid: boolean): RunProgress {
  return {
    done,
    instances: 10,
    running: [],
    latest: [
      { learner: 'auto', record: inst(done - 1, 10 + done) },
      { learner: 'young', record: inst(done - 1, 20 + done) },
    ],
    ...(withGrid
      ? { gridRow: { omegas: new Float64Array([1, 1.5]), iterations: new Int32Array([100 + done, 50 + done]) } }
      : {}),
  };
}

describe('LiveBatcher', () => {
  it('emits at most one batch per interval, announces each series once, and loses nothing', () => {
    let clock = 0;
    const chunks: LiveChunk[] = [];
    const b = new LiveBatcher(
      10,
      (name) =>
        name === 'auto'
          ? { role: 'learner', contextual: true }
          : name === 'best-fixed'
            ? { role: 'comparator', contextual: false, hindsight: 'hindsight' }
            : { role: 'comparator', contextual: false },
      (c) => chunks.push(c),
      100,
      () => clock,
    );
    for (let done = 1; done <= 10; done++) {
      b.push(progress(done, true));
      clock += 30;
    }
    b.add('best-fixed', [inst(0, 7)]);
    b.flush(true);
    // Instances at t = 0, 30, ..., 270 ms: batches at 0, 120, 240 ms, then the final one.
    expect(chunks.map((c) => c.done)).toEqual([1, 5, 9, 10]);
    expect(chunks.map((c) => c.final === true)).toEqual([false, false, false, true]);
    const auto = chunks.flatMap((c) => c.batches.filter((x) => x.series === 'auto'));
    expect(auto.map((x) => x.role)).toEqual(['learner', undefined, undefined, undefined]);
    expect(auto[0].contextual).toBe(true);
    expect(auto.flatMap((x) => x.records.map((r) => r.t))).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
    expect(auto.flatMap((x) => x.records.map((r) => r.iterations))).toEqual([11, 12, 13, 14, 15, 16, 17, 18, 19, 20]);
    const heat = chunks.flatMap((c) => (c.heatmapRows ? [c.heatmapRows] : []));
    expect(heat.flatMap((h) => h.instances)).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
    expect(heat[1]).toEqual({
      omegas: [1, 1.5],
      instances: [1, 2, 3, 4],
      iterations: [102, 52, 103, 53, 104, 54, 105, 55],
    });
    const last = chunks.at(-1)!;
    expect(last.batches.find((x) => x.series === 'best-fixed')).toEqual({
      series: 'best-fixed',
      records: [inst(0, 7)],
      role: 'comparator',
      contextual: false,
      hindsight: 'hindsight',
    });
  });

  it('sends an empty final batch so the client sees the end', () => {
    const chunks: LiveChunk[] = [];
    const b = new LiveBatcher(
      3,
      () => ({ role: 'learner', contextual: false }),
      (c) => chunks.push(c),
    );
    b.flush(false);
    expect(chunks).toHaveLength(0);
    b.flush(true);
    expect(chunks).toEqual([{ done: 0, instances: 3, batches: [], final: true }]);
  });
});
