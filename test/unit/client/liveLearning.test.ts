import { describe, expect, it } from 'vitest';
import {
  HINDSIGHT_LABEL,
  LearnStream,
  learningReportOf,
  partialLearnRecord,
  partialResultPath,
  progressText,
  type LiveSink,
} from '../../../src/client/liveLearning';
import type {
  IterationHeatmapRows,
  LearnRecord,
  LearnRecordsParams,
  LearningRecord,
  RunSettings,
} from '../../../src/protocol';

const SETTINGS: RunSettings = {
  tolerance: 1e-8,
  maxIterations: 500,
  omegaRange: [1, 1.9],
  gridPoints: 3,
  rhs: { kind: 'ones' },
  seed: 0,
  warmStart: false,
};

function rec(t: number, iterations: number, extra = 0, converged = true): LearningRecord {
  return { t, context: t / 10, omega: 1.5, iterations, converged, extraSweeps: extra };
}

/** A sink that records every call, in order. */
function recordingSink(): LiveSink & {
  calls: string[];
  appended: Map<string, LearningRecord[]>;
  rows: IterationHeatmapRows[];
} {
  const calls: string[] = [];
  const appended = new Map<string, LearningRecord[]>();
  const rows: IterationHeatmapRows[] = [];
  return {
    calls,
    appended,
    rows,
    appendRecords(series, records) {
      const name = typeof series === 'string' ? series : series.name;
      calls.push(
        typeof series === 'string'
          ? `records ${name}`
          : `new ${name} ${series.role} ${series.contextual} ${series.hindsight ?? '-'}`,
      );
      appended.set(name, [...(appended.get(name) ?? []), ...records]);
    },
    appendHeatmapRows(r) {
      calls.push(`heatmap ${r.instances.join(',')}`);
      rows.push(r);
    },
    progress(message, fraction) {
      calls.push(`progress ${message} ${fraction}`);
    },
  };
}

const first: LearnRecordsParams = {
  streamId: 'a',
  uri: 'file:///w/s.relax.json',
  done: 2,
  instances: 4,
  batches: [
    { series: 'auto', role: 'learner', contextual: true, records: [rec(0, 30, 5), rec(1, 20)] },
    { series: 'young', role: 'comparator', contextual: false, records: [rec(0, 25, 7), rec(1, 22, 7)] },
  ],
  heatmapRows: { omegas: [1, 1.5, 1.9], instances: [0, 1], iterations: [90, 30, 60, 80, 20, 70] },
};
const second: LearnRecordsParams = {
  streamId: 'a',
  uri: 'file:///w/s.relax.json',
  done: 4,
  instances: 4,
  batches: [
    { series: 'auto', records: [rec(2, 10), rec(3, 500, 0, false)] },
    {
      series: 'best-fixed',
      role: 'comparator',
      contextual: false,
      hindsight: 'hindsight',
      records: [0, 1, 2, 3].map((t) => rec(t, 40)),
    },
  ],
  final: true,
};

describe('LearnStream', () => {
  it('keeps every record per series in arrival order and forwards the first batch of a series with its description', () => {
    const s = new LearnStream('a');
    const sink = recordingSink();
    expect(s.accept(first, sink)).toBe(true);
    expect(s.accept(second, sink)).toBe(true);
    expect(s.series.map((x) => [x.name, x.role, x.contextual, x.hindsight])).toEqual([
      ['auto', 'learner', true, undefined],
      ['young', 'comparator', false, undefined],
      ['best-fixed', 'comparator', false, 'hindsight'],
    ]);
    expect(s.learner()?.records.map((r) => r.t)).toEqual([0, 1, 2, 3]);
    expect(sink.calls).toEqual([
      'new auto learner true -',
      'new young comparator false -',
      'heatmap 0,1',
      'progress 2 of 4 instances, 55 iterations so far 0.5',
      'records auto',
      'new best-fixed comparator false hindsight',
      'progress 4 of 4 instances, 565 iterations so far 1',
    ]);
    expect(sink.appended.get('auto')).toEqual(s.learner()?.records);
    expect(s.ended).toBe(true);
    expect(s.heatmap).toEqual({ omegas: [1, 1.5, 1.9], instances: [0, 1], iterations: [90, 30, 60, 80, 20, 70] });
  });

  it('shows the learner cost so far in whole iterations (extra sweeps are fractional sweep-equivalents)', () => {
    const s = new LearnStream('a');
    s.accept({
      ...first,
      batches: [{ series: 'auto', role: 'learner', contextual: true, records: [rec(0, 30, 0.4), rec(1, 20, 0.3)] }],
    });
    expect(progressText(s)).toBe('2 of 4 instances, 51 iterations so far');
  });

  it('ignores notifications of another run', () => {
    const s = new LearnStream('b');
    const sink = recordingSink();
    expect(s.accept(first, sink)).toBe(false);
    expect(s.series).toHaveLength(0);
    expect(sink.calls).toHaveLength(0);
    expect(progressText(s)).toBe('0 of 0 instances');
  });
});

