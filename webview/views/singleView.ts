// Single matrix: residual histories, iterations versus omega, facts, sparsity pattern.
import type { ResidualHistory, Report, SingleMatrixReport } from '../../src/protocol';
import { residualColumns, tuneColumns, tuneMarkers } from '../data/single';
import { dataTable, fmt, h } from './dom';
import { LineChart, type SeriesSpec } from './lineChart';
import { SpyPlot } from './spyPlot';
import type { ChartTheme } from './theme';
import { chartsGrid, tabs, type View, type ViewContext } from './view';

const roleColor: Record<ResidualHistory['role'], number> = { tuned: 0, omega1: 1, young: 2, other: 3 };

function historySpec(hist: ResidualHistory): SeriesSpec {
  return {
    label: hist.converged ? hist.label : `${hist.label} (${stopText(hist.reason)})`,
    color: roleColor[hist.role],
    kind: 'line',
    // Dashed for the CG family so SOR and SSOR-CG at the same omega stay distinguishable without colour.
    dash: hist.method === 'sor' ? undefined : [6, 4],
  };
}

/** PETSc options as people read them: -pc_sor_omega to 4 significant digits (the copy keeps full precision). */
function omegaShown(options: string): string {
  return options.replace(/(-pc_sor_omega[ =])([0-9.eE+-]+)/g, (_m, flag: string, w: string) => flag + fmt(Number(w)));
}

/** How an unconverged solve ended, in the words the panel uses. */
function stopText(reason: ResidualHistory['reason']): string {
  switch (reason) {
    case 'stagnated':
      return 'stagnated';
    case 'diverged':
      return 'diverged';
    case 'not-positive-definite':
      return 'not positive definite';
    default:
      return 'not converged';
  }
}

function lastResidual(hist: ResidualHistory): number | undefined {
  return hist.residuals.length > 0 ? hist.residuals[hist.residuals.length - 1] : undefined;
}

export class SingleView implements View {
  readonly element: HTMLElement;
  private residualChart?: LineChart;
  private tuneChart?: LineChart;
  private spy?: SpyPlot;
  private readonly key: string;

  constructor(
    private report: SingleMatrixReport,
    private readonly ctx: ViewContext,
  ) {
    this.key = SingleView.shapeKey(report);
    const charts = chartsGrid(this.buildResiduals(), this.buildTune(), this.buildSpy(), this.buildFacts());
    this.element = tabs([
      { title: 'Charts', content: h('div', {}, this.buildVerdict(), charts) },
      { title: 'Data', content: this.buildData() },
    ]);
  }

  /** Why nothing converged (or why the method was refused), above the charts; nothing when a solve converged. */
  private buildVerdict(): HTMLElement | undefined {
    const tune = this.report.tune;
    if (!tune || tune.converged) return undefined;
    const name = tune.method === 'sor' ? 'SOR' : 'SSOR-CG';
    const head = tune.reason === 'not-applicable' ? `${name} refused` : `${name}: no ω converged (${tune.reason})`;
    return h('p', { class: 'verdict', role: 'status' }, h('strong', {}, head), ' ', tune.message ?? '');
  }

  private static shapeKey(r: SingleMatrixReport): string {
    return JSON.stringify([
      r.title,
      r.residuals.map((h) => h.label),
      !!r.tune,
      r.spy?.width,
      r.spy?.height,
      r.facts.length,
    ]);
  }

  accepts(report: Report): boolean {
    return report.kind === 'single' && SingleView.shapeKey(report) === this.key;
  }

  update(report: Report): void {
    if (report.kind !== 'single') return;
    this.report = report;
    this.residualChart?.setData(residualColumns(report.residuals));
    if (this.tuneChart) this.tuneChart.setData(this.tuneData());
  }

  setTheme(theme: ChartTheme): void {
    this.residualChart?.setTheme(theme);
    this.tuneChart?.setTheme(theme);
    this.spy?.setTheme(theme);
  }

  destroy(): void {
    this.residualChart?.destroy();
    this.tuneChart?.destroy();
    this.spy?.destroy();
  }

  private buildResiduals(): HTMLElement | undefined {
    const r = this.report;
    if (r.residuals.length === 0) return undefined;
    const best = r.residuals.find((hh) => hh.role === 'tuned' && hh.converged);
    this.residualChart = new LineChart(
      {
        title: 'Residual history',
        description: `Relative residual per iteration, log scale.${best ? ` The tuned ω = ${fmt(best.omega)} needs ${fmt(best.iterations)} iterations.` : ''} Exact numbers are in the Data tab.`,
        xLabel: 'iteration',
        yLabel: 'relative residual',
        yLog: true,
        series: r.residuals.map(historySpec),
      },
      this.ctx.theme,
      this.ctx.exportPng,
    );
    this.residualChart.setData(residualColumns(r.residuals));
    return this.residualChart.figure;
  }

