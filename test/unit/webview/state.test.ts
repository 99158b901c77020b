import { describe, expect, it } from 'vitest';
import type { LearningReport, SingleMatrixReport } from '../../../src/protocol';
import {
  initialState,
  isInboundMessage,
  isOutboundMessage,
  reduce,
  type PanelState,
} from '../../../src/shared/panelState';

const single: SingleMatrixReport = {
  kind: 'single',
  title: 'gr_30_30.mtx',
  facts: [{ label: 'rows', value: '900' }],
  residuals: [],
};

const learning = (): LearningReport => ({
  kind: 'learning',
  title: 'shift.relax.json',
  instances: 10,
  method: 'sor',
  series: [
    {
      name: 'chebcb',
      role: 'learner',
      contextual: true,
      records: [{ t: 0, omega: 1.3, iterations: 40, converged: true, extraSweeps: 0 }],
    },
  ],
  totals: [{ name: 'chebcb', instances: 1, iterations: 40, extraSweeps: 0, unconverged: 0 }],
});

describe('reduce', () => {
  it('replaces the report and clears progress and notices', () => {
    const s: PanelState = { status: 'running', progress: { message: 'x' }, notice: 'old' };
    expect(reduce(s, { type: 'report', report: single })).toEqual({
      report: single,
      status: 'completed',
      notice: undefined,
      progress: undefined,
    });
    expect(reduce(s, { type: 'report', report: single, status: 'running' }).status).toBe('running');
  });

  it('appends records to the named series without mutating the old state', () => {
    const s0 = reduce(initialState, { type: 'report', report: learning(), status: 'running' });
    const s1 = reduce(s0, {
      type: 'records',
      batches: [
        { series: 'chebcb', records: [{ t: 1, omega: 1.5, iterations: 30, converged: true, extraSweeps: 0 }] },
        { series: 'omega=1', records: [{ t: 0, omega: 1, iterations: 90, converged: true, extraSweeps: 0 }] },
      ],
    });
    const r0 = s0.report as LearningReport;
    const r1 = s1.report as LearningReport;
    expect(r0.series[0].records).toHaveLength(1);
    expect(r1.series[0].records.map((r) => r.t)).toEqual([0, 1]);
    expect(r1.series[1]).toMatchObject({ name: 'omega=1', role: 'comparator', records: [{ t: 0, iterations: 90 }] });
    // Totals from the report would now be stale.
    expect(r1.totals).toBeUndefined();
    expect(s1.status).toBe('running');
  });

  it('creates a new series with the role and context flag the batch gives', () => {
    const s0 = reduce(initialState, { type: 'report', report: { ...learning(), series: [] }, status: 'running' });
    const s1 = reduce(s0, {
      type: 'records',
      batches: [
        {
          series: 'chebcb',
          role: 'learner',
          contextual: true,
          records: [{ t: 0, context: 0.3, omega: 1.4, iterations: 9, converged: true, extraSweeps: 0 }],
        },
        { series: 'best fixed', hindsight: 'hindsight', records: [] },
      ],
    });
    const series = (s1.report as LearningReport).series;
    expect(series.map((s) => [s.name, s.role, s.contextual, s.hindsight])).toEqual([
      ['chebcb', 'learner', true, undefined],
      ['best fixed', 'comparator', false, 'hindsight'],
    ]);
    // Role fields on a later batch do not change an existing series.
    const s2 = reduce(s1, {
      type: 'records',
      batches: [{ series: 'chebcb', role: 'comparator', contextual: false, records: [] }],
    });
    expect((s2.report as LearningReport).series[0]).toMatchObject({ role: 'learner', contextual: true });
  });

  it('appends heat map rows on the same omega grid and restarts it on a new grid', () => {
    const s0 = reduce(initialState, { type: 'report', report: learning() });
    const s1 = reduce(s0, {
      type: 'records',
      batches: [],
      heatmapRows: { omegas: [1, 1.5], instances: [0], iterations: [10, 5] },
    });
    const s2 = reduce(s1, {
      type: 'records',
      batches: [],
      heatmapRows: { omegas: [1, 1.5], instances: [1], iterations: [11, null] },
    });
    expect((s2.report as LearningReport).heatmap).toEqual({
      omegas: [1, 1.5],
      instances: [0, 1],
      iterations: [10, 5, 11, null],
    });
    const s3 = reduce(s2, {
      type: 'records',
      batches: [],
      heatmapRows: { omegas: [1.2], instances: [2], iterations: [7] },
    });
    expect((s3.report as LearningReport).heatmap).toEqual({ omegas: [1.2], instances: [2], iterations: [7] });
  });

  it('ignores records when no learning report is shown', () => {
    const s = reduce(initialState, { type: 'report', report: single });
    expect(reduce(s, { type: 'records', batches: [{ series: 'a', records: [] }] })).toBe(s);
    expect(reduce(initialState, { type: 'records', batches: [] })).toBe(initialState);
  });

  it('tracks progress, end status and notices', () => {
    const s1 = reduce(initialState, { type: 'progress', message: 'instance 3/10', fraction: 0.3 });
    expect(s1).toMatchObject({ status: 'running', progress: { message: 'instance 3/10', fraction: 0.3 } });
    const s2 = reduce(s1, { type: 'status', status: 'cancelled', message: 'Cancelled after 3 instances' });
    expect(s2).toMatchObject({ status: 'cancelled', notice: 'Cancelled after 3 instances', progress: undefined });
    expect(reduce(s2, { type: 'notice', message: 'Saved' }).notice).toBe('Saved');
  });
});

describe('isInboundMessage', () => {
  it('accepts the known tags and rejects anything else', () => {
    expect(isInboundMessage({ type: 'report', report: single })).toBe(true);
    expect(isInboundMessage({ type: 'cancel' })).toBe(false);
    expect(isInboundMessage(null)).toBe(false);
    expect(isInboundMessage('report')).toBe(false);
  });
});

describe('isOutboundMessage', () => {
  it('accepts commands and well-formed exports only', () => {
    expect(isOutboundMessage({ type: 'cancel' })).toBe(true);
    expect(isOutboundMessage({ type: 'export', format: 'csv', suggestedName: 'a.csv', content: 'x' })).toBe(true);
    expect(isOutboundMessage({ type: 'export', format: 'exe', suggestedName: 'a', content: 'x' })).toBe(false);
    expect(isOutboundMessage({ type: 'export', format: 'png', suggestedName: 'a.png' })).toBe(false);
    expect(isOutboundMessage({ type: 'report' })).toBe(false);
    expect(isOutboundMessage(undefined)).toBe(false);
  });
});

describe('a report with its notice', () => {
  it('one report message sets the report, the status and the notice together', () => {
    const report: LearningReport = { kind: 'learning', title: 't', instances: 3, method: 'sor', series: [] };
    const s = reduce(
      { status: 'running', notice: 'old', progress: { message: '2 of 3' } },
      { type: 'report', report, status: 'cancelled', message: 'Cancelled at instance 2' },
    );
    expect(s).toEqual({ report, status: 'cancelled', notice: 'Cancelled at instance 2', progress: undefined });
  });
});
