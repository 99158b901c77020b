// The host's live feed to the report webview: merged while the webview has not drawn, nothing lost.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { LearningRecord, LearningReport, PanelInboundMessage } from '../../../src/protocol';
import {
  LIVE_ACK_TIMEOUT_MS,
  LiveFeed,
  liveMessages,
  type LiveItem,
  type PendingLive,
} from '../../../src/client/liveFeed';
import { reduce, type PanelState } from '../../../src/shared/panelState';

const start: PanelState = {
  status: 'running',
  report: { kind: 'learning', title: 's', instances: 1000, method: 'sor', series: [] } satisfies LearningReport,
};

function record(t: number): LearningRecord {
  return { t, omega: 1 + t / 2000, iterations: 10 + (t % 7), converged: t % 11 !== 0, extraSweeps: t % 3 };
}

/** Instance t of a run: the learner's and Young's records, a heat-map row and the progress line. */
function itemsOf(t: number): LiveItem[] {
  return [
    {
      kind: 'records',
      series: t === 0 ? { name: 'auto', role: 'learner', contextual: true } : 'auto',
      records: [record(t)],
    },
    { kind: 'records', series: t === 0 ? { name: 'young', role: 'comparator' } : 'young', records: [record(t + 1)] },
    { kind: 'heatmap', rows: { omegas: [1, 1.5], instances: [t], iterations: [t, t + 1] } },
    { kind: 'progress', message: `${t + 1} of 1000 instances`, fraction: (t + 1) / 1000 },
  ];
}

/** The panel state the webview ends with when every item is posted on its own (no pacing at all). */
function unthrottled(items: LiveItem[]): PanelState {
  let s = start;
  for (const item of items) for (const m of liveMessages(mergeOne(item))) s = reduce(s, m);
  return s;
}

function mergeOne(item: LiveItem): PendingLive {
  const feed: PendingLive[] = [];
  const f = new LiveFeed((u) => feed.push(u));
  f.push(item);
  f.dispose();
  return feed[0];
}

function applied(posts: PendingLive[]): PanelState {
  let s = start;
  for (const p of posts) for (const m of liveMessages(p)) s = reduce(s, m);
  return s;
}

describe('LiveFeed', () => {
  beforeEach(() => vi.useFakeTimers({ now: 0 }));
  afterEach(() => vi.useRealTimers());

  it('a burst of 1000 instances while the webview draws nothing makes one post, then one merged post per draw', () => {
    const posts: PendingLive[] = [];
    const feed = new LiveFeed((u) => posts.push(u));
    const items = Array.from({ length: 1000 }, (_, t) => itemsOf(t)).flat();
    for (const item of items) feed.push(item);
    vi.advanceTimersByTime(LIVE_ACK_TIMEOUT_MS - 1);
    // The first item went out at once; the webview has not drawn it, so the other 3999 wait, merged.
    expect(posts).toHaveLength(1);
    feed.drawn();
    expect(posts).toHaveLength(2);
    expect(posts[0].records.get('auto')?.records.map((r) => r.t)).toEqual([0]);
    expect(posts[1].records.get('auto')?.records).toHaveLength(999);
    expect(posts[1].records.get('young')?.records).toHaveLength(1000);
    expect(posts[1].heatmapRows?.instances).toHaveLength(1000);
    feed.drawn();
    expect(posts).toHaveLength(2);
    // The webview ends exactly where it would have with every item posted on its own.
    expect(applied(posts)).toEqual(unthrottled(items));
  });

  it('a webview that draws every post gets at most one post per 100 ms over a 1 s run, and loses nothing', () => {
    const posts: PendingLive[] = [];
    const feed = new LiveFeed((u) => {
      posts.push(u);
      setTimeout(() => feed.drawn(), 5);
    });
    const items: LiveItem[] = [];
    for (let t = 0; t < 1000; t++) {
      for (const item of itemsOf(t)) {
        items.push(item);
        feed.push(item);
      }
      vi.advanceTimersByTime(1);
    }
    feed.flush();
    expect(posts.length).toBeGreaterThanOrEqual(10);
    expect(posts.length).toBeLessThanOrEqual(11);
    expect(applied(posts)).toEqual(unthrottled(items));
  });

  it('a slow webview (drawing takes 700 ms) gets 3 posts in 2 s instead of a queue of 20', () => {
    const posts: PendingLive[] = [];
    const feed = new LiveFeed((u) => {
      posts.push(u);
      setTimeout(() => feed.drawn(), 700);
    });
    for (let t = 0; t < 2000; t++) {
      for (const item of itemsOf(t % 1000)) feed.push(item);
      vi.advanceTimersByTime(1);
    }
    expect(posts).toHaveLength(3);
  });

  it('sends again after an unacknowledged post times out (the webview reloaded or was hidden)', () => {
    const posts: PendingLive[] = [];
    const feed = new LiveFeed((u) => posts.push(u));
    feed.push(itemsOf(0)[0]);
    feed.push(itemsOf(1)[0]);
    vi.advanceTimersByTime(LIVE_ACK_TIMEOUT_MS - 1);
    expect(posts).toHaveLength(1);
    vi.advanceTimersByTime(1);
    expect(posts).toHaveLength(2);
    expect(posts[1].records.get('auto')?.records.map((r) => r.t)).toEqual([1]);
  });

  it('flush sends what is pending at once, even with a post unacknowledged; dispose drops the rest', () => {
    const posts: PendingLive[] = [];
    const feed = new LiveFeed((u) => posts.push(u));
    feed.push(itemsOf(0)[3]);
    feed.push(itemsOf(1)[3]);
    feed.flush();
    expect(posts.map((p) => p.progress?.message)).toEqual(['1 of 1000 instances', '2 of 1000 instances']);
    feed.push(itemsOf(2)[3]);
    feed.dispose();
    feed.drawn();
    vi.advanceTimersByTime(10_000);
    expect(posts).toHaveLength(2);
  });

  it('liveMessages: records then progress, nothing for an empty update', () => {
    const msgs: PanelInboundMessage[] = liveMessages(mergeOne(itemsOf(0)[0]));
    expect(msgs.map((m) => m.type)).toEqual(['records']);
    expect(liveMessages({ records: new Map() })).toEqual([]);
  });
});
