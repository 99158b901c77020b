// Sequence learning: cumulative cost, omega per instance, omega versus context, iteration heat map,
// totals. Updated in place while the run streams records.
import type { LearningRecord, LearningReport, Report } from '../../src/protocol';
import {
  contextScatter,
  cumulativeColumns,
  omegaColumns,
  recentInstanceRows,
  totalsRows,
  type TotalsRow,
} from '../data/learning';
import { defaultWindow, thinColumns } from '../data/series';
import { dataTable, fmt, h } from './dom';
import { Heatmap } from './heatmap';
import { LineChart, type SeriesSpec } from './lineChart';
import type { ChartTheme } from './theme';
import { chartsGrid, tabs, type View, type ViewContext } from './view';

/** Points per chart: uPlot copes with far more, but beyond a few per pixel nothing more is visible. */
const MAX_POINTS = 4000;

/** Rows of the per-instance table: enough to read the latest behaviour, small enough to redraw live. */
const RECENT_INSTANCES = 20;

/**
 * The totals, narrow enough for a side-by-side panel: no Role column (the learner says so in its name
 * cell), and the Instances column only when the series ran different numbers of instances.
 */
function totalsTable(rows: TotalsRow[]): HTMLTableElement {
  const same = rows.length > 0 && rows.every((r) => r.instances === rows[0].instances);
  const over = same ? `${fmt(rows[0].instances)} instances each` : 'over the same instances';
  const headers = [
    'Method',
    ...(same ? [] : ['Instances']),
    'Iterations',
    'Extra sweeps',
    'Cost',
    'Not converged',
    'Ratio to learner',
  ];
  return dataTable(
    `Totals, ${over} (cost = iterations + extra sweeps; ratio = cost / learner cost)`,
    headers,
    rows.map((r) => [
      r.role === 'learner' ? `${r.name} (learner)` : r.hindsight ? `${r.name} (${r.hindsight})` : r.name,
      ...(same ? [] : [fmt(r.instances)]),
      fmt(r.iterations),
      fmt(r.extraSweeps),
      fmt(r.cost),
      fmt(r.unconverged),
      r.ratioToLearner === undefined ? '–' : `${r.ratioToLearner.toFixed(3)}×`,
    ]),
  );
}

export class LearningView implements View {
  readonly element: HTMLElement;
  private readonly cumulative: LineChart;
  private readonly omega: LineChart;
  private readonly context?: LineChart;
  private readonly heatmap?: Heatmap;
  private readonly totalsHost = h('div', { class: 'totals', 'aria-live': 'off' });
  private readonly totalsTabHost = h('div', { class: 'totals' });
  private readonly recentHost = h('div', { class: 'recent' });
  private readonly key: string;

