// What the panel's status line says: the run's state (or its live progress) and the latest notice.
import type { PanelState } from '../src/shared/panelState';

const statusWord: Record<PanelState['status'], string> = {
  idle: '',
  running: 'Running…',
  completed: 'Done',
  cancelled: 'Cancelled',
  failed: 'Failed',
};

/** The status line's two parts: `lead` (progress or the state word, '' for none) and `notice` ('' for none). */
export interface StatusLine {
  lead: string;
  notice: string;
}

/** The status line for `state`; lead then notice, one space apart, read as one sentence. */
export function statusLine(state: PanelState): StatusLine {
  const notice = state.notice ?? '';
  if (state.progress) return { lead: state.progress.message, notice };
  // A cancelled run's notice says where it stopped ("Cancelled at instance 812"): no second "Cancelled".
  if (state.status === 'cancelled' && /cancel/i.test(notice)) return { lead: '', notice };
  const word = statusWord[state.status];
  // "Cancelled: stopped following; …": the state word introduces the notice that explains it.
  return { lead: word && notice ? `${word}:` : word, notice };
}
