// Following a `relax serve` state file from VS Code ("Attach to Running Simulation"): turns the
// snapshot and the append-only records file into learning-report records. No vscode import, so
// it is unit-tested on files written by the real service.
import { stat } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import type { LearningRecord, LearningReport, Report, TuneMethod } from '../protocol';
import { readRecordsTail } from '../node/serveRecords';
import { readSnapshot, recordsPathFor, type ServeStateSnapshot } from '../node/serveState';

/** How often the follower re-checks the files when no watcher event arrives, in milliseconds. */
export const POLL_INTERVAL_MS = 1000;

/** A run whose state file has not changed for this long (milliseconds) is reported as stopped. */
export const STALE_AFTER_MS = 30_000;

/** Whether a file is named like a serve state file (`X.relax-serve.json`, the documented convention). */
export function isServeStateName(name: string): boolean {
  return name.endsWith('.relax-serve.json');
}

/** Whether a report is an attached simulation's view (its source is a serve state file). */
export function isAttachReport(report: Report): boolean {
  return report.kind === 'learning' && report.source !== undefined && isServeStateName(report.source);
}

/** The empty learning report the panel opens with; records are appended afterwards. */
export function attachReport(
  snapshot: ServeStateSnapshot,
  stateFile: string,
  source: string,
  method: TuneMethod,
): LearningReport {
  return {
    kind: 'learning',
    title: `${basename(stateFile)}: ${snapshot.config.learner} (live)`,
    source,
    instances: snapshot.steps,
    method,
    series: [],
  };
}

/** Whether the learner of a snapshot uses a context (it was started with a context range). */
export function isContextual(snapshot: ServeStateSnapshot): boolean {
  return Array.isArray(snapshot.config.contextRange);
}

/** What the panel should show after one look at the files. */
export type FollowStatus =
  | { kind: 'following'; pid: number; steps: number }
  | { kind: 'stale'; pid: number; steps: number; seconds: number }
  | { kind: 'missing' }
  | { kind: 'error'; message: string };

/** The outcome of one poll: records new since the last poll (in step order) and the status. */
export interface FollowUpdate {
  records: LearningRecord[];
  status: FollowStatus;
  snapshot?: ServeStateSnapshot;
}

/** `following (pid 123, 400 steps)` / `stopped: no update for 30 s (pid 123, 400 steps)`. */
export function statusText(s: FollowStatus): string {
  switch (s.kind) {
    case 'following':
      return `following (pid ${s.pid}, ${s.steps} steps)`;
    case 'stale':
      return `stopped: no update for ${Math.round(s.seconds)} s (pid ${s.pid}, ${s.steps} steps)`;
    case 'missing':
      return 'state file not found';
    case 'error':
      return s.message;
  }
}

/**
 * Follows one state file. Each {@link poll} re-reads the snapshot when its modification time
 * changed, reads the records appended since the last poll and returns those the snapshot already
 * counts (`t < steps`: the service appends records just before renaming the snapshot in, and a
 * kill in between leaves extras that a restarted service trims). Steps already shown are skipped,
 * so a restarted service rewriting the records file does not duplicate them.
 */
export class StateFollower {
  private offset = 0;
  private recordsIno: number | undefined;
  /** Instances shown so far: records with t below it are not shown again. */
  private shown = 0;
  private mtimeMs = -1;
  private changedAt: number;
  private snapshot: ServeStateSnapshot | undefined;
  /** Records read but not yet counted by a snapshot, by instance index. */
  private readonly held = new Map<number, LearningRecord>();

  constructor(
    readonly stateFile: string,
    now: number = Date.now(),
  ) {
    this.changedAt = now;
  }

  /** The last snapshot read. */
  get current(): ServeStateSnapshot | undefined {
    return this.snapshot;
  }

  /** Looks at the files once; `now` in milliseconds (Date.now()). Never throws. */
  async poll(now: number = Date.now()): Promise<FollowUpdate> {
    let fresh: ServeStateSnapshot | undefined;
    try {
      const s = await stat(this.stateFile).catch(() => undefined);
      if (!s) return { records: [], status: { kind: 'missing' } };
      if (s.mtimeMs !== this.mtimeMs) {
        // The snapshot is small (tens of kB) and only read when it changed.
        const snap = readSnapshot(this.stateFile);
        if (!snap) return { records: [], status: { kind: 'missing' } };
        this.mtimeMs = s.mtimeMs;
        this.changedAt = now;
        this.snapshot = snap;
        fresh = snap;
      }
    } catch (e) {
      return { records: [], status: { kind: 'error', message: e instanceof Error ? e.message : String(e) } };
    }
    const snap = this.snapshot;
    if (!snap) return { records: [], status: { kind: 'missing' } };
    const recordsFile = join(dirname(this.stateFile), snap.recordsFile || basename(recordsPathFor(this.stateFile)));
    const tail = await readRecordsTail(recordsFile, this.offset, this.recordsIno);
    // A rewritten file is authoritative: lines held from the old one may be the ones it trimmed.
    if (tail.restarted) this.held.clear();
    this.offset = tail.nextOffset;
    this.recordsIno = tail.ino;
    for (const r of tail.records) if (r.t >= this.shown) this.held.set(r.t, r);
    const ready = [...this.held.keys()].filter((k) => k < snap.steps).sort((a, b) => a - b);
    const records: LearningRecord[] = [];
    for (const k of ready) {
      const r = this.held.get(k);
      this.held.delete(k);
      if (r && k >= this.shown) {
        records.push(r);
        this.shown = k + 1;
      }
    }
    const idle = now - this.changedAt;
    const status: FollowStatus =
      idle >= STALE_AFTER_MS
        ? { kind: 'stale', pid: snap.pid, steps: snap.steps, seconds: idle / 1000 }
        : { kind: 'following', pid: snap.pid, steps: snap.steps };
    return { records, status, ...(fresh ? { snapshot: fresh } : {}) };
  }
}