  constructor(
    private report: LearningReport,
    private readonly ctx: ViewContext,
  ) {
    this.key = LearningView.shapeKey(report);
    const names = report.series.map((s) => s.name);
    this.cumulative = new LineChart(
      {
        title: 'Cumulative iterations',
        description:
          'Running total of iterations (plus any extra sweeps) per instance, for the learner and each comparator; lower is better. Totals are in the table.',
        xLabel: 'instance',
        yLabel: 'cumulative iterations',
        series: report.series.map((s, i): SeriesSpec => ({
          label: s.name,
          color: i,
          kind: 'line',
          dash: s.role === 'comparator' ? [6, 4] : undefined,
          width: s.role === 'learner' ? 2 : 1.5,
        })),
      },
      ctx.theme,
      ctx.exportPng,
    );
    this.omega = new LineChart(
      {
        title: 'ω per instance',
        description: 'ω chosen at each instance (dots, learners) and its moving average (lines).',
        xLabel: 'instance',
        yLabel: 'relaxation ω (omega)',
        series: report.series.flatMap((s, i): SeriesSpec[] =>
          s.role === 'learner'
            ? [
                { label: `${s.name} ω`, color: i, kind: 'points' },
                { label: `${s.name} average`, color: i, kind: 'line', width: 2 },
              ]
            : [{ label: `${s.name} average`, color: i, kind: 'line', dash: [6, 4] }],
        ),
      },
      ctx.theme,
      ctx.exportPng,
    );
    const scatter = contextScatter(report);
    if (scatter.names.length > 0 && scatter.x.length > 0) {
      this.context = new LineChart(
        {
          title: 'ω versus context',
          description: 'Each dot is one instance: its context value and the ω the contextual learner chose.',
          xLabel: 'context',
          yLabel: 'relaxation ω (omega)',
          series: scatter.names.map((n): SeriesSpec => ({ label: n, color: names.indexOf(n), kind: 'points' })),
        },
        ctx.theme,
        ctx.exportPng,
      );
    }
    if (report.heatmap) this.heatmap = new Heatmap(report.heatmap, this.learnerRecords(), ctx.theme, ctx.exportPng);
    const notes = report.hindsight?.length
      ? h('ul', { class: 'notes', 'aria-label': 'Hindsight' }, ...report.hindsight.map((n) => h('li', {}, n)))
      : undefined;
    const charts = chartsGrid(this.cumulative.figure, this.omega.figure, this.context?.figure, this.heatmap?.figure);
    this.element = tabs([
      { title: 'Charts', content: h('div', {}, this.totalsHost, charts) },
      { title: 'Totals', content: h('div', {}, this.totalsTabHost, notes, this.recentHost) },
    ]);
    this.fill();
  }

  private static shapeKey(r: LearningReport): string {
    const hasContext = r.series.some((s) => s.contextual && s.records.some((x) => x.context !== undefined));
    return JSON.stringify([r.title, r.series.map((s) => [s.name, s.role]), hasContext, !!r.heatmap, r.hindsight ?? []]);
  }

  accepts(report: Report): boolean {
    return report.kind === 'learning' && LearningView.shapeKey(report) === this.key;
  }

  update(report: Report): void {
    if (report.kind !== 'learning') return;
    this.report = report;
    this.fill();
  }

  setTheme(theme: ChartTheme): void {
    this.cumulative.setTheme(theme);
    this.omega.setTheme(theme);
    this.context?.setTheme(theme);
    this.heatmap?.setTheme(theme);
  }

  destroy(): void {
    this.cumulative.destroy();
    this.omega.destroy();
    this.context?.destroy();
    this.heatmap?.destroy();
  }

  private learnerRecords(): readonly LearningRecord[] {
    return this.report.series.find((s) => s.role === 'learner')?.records ?? [];
  }

  private fill(): void {
    const r = this.report;
    const cum = cumulativeColumns(r);
    this.cumulative.setData(thinColumns(cum.x, cum.ys, MAX_POINTS));
    const om = omegaColumns(r, defaultWindow(cum.x.length));
    const omegaYs = r.series.flatMap((s, i) => (s.role === 'learner' ? [om.raw[i], om.average[i]] : [om.average[i]]));
    this.omega.setData(thinColumns(om.x, omegaYs, MAX_POINTS));
    if (this.context) {
      const sc = contextScatter(r);
      this.context.setData(thinColumns(sc.x, sc.ys, MAX_POINTS));
    }
    if (this.heatmap && r.heatmap) this.heatmap.setData(r.heatmap, this.learnerRecords());
    const rows = totalsRows(r);
    this.totalsHost.replaceChildren(totalsTable(rows));
    this.totalsTabHost.replaceChildren(totalsTable(rows));
    const recent = recentInstanceRows(r, RECENT_INSTANCES);
    this.recentHost.replaceChildren(
      dataTable(
        `Last ${recent.rows.length} instances`,
        recent.headers,
        recent.rows.map((row) => row.map((v, i) => (v === null ? '–' : i === 1 || i === 2 ? fmt(v, 4) : fmt(v)))),
      ),
    );
  }
}
