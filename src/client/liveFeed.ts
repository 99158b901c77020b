// Live updates from the extension host to the report webview, paced by the webview itself: while the
// webview has not drawn the last update, new ones are merged into one pending update, never queued.
// So a slow webview (a busy renderer, a loaded machine) gets fewer, larger updates instead of a
// growing backlog that keeps it (and the workbench sharing its thread) busy long after the run ended.
// No vscode import: unit-tested directly.
import type { IterationHeatmapRows, LearningRecord, PanelInboundMessage, RecordBatch } from '../protocol';
import { realTimers, type TimerApi } from '../shared/throttle';

/** A series by name, with what the panel needs to know when it first appears. */
export type SeriesInfo =
  string | { name: string; role?: 'learner' | 'comparator'; contextual?: boolean; hindsight?: string };

/** One live update as the run produces it. */
export type LiveItem =
  | { kind: 'records'; series: SeriesInfo; records: readonly LearningRecord[] }
  | { kind: 'heatmap'; rows: IterationHeatmapRows }
  | { kind: 'progress'; message: string; fraction?: number };

/** Live updates merged between two posts to the webview. */
export interface PendingLive {
  records: Map<string, RecordBatch>;
  heatmapRows?: IterationHeatmapRows;
  progress?: { message: string; fraction?: number };
}

/** Minimum time between two posts, about 10 a second, even when the webview draws faster. */
export const LIVE_INTERVAL_MS = 100;

/**
 * How long a post may go unacknowledged before the next one is sent anyway: a webview that reloaded
 * or was hidden mid-run never acknowledges (it gets the whole state on `ready` instead).
 */
export const LIVE_ACK_TIMEOUT_MS = 3000;

/** Folds one live item into the pending update (records appended per series, latest progress wins). */
export function mergeLive(batch: PendingLive | undefined, item: LiveItem): PendingLive {
  const b = batch ?? { records: new Map<string, RecordBatch>() };
  if (item.kind === 'records') {
    const info = typeof item.series === 'string' ? { name: item.series } : item.series;
    const pending = b.records.get(info.name);
    if (pending) pending.records.push(...item.records);
    else
      b.records.set(info.name, {
        series: info.name,
        records: item.records.slice(),
        ...(info.role !== undefined ? { role: info.role } : {}),
        ...(info.contextual !== undefined ? { contextual: info.contextual } : {}),
        ...(info.hindsight !== undefined ? { hindsight: info.hindsight } : {}),
      });
  } else if (item.kind === 'heatmap') {
    b.heatmapRows =
      b.heatmapRows && sameOmegas(b.heatmapRows.omegas, item.rows.omegas)
        ? {
            omegas: b.heatmapRows.omegas,
            instances: b.heatmapRows.instances.concat(item.rows.instances),
            iterations: b.heatmapRows.iterations.concat(item.rows.iterations),
          }
        : item.rows;
  } else {
    b.progress = { message: item.message, fraction: item.fraction };
  }
  return b;
}

function sameOmegas(a: readonly number[], b: readonly number[]): boolean {
  return a.length === b.length && a.every((v, i) => v === b[i]);
}

/** The panel messages of one merged update: its records (if any), then its progress (if any). */
export function liveMessages(b: PendingLive): PanelInboundMessage[] {
  const out: PanelInboundMessage[] = [];
  if (b.records.size > 0 || b.heatmapRows)
    out.push({
      type: 'records',
      batches: [...b.records.values()],
      ...(b.heatmapRows ? { heatmapRows: b.heatmapRows } : {}),
    });
  if (b.progress) out.push({ type: 'progress', ...b.progress });
  return out;
}

/**
 * Sends merged live updates through `send`: at most one unacknowledged at a time (`drawn()` is the
 * webview's acknowledgement) and at most one per `intervalMs`. Nothing is lost: what is pending goes
 * out with the next post, or at once with `flush()`.
 */
export class LiveFeed {
  private pending: PendingLive | undefined;
  private inFlight = false;
  private lastPost = Number.NEGATIVE_INFINITY;
  private timer: unknown;
  private ackTimer: unknown;
  private disposed = false;

  constructor(
    private readonly send: (update: PendingLive) => void,
    private readonly timers: TimerApi = realTimers,
    private readonly intervalMs = LIVE_INTERVAL_MS,
    private readonly ackTimeoutMs = LIVE_ACK_TIMEOUT_MS,
  ) {}

  /** Merges one item into the pending update and sends it when the webview is ready for it. */
  push(item: LiveItem): void {
    if (this.disposed) return;
    this.pending = mergeLive(this.pending, item);
    this.schedule();
  }

  /** The webview drew the last update (or reloaded and got the whole state): the next may go. */
  drawn(): void {
    this.inFlight = false;
    this.clear('ack');
    this.schedule();
  }

  /** Sends what is pending now, whatever the pacing (before a message that must follow it). */
  flush(): void {
    this.clear('timer');
    this.post();
  }

  /** Drops what is pending and stops the timers. */
  dispose(): void {
    this.disposed = true;
    this.pending = undefined;
    this.clear('timer');
    this.clear('ack');
  }

  private schedule(): void {
    if (this.disposed || this.inFlight || this.timer !== undefined || !this.pending) return;
    const wait = this.lastPost + this.intervalMs - this.timers.now();
    if (wait <= 0) this.post();
    else
      this.timer = this.timers.setTimeout(() => {
        this.timer = undefined;
        this.post();
      }, wait);
  }

  private post(): void {
    const update = this.pending;
    if (!update || this.disposed) return;
    this.pending = undefined;
    this.inFlight = true;
    this.lastPost = this.timers.now();
    this.clear('ack');
    this.ackTimer = this.timers.setTimeout(() => {
      this.ackTimer = undefined;
      this.drawn();
    }, this.ackTimeoutMs);
    this.send(update);
  }

  private clear(which: 'timer' | 'ack'): void {
    const handle = which === 'timer' ? this.timer : this.ackTimer;
    if (handle !== undefined) this.timers.clearTimeout(handle);
    if (which === 'timer') this.timer = undefined;
    else this.ackTimer = undefined;
  }
}
