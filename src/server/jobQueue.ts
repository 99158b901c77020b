import type { JobsStatus } from '../protocol';
import { JobControl } from './jobControl';
import { canonicalUri } from './resultStore';

export type JobKind = 'solve' | 'tune' | 'learn';

interface Entry {
  uri: string;
  kind: JobKind;
  control: JobControl;
  running: boolean;
  /** Settles when the job has ended (or, cancelled while queued, would have started). */
  ended?: Promise<void>;
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
    entry.ended = tail;
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
    return this.cancelEntries(uri).length;
  }

  /**
   * Cancels like `cancel` and resolves once those jobs have ended, so whoever asked knows that nothing
   * more comes from them (no progress, no streamed records) when the answer arrives.
   */
  async cancelAndWait(uri?: string): Promise<number> {
    const stopped = this.cancelEntries(uri);
    await Promise.all(stopped.map((e) => e.ended));
    return stopped.length;
  }

  private cancelEntries(uri?: string): Entry[] {
    const key = uri === undefined ? undefined : canonicalUri(uri);
    const stopped: Entry[] = [];
    for (const e of this.entries) {
      if ((key === undefined || e.uri === key) && !e.control.cancelled) {
        e.control.cancel();
        stopped.push(e);
      }
    }
    return stopped;
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
