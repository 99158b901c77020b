// The status line's words: the state word introduces a notice, a cancel notice replaces it, progress leads.
import { describe, expect, it } from 'vitest';
import { initialState, reduce } from '../../../src/shared/panelState';
import { statusLine } from '../../../webview/statusLine';

describe('statusLine', () => {
  it('an attach panel after Cancel: "Cancelled:" then the notice', () => {
    const s = reduce(initialState, {
      type: 'status',
      status: 'cancelled',
      message: 'stopped following; the simulation is not affected',
    });
    expect(statusLine(s)).toEqual({ lead: 'Cancelled:', notice: 'stopped following; the simulation is not affected' });
  });

  it('a notice that says where the run was cancelled stands alone', () => {
    const s = reduce(initialState, { type: 'status', status: 'cancelled', message: 'Cancelled at instance 326' });
    expect(statusLine(s)).toEqual({ lead: '', notice: 'Cancelled at instance 326' });
  });

  it('the bare state word without a notice, live progress while running', () => {
    expect(statusLine(reduce(initialState, { type: 'status', status: 'completed' }))).toEqual({
      lead: 'Done',
      notice: '',
    });
    const running = reduce(initialState, { type: 'progress', message: 'instance 12 of 5000', fraction: 0.0024 });
    expect(statusLine(running)).toEqual({ lead: 'instance 12 of 5000', notice: '' });
    expect(statusLine(initialState)).toEqual({ lead: '', notice: '' });
  });
});
