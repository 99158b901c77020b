import type { RunProgress } from '../core/compare/types';
import type { IterationHeatmapRows, LearningRecord, LearnRecordsParams, RecordBatch } from '../protocol';

/** What the worker sends for one batch: the notification without the run's id and URI. */
export type LiveChunk = Omit<LearnRecordsParams, 'streamId' | 'uri'>;

/** How a series is announced the first time it appears in a batch. */
export interface SeriesDescription {
  role: 'learner' | 'comparator';
  contextual: boolean;
  hindsight?: string;
}

/** Minimum time between two batches: about 10 per second, however fast the instances are. */
export const LIVE_BATCH_INTERVAL_MS = 100;

/**
 * Collects the records of a running comparison and hands them out in batches no more often than
 * every `intervalMs`. The runner is synchronous on its thread, so time is checked on each push
 * rather than with a timer. Each series carries its description in its first batch only.
 */
export class LiveBatcher {
  private records = new Map<string, LearningRecord[]>();
  private heatmap: IterationHeatmapRows | undefined;
  private readonly announced = new Set<string>();
  private last = -Infinity;
  private done = 0;

  constructor(
    private readonly instances: number,
    private readonly describe: (series: string) => SeriesDescription,
    private readonly emit: (chunk: LiveChunk) => void,
    private readonly intervalMs = LIVE_BATCH_INTERVAL_MS,
    private readonly now: () => number = () => performance.now(),
  ) {}

  /** Takes the records and grid row of one finished instance; emits a batch when the interval has passed. */
  push(p: RunProgress): void {
    this.done = p.done;
    for (const { learner, record } of p.latest ?? []) this.add(learner, [record]);
    if (p.gridRow) {
      const t = p.done - 1;
      const omegas = Array.from(p.gridRow.omegas);
      const row = Array.from(p.gridRow.iterations);
      if (this.heatmap) {
        this.heatmap.instances.push(t);
        this.heatmap.iterations.push(...row);
      } else this.heatmap = { omegas, instances: [t], iterations: row };
    }
    const now = this.now();
    if (now - this.last >= this.intervalMs) {
      this.last = now;
      this.flush(false);
    }
  }

  /** Adds whole series (the hindsight comparators at the end of the run). */
  add(series: string, records: LearningRecord[]): void {
    const list = this.records.get(series);
    if (list) list.push(...records);
    else this.records.set(series, records.slice());
  }

  /** Emits what is pending; the final batch is emitted even when empty, so the client sees the end. */
  flush(final: boolean): void {
    if (!final && this.records.size === 0 && !this.heatmap) return;
    const batches: RecordBatch[] = [];
    for (const [series, records] of this.records) {
      const first = !this.announced.has(series);
      this.announced.add(series);
      const d = this.describe(series);
      batches.push({
        series,
        records,
        ...(first
          ? { role: d.role, contextual: d.contextual, ...(d.hindsight ? { hindsight: d.hindsight } : {}) }
          : {}),
      });
    }
    const chunk: LiveChunk = {
      done: this.done,
      instances: this.instances,
      batches,
      ...(this.heatmap ? { heatmapRows: this.heatmap } : {}),
      ...(final ? { final: true } : {}),
    };
    this.records = new Map();
    this.heatmap = undefined;
    this.emit(chunk);
  }
}
