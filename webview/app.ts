// The panel shell: title, status line, buttons, and the view for the current report.
import type { PanelOutboundMessage, Report } from '../src/protocol';
import { exportStem, reportToCsv, reportToJson } from './data/exportData';
import type { PanelState } from '../src/shared/panelState';
import { statusLine } from './statusLine';
import { custom, h } from './views/dom';
import { LearningView } from './views/learningView';
import { SingleView } from './views/singleView';
import { readTheme, type ChartTheme } from './views/theme';
import type { View, ViewContext } from './views/view';

export class App {
  private readonly title = h('h1', {}, 'Relax report');
  private readonly statusLine = h('div', { class: 'status', role: 'status', 'aria-live': 'polite' });
  private readonly main = h('div', { class: 'view' });
  private readonly buttons: Record<'cancel' | 'rerun' | 'petsc' | 'csv' | 'json', HTMLElement>;
  private view?: View;
  private viewKind?: Report['kind'];
  private theme: ChartTheme;
  private state?: PanelState;

  constructor(
    root: HTMLElement,
    private readonly post: (m: PanelOutboundMessage) => void,
  ) {
    this.theme = readTheme();
    const button = (label: string, title: string, onClick: () => void, secondary = true): HTMLElement => {
      const b = custom('vscode-button', secondary ? { secondary: '', title } : { title }, label);
      b.addEventListener('click', () => {
        if (!b.hasAttribute('disabled')) onClick();
      });
      return b;
    };
    this.buttons = {
      cancel: button('Cancel', 'Stop the running job', () => this.post({ type: 'cancel' }), false),
      rerun: button('Re-run', 'Run this report again with the same settings', () => this.post({ type: 'rerun' })),
      petsc: button('Copy PETSc options', 'Copy the PETSc options for the chosen ω', () =>
        this.post({ type: 'copyPetsc' }),
      ),
      csv: button('Export CSV', 'Save the data as CSV', () => this.exportText('csv')),
      json: button('Export JSON', 'Save the data as JSON', () => this.exportText('json')),
    };
    const toolbar = h(
      'div',
      { class: 'toolbar', role: 'toolbar', 'aria-label': 'Report actions' },
      ...Object.values(this.buttons),
    );
    root.replaceChildren(h('header', { class: 'top' }, this.title, toolbar, this.statusLine), this.main);
  }

  /** Draws `state`, updating the current view in place when the report keeps its shape. */
  render(state: PanelState): void {
    this.state = state;
    const report = state.report;
    this.renderHeader(state);
    if (!report) {
      this.view?.destroy();
      this.view = undefined;
      this.viewKind = undefined;
      this.main.replaceChildren(
        h(
          'p',
          { class: 'empty' },
          'No report yet. Run “Relax: Tune ω” on a .mtx file or “Relax: Learn ω” on a .relax.json sequence.',
        ),
      );
      document.body.dataset.relaxView = 'empty';
      return;
    }
    try {
      if (this.view?.accepts(report)) {
        this.view.update(report);
      } else {
        // Keep the open tab when a live run adds a series and the view is rebuilt.
        const tab = this.main.querySelector('vscode-tabs')?.getAttribute('selected-index');
        const sameKind = this.viewKind === report.kind;
        this.view?.destroy();
        this.view = this.createView(report);
        this.viewKind = report.kind;
        if (tab && sameKind) this.view.element.setAttribute('selected-index', tab);
        this.main.replaceChildren(this.view.element);
      }
      document.body.dataset.relaxView = report.kind;
    } catch (e) {
      // A malformed report (say, state saved by another version) must not leave a blank panel.
      this.view = undefined;
      this.viewKind = undefined;
      const text = e instanceof Error ? e.message : String(e);
      this.main.replaceChildren(
        h('p', { class: 'empty', role: 'alert' }, `Could not draw this report: ${text}. Re-run to refresh it.`),
      );
      document.body.dataset.relaxView = 'error';
    }
  }

  /** Opens tab `index` of the current view (when it has tabs). */
  showTab(index: number): void {
    this.main.querySelector('vscode-tabs')?.setAttribute('selected-index', String(index));
  }

  /** Re-reads the theme's colours and redraws every chart with them. */
  retheme(): void {
    this.theme = readTheme();
    this.view?.setTheme(this.theme);
  }

  private createView(report: Report): View {
    const ctx: ViewContext = {
      theme: this.theme,
      exportPng: (name, dataUrl) =>
        this.post({
          type: 'export',
          format: 'png',
          suggestedName: `${exportStem(report)}-${slug(name)}.png`,
          content: dataUrl,
        }),
    };
    return report.kind === 'single' ? new SingleView(report, ctx) : new LearningView(report, ctx);
  }

  private renderHeader(state: PanelState): void {
    const report = state.report;
    this.title.textContent = report ? report.title : 'Relax report';
    const running = state.status === 'running';
    this.buttons.cancel.toggleAttribute('disabled', !running);
    this.buttons.rerun.toggleAttribute('disabled', running || !report);
    // Options exist only for a converged ω; a result that never converged offers none.
    this.buttons.petsc.toggleAttribute('hidden', !report?.petscOptions);
    this.buttons.petsc.toggleAttribute('disabled', !report?.petscOptions);
    this.buttons.csv.toggleAttribute('disabled', !report);
    this.buttons.json.toggleAttribute('disabled', !report);
    const line = statusLine(state);
    // The parts sit in a flex row (the gap spaces them on screen); the ' ' between them is what
    // textContent, copy and screen readers read, which ran "Cancelled" into "stopped following".
    const parts: (HTMLElement | string)[] = [];
    const add = (part: HTMLElement): void => {
      if (parts.length > 0) parts.push(' ');
      parts.push(part);
    };
    if (line.lead) add(h('span', {}, line.lead));
    if (running && state.progress?.fraction !== undefined) {
      const bar = h('progress', { max: '1', 'aria-label': 'Progress' });
      bar.value = Math.min(1, Math.max(0, state.progress.fraction));
      add(bar);
    }
    if (line.notice) add(h('span', { class: 'notice' }, line.notice));
    this.statusLine.dataset.status = state.status;
    this.statusLine.replaceChildren(...parts);
  }

  private exportText(format: 'csv' | 'json'): void {
    const report = this.state?.report;
    if (!report) return;
    const content = format === 'csv' ? reportToCsv(report) : reportToJson(report);
    this.post({ type: 'export', format, suggestedName: `${exportStem(report)}.${format}`, content });
  }
}

function slug(name: string): string {
  return name
    .toLowerCase()
    .replace(/ω/g, 'omega')
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '');
}