  private tuneData(): { x: number[]; ys: (number | null)[][] } {
    const c = tuneColumns(this.report, tuneMarkers(this.report));
    return { x: c.x, ys: [c.converged, c.capped, c.abandoned, c.chosen, ...c.marks] };
  }

  private buildTune(): HTMLElement | undefined {
    const tune = this.report.tune;
    // A refused method ran no solve: there is no curve to draw (the verdict says why).
    if (!tune || tune.reason === 'not-applicable') return undefined;
    const markers = tuneMarkers(this.report);
    const chosen = tune.converged && tune.omega !== undefined ? `chosen ω = ${fmt(tune.omega)}` : 'no ω converged';
    const description = tune.converged
      ? `${tune.curve.length} evaluated ω (${tune.method === 'sor' ? 'SOR' : 'SSOR-CG'}); the ring marks the chosen ω = ${fmt(tune.omega)} with ${fmt(tune.iterations)} iterations.`
      : `${tune.curve.length} evaluated ω (${tune.method === 'sor' ? 'SOR' : 'SSOR-CG'}), none converged: every point is drawn at the cap of ${fmt(tune.maxIterations)} with the not-converged marker.`;
    this.tuneChart = new LineChart(
      {
        title: 'Iterations versus ω',
        description,
        xLabel: 'ω',
        yLabel: 'iterations',
        // Iteration counts near omega = 0 or 2 dwarf the optimum's; a log axis keeps the minimum readable.
        yLog: SingleView.wideRange(tune.curve.map((p) => p.iterations)),
        series: [
          { label: 'iterations', color: 0, kind: 'line', spanGaps: true, showPoints: true },
          { label: 'not converged (cap)', color: 'error', kind: 'points' },
          { label: 'abandoned (> N: slower than the best or the cap)', color: 5, kind: 'points' },
          { label: chosen, color: 6, kind: 'marker' },
          ...markers.map((m): SeriesSpec => ({ label: m.label, color: roleColor[m.role], kind: 'marker' })),
        ],
      },
      this.ctx.theme,
      this.ctx.exportPng,
    );
    this.tuneChart.setData(this.tuneData());
    return this.tuneChart.figure;
  }

  private static wideRange(values: number[]): boolean {
    const positive = values.filter((v) => v > 0);
    return positive.length > 1 && Math.max(...positive) / Math.min(...positive) > 20;
  }

  private buildSpy(): HTMLElement | undefined {
    if (!this.report.spy) return undefined;
    this.spy = new SpyPlot(this.report.spy, this.ctx.theme, this.ctx.exportPng);
    return this.spy.figure;
  }

  private buildFacts(): HTMLElement {
    const table = dataTable(
      'Matrix facts',
      ['Property', 'Value'],
      this.report.facts.map((f) => [f.label, f.value]),
    );
    // Details become tooltips; screen readers get them through the title too.
    this.report.facts.forEach((f, i) => {
      if (f.detail) table.tBodies[0].rows[i].title = f.detail;
    });
    return h('figure', { class: 'chart' }, table);
  }

  private buildData(): HTMLElement {
    const r = this.report;
    const runs = dataTable(
      'Solves',
      ['Run', 'Method', 'ω', 'Iterations', 'Converged', 'Stop reason', 'Final relative residual'],
      r.residuals.map((hh) => [
        hh.label,
        hh.method,
        fmt(hh.omega),
        fmt(hh.iterations),
        hh.converged ? 'yes' : 'no',
        hh.reason ?? stopText(hh.reason),
        fmt(lastResidual(hh), 3),
      ]),
    );
    const curve = r.tune
      ? dataTable(
          `Iterations versus ω (${r.tune.method})`,
          ['ω', 'Iterations run', 'Converged', 'Stop reason', 'Final relative residual'],
          r.tune.curve
            .slice()
            .sort((a, b) => a.omega - b.omega)
            .map((p) => [
              fmt(p.omega, 5),
              fmt(p.iterations),
              p.converged ? 'yes' : 'no',
              p.reason ?? (p.converged ? 'converged' : 'not converged'),
              fmt(p.relativeResidual, 3),
            ]),
        )
      : undefined;
    return h(
      'div',
      { class: 'data-tab' },
      runs,
      curve,
      r.petscOptions
        ? h(
            'p',
            {},
            'PETSc options (ω to 4 digits here; the copy button copies it exactly): ',
            h('code', {}, omegaShown(r.petscOptions)),
          )
        : undefined,
    );
  }
}