describe('partial result of a run that lost its server', () => {
  it('charges what was received, the cap included, and keeps the comparators and grid', () => {
    const s = new LearnStream('a');
    s.accept(first);
    s.accept({ ...second, final: undefined, batches: [second.batches[0]] });
    const r = partialLearnRecord(
      s,
      {
        source: '/w/s.relax.json',
        learner: 'auto',
        method: 'sor',
        settings: SETTINGS,
        software: { name: 'relax', version: '1' },
        seconds: 2,
      },
      'server stopped',
      new Date(0),
    );
    expect(r).toMatchObject({
      kind: 'learn',
      learner: 'auto',
      instances: 4,
      cancelled: true,
      totalIterations: 560,
      extraSweeps: 5,
      unconverged: 1,
      createdAt: '1970-01-01T00:00:00.000Z',
    });
    expect(r.steps.map((x) => x.t)).toEqual([0, 1, 2, 3]);
    expect(r.steps[0]).toEqual({ t: 0, context: 0, omega: 1.5, iterations: 30, converged: true, extraSweeps: 5 });
    expect(r.details).toEqual({
      comparators: [
        {
          name: 'young',
          hindsight: false,
          steps: [
            { t: 0, context: 0, omega: 1.5, iterations: 25, converged: true, extraSweeps: 7 },
            { t: 1, context: 0.1, omega: 1.5, iterations: 22, converged: true, extraSweeps: 7 },
          ],
          totalIterations: 47,
          extraSweeps: 14,
          unconverged: 0,
        },
      ],
      grid: { omegas: [1, 1.5, 1.9], iterations: [90, 30, 60, 80, 20, 70] },
      failed: 'server stopped',
    });
  });

  it('is saved beside the complete result under the workspace .relax folder, never over it', () => {
    expect(partialResultPath('/w/seq/s.relax.json', 'auto', ['/w'])).toBe(
      '/w/.relax/seq/s.relax.json.learn-auto.partial.json',
    );
    expect(partialResultPath('/elsewhere/s.relax.json', 'chebcb', ['/w'])).toBe(
      '/elsewhere/.relax/s.relax.json.learn-chebcb.partial.json',
    );
  });
});

describe('learningReportOf', () => {
  const base: LearnRecord = {
    kind: 'learn',
    schemaVersion: 2,
    software: { name: 'relax', version: '1' },
    createdAt: '',
    source: '/w/s.relax.json',
    learner: 'auto',
    inputs: { tolerance: 1e-8, maxIterations: 500, omegaRange: [1, 1.9], seed: 0, warmStart: false },
    method: 'sor',
    instances: 2,
    cancelled: false,
    steps: [
      { t: 0, context: 0.2, omega: 1.4, iterations: 40, converged: true, extraSweeps: 3 },
      { t: 1, context: 0.3, omega: 1.6, iterations: 500, converged: false, extraSweeps: 0 },
    ],
    totalIterations: 540,
    extraSweeps: 3,
    unconverged: 1,
    seconds: 1,
  };

  it('shows the learner beside every comparator, hindsight ones labelled, with totals, heat map and notes', () => {
    const r = learningReportOf(
      {
        ...base,
        details: {
          comparators: [
            {
              name: 'young',
              hindsight: false,
              steps: [{ t: 0, omega: 1.7, iterations: 30, converged: true, extraSweeps: 9 }],
              totalIterations: 30,
              extraSweeps: 9,
              unconverged: 0,
            },
            {
              name: 'best-fixed',
              hindsight: true,
              omega: 1.5,
              steps: [{ t: 0, omega: 1.5, iterations: 35, converged: true, extraSweeps: 0 }],
              totalIterations: 35,
              extraSweeps: 0,
              unconverged: 0,
            },
          ],
          grid: { omegas: [1, 1.5, 1.9], iterations: [90, 35, 60, 80, 30, 70] },
        },
      },
      'T',
      'file:///w/s.relax.json',
    );
    expect(r.series.map((s) => [s.name, s.role, s.contextual, s.hindsight])).toEqual([
      ['auto', 'learner', true, undefined],
      ['young', 'comparator', false, undefined],
      ['best-fixed', 'comparator', false, HINDSIGHT_LABEL],
    ]);
    expect(r.series[0].records[1]).toEqual({
      t: 1,
      context: 0.3,
      omega: 1.6,
      iterations: 500,
      converged: false,
      extraSweeps: 0,
    });
    expect(r.totals).toEqual([
      { name: 'auto', instances: 2, iterations: 540, extraSweeps: 3, unconverged: 1 },
      { name: 'young', instances: 1, iterations: 30, extraSweeps: 9, unconverged: 0 },
      { name: 'best-fixed', instances: 1, iterations: 35, extraSweeps: 0, unconverged: 0 },
    ]);
    expect(r.heatmap).toEqual({
      omegas: [1, 1.5, 1.9],
      instances: [0, 1],
      iterations: [90, 35, 60, 80, 30, 70],
      maxIterations: 500,
    });
    expect(r.hindsight).toEqual(['best-fixed ω = 1.5: 35 iterations (known only in hindsight)']);
  });

  it('is the learner alone for a record without details, and names a partial run', () => {
    const plain = learningReportOf(base, 'T', 'u');
    expect(plain.series).toHaveLength(1);
    expect(plain.heatmap).toBeUndefined();
    expect(plain.hindsight).toBeUndefined();
    const partial = learningReportOf({ ...base, details: { comparators: [], failed: 'server stopped' } }, 'T', 'u');
    expect(partial.hindsight).toEqual(['partial run: server stopped']);
  });

  it('says which default comparators were not run and why', () => {
    const r = learningReportOf(
      { ...base, details: { comparators: [], skipped: [{ name: 'best-fixed', reason: 'not run: too costly' }] } },
      'T',
      'u',
    );
    expect(r.hindsight).toEqual(['best-fixed: not run: too costly']);
  });
});
