// What every report view offers the app shell.
import type { Report } from '../../src/protocol';
import { custom, h, type ExportPng } from './dom';
import type { ChartTheme } from './theme';

export interface ViewContext {
  theme: ChartTheme;
  exportPng: ExportPng;
}

export interface View {
  readonly element: HTMLElement;
  /** Whether `report` can be shown by updating this view in place (same kind and series). */
  accepts(report: Report): boolean;
  update(report: Report): void;
  setTheme(theme: ChartTheme): void;
  destroy(): void;
}

/** vscode-tabs with one header and one panel per entry; arrow keys move between tabs. */
export function tabs(entries: { title: string; content: HTMLElement }[]): HTMLElement {
  const el = custom('vscode-tabs', { 'selected-index': '0' });
  entries.forEach((e, i) => {
    el.append(custom('vscode-tab-header', { slot: 'header', id: `tab-${i}` }, e.title));
    el.append(custom('vscode-tab-panel', { 'aria-labelledby': `tab-${i}` }, e.content));
  });
  return el;
}

export function chartsGrid(...children: (HTMLElement | null | undefined)[]): HTMLElement {
  return h('div', { class: 'charts' }, ...children);
}
