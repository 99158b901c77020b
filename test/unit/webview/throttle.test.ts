import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createThrottle, latestThrottle } from '../../../src/shared/throttle';

const concat = (batch: number[] | undefined, item: number): number[] => (batch ?? []).concat(item);

describe('createThrottle', () => {
  beforeEach(() => vi.useFakeTimers({ now: 1_000_000 }));
  afterEach(() => vi.useRealTimers());

  it('emits the first item at once and merges the rest into one emit per interval', () => {
    const emitted: number[][] = [];
    const th = createThrottle<number, number[]>({ intervalMs: 100, merge: concat, emit: (b) => emitted.push(b) });
    th.push(1);
    expect(emitted).toEqual([[1]]);
    th.push(2);
    th.push(3);
    expect(emitted).toEqual([[1]]);
    vi.advanceTimersByTime(99);
    expect(emitted).toEqual([[1]]);
    vi.advanceTimersByTime(1);
    expect(emitted).toEqual([[1], [2, 3]]);
  });

  it('limits a flood of 5000 items in one second to about 10 emits and loses nothing', () => {
    const emitted: number[][] = [];
    const th = createThrottle<number, number[]>({ intervalMs: 100, merge: concat, emit: (b) => emitted.push(b) });
    for (let i = 0; i < 5000; i++) {
      th.push(i);
      vi.advanceTimersByTime(0.2);
    }
    vi.advanceTimersByTime(200);
    expect(emitted.length).toBeGreaterThanOrEqual(10);
    expect(emitted.length).toBeLessThanOrEqual(12);
    expect(emitted.flat()).toEqual(Array.from({ length: 5000 }, (_, i) => i));
  });

  it('flush emits pending items immediately and cancels the timer', () => {
    const emitted: number[][] = [];
    const th = createThrottle<number, number[]>({ intervalMs: 100, merge: concat, emit: (b) => emitted.push(b) });
    th.push(1);
    th.push(2);
    th.flush();
    expect(emitted).toEqual([[1], [2]]);
    vi.advanceTimersByTime(500);
    expect(emitted).toEqual([[1], [2]]);
  });

  it('dispose drops pending items and ignores later pushes', () => {
    const emitted: number[][] = [];
    const th = createThrottle<number, number[]>({ intervalMs: 100, merge: concat, emit: (b) => emitted.push(b) });
    th.push(1);
    th.push(2);
    th.dispose();
    th.push(3);
    vi.advanceTimersByTime(500);
    expect(emitted).toEqual([[1]]);
  });

  it('emits at once again after a quiet interval', () => {
    const emitted: number[][] = [];
    const th = createThrottle<number, number[]>({ intervalMs: 100, merge: concat, emit: (b) => emitted.push(b) });
    th.push(1);
    vi.advanceTimersByTime(150);
    th.push(2);
    expect(emitted).toEqual([[1], [2]]);
  });
});

describe('latestThrottle', () => {
  beforeEach(() => vi.useFakeTimers({ now: 0 }));
  afterEach(() => vi.useRealTimers());

  it('keeps only the latest value of a burst', () => {
    const seen: string[] = [];
    const th = latestThrottle<string>(50, (v) => seen.push(v));
    th.push('a');
    th.push('b');
    th.push('c');
    vi.advanceTimersByTime(50);
    expect(seen).toEqual(['a', 'c']);
  });
});
