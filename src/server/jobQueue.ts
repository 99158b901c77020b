import type { JobsStatus } from '../protocol';
import { JobControl } from './jobControl';
import { canonicalUri } from './resultStore';

export type JobKind = 'solve' | 'tune' | 'learn';

interface Entry {
  uri: string;
  kind: JobKind;
  control: JobControl;
  running: boolean;
}

/**
 * Runs jobs one at a time per matrix (later requests for the same URI wait their turn) and any number
 * of matrices side by side. A job cancelled while queued never starts.
 */
export class JobQueue {
  private readonly tails = new Map<string, Promise<void>>();
  private readonly entries = new Set<Entry>();

  constructor(private readonly onChange: () => void = () => undefined) {}

  /** Resolves to the task's value, or undefined when the job was cancelled before it started. */
  run<T>(uri: string, kind: JobKind, control: JobControl, task: () => Promise<T>): Promise<T | undefined> {
    const key = canonicalUri(uri);
    const entry: Entry = { uri: key, kind, control, running: false };
    this.entries.add(entry);
    this.onChange();
    const previous = this.tails.get(key) ?? Promise.resolve();
    const result = previous.then(async () => {
      if (control.cancelled) return undefined;
      entry.running = true;
      this.onChange();
      return task();
    });
    const tail = result.then(
      () => undefined,
      () => undefined,
    );
    this.tails.set(key, tail);
    void tail.then(() => {
      this.entries.delete(entry);
      if (this.tails.get(key) === tail) this.tails.delete(key);
      this.onChange();
    });
    return result;
  }

  /** Cancels running and queued jobs of one matrix, or all; returns how many. */
  cancel(uri?: string): number {
    const key = uri === undefined ? undefined : canonicalUri(uri);
    let count = 0;
    for (const e of this.entries) {
      if ((key === undefined || e.uri === key) && !e.control.cancelled) {
        e.control.cancel();
        count++;
      }
    }
    return count;
  }

  isBusy(uri: string): boolean {
    const key = canonicalUri(uri);
    for (const e of this.entries) if (e.uri === key) return true;
    return false;
  }

  status(): JobsStatus {
    const running: JobsStatus['running'] = [];
    let queued = 0;
    for (const e of this.entries) {
      if (e.running) running.push({ uri: e.uri, kind: e.kind });
      else queued++;
    }
    return { running, queued };
  }
}
