// What the person did to the panel, kept across hide/show (the webview is not retained when hidden,
// so it reloads on show): the open tab and the scroll position, for the report they were made on.
import type { PanelState } from '../src/shared/panelState';
import type { Report } from '../src/protocol';

/** The open tab and scroll position, and the report (by title and source) they belong to. */
export interface ViewState {
  report: string;
  tab: number;
  scrollY: number;
}

/** What the webview saves with setState: the panel state plus its view state. */
export type SavedState = PanelState & { view?: ViewState };

/** A report's identity for the view state: a re-run keeps it, another report does not. */
export function reportKey(report: Report | undefined): string {
  return report ? `${report.kind}\u0000${report.title}\u0000${report.source ?? ''}` : '';
}

/** The view state saved with `saved`, if it is well formed. */
export function savedViewState(saved: unknown): ViewState | undefined {
  if (typeof saved !== 'object' || saved === null) return undefined;
  const v = (saved as { view?: unknown }).view;
  if (typeof v !== 'object' || v === null) return undefined;
  const { report, tab, scrollY } = v as Record<string, unknown>;
  if (typeof report !== 'string' || !Number.isInteger(tab) || typeof scrollY !== 'number') return undefined;
  return { report, tab: tab as number, scrollY: Math.max(0, scrollY) };
}
