// The webview's render loop: draws the latest state, no more than a quarter of the thread, acknowledged.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createRenderLoop } from '../../../webview/renderLoop';
import { realTimers } from '../../../src/shared/throttle';

/** A loop whose draw takes `cost` ms of (fake) time; frames run at once. */
function loop(cost: number) {
  const drawn: number[] = [];
  const at: number[] = [];
  let acks = 0;
  const l = createRenderLoop<number>({
    draw: (s) => {
      at.push(Date.now());
      drawn.push(s);
      vi.setSystemTime(Date.now() + cost);
    },
    drawn: () => acks++,
    timers: realTimers,
    frame: (fn) => fn(),
  });
  return { l, drawn, at, acks: () => acks };
}

describe('createRenderLoop', () => {
  beforeEach(() => vi.useFakeTimers({ now: 0 }));
  afterEach(() => vi.useRealTimers());

  it('draws only the latest of many states pushed before it runs, and acknowledges each draw', () => {
    const { l, drawn, acks } = loop(1);
    for (let s = 1; s <= 50; s++) l.push(s);
    vi.advanceTimersByTime(0);
    expect(drawn).toEqual([50]);
    expect(acks()).toBe(1);
  });

  it('a cheap draw runs at most every 100 ms', () => {
    const { l, at, drawn } = loop(2);
    for (let t = 0; t < 1000; t++) {
      l.push(t);
      vi.advanceTimersByTime(1);
    }
    vi.advanceTimersByTime(200);
    // 1000 pushes (plus 2 ms per draw on the clock) make 12 draws, 100 ms apart; the last shows the last push.
    expect(at).toEqual([0, 100, 200, 300, 400, 500, 600, 700, 800, 900, 1000, 1100]);
    expect(drawn.at(-1)).toBe(999);
  });

  it('a 300 ms draw is followed by 900 ms of rest: a quarter of the thread', () => {
    const { l, at, drawn } = loop(300);
    for (let t = 0; t < 3000; t++) {
      l.push(t);
      vi.advanceTimersByTime(1);
    }
    vi.advanceTimersByTime(2000);
    // Each draw moves the clock 300 ms on; each next one starts 300 + 900 ms after the previous.
    expect(at).toEqual([0, 1200, 2400, 3600, 4800]);
    // The last state pushed is drawn: nothing is lost, only intermediate frames.
    expect(drawn.at(-1)).toBe(2999);
  });
});
