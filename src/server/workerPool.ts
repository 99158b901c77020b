import { Worker } from 'node:worker_threads';
import type { JobControl } from './jobControl';
import type { LiveChunk } from './liveRecords';
import type { WorkerBoot, WorkerReply, WorkerResult, WorkerTask } from './workerMessages';

export type WorkerOutcome =
  | { status: 'done'; result: WorkerResult }
  | { status: 'cancelled'; message: string }
  | { status: 'failed'; message: string };

export type ProgressSink = (percentage: number | undefined, message: string) => void;
/** Receives the batches a streaming job (a learning run) sends while it runs. */
export type StreamSink = (chunk: LiveChunk) => void;

/** How long a worker may ignore a cancel before it is terminated and replaced. */
const CANCEL_GRACE_MS = 1000;

interface Running {
  id: number;
  resolve: (o: WorkerOutcome) => void;
  onProgress: ProgressSink;
  onStream?: StreamSink;
}

interface Slot {
  worker: Worker;
  cancelFlag: Int32Array;
  running?: Running;
}

/**
 * Solver jobs run on worker threads so the server's main thread keeps answering hovers, lenses and
 * `$/cancelRequest` while a tune runs. Cancellation is a shared flag the solvers poll every few
 * sweeps; a worker that does not stop within a second is terminated and replaced.
 */
export class WorkerPool {
  private readonly slots: Slot[] = [];
  private readonly waiting: (() => void)[] = [];
  private nextId = 1;
  private disposed = false;

  /**
   * `source` is the text of the worker entry script, read once when the server starts: workers spawned
   * later run exactly the code of the running server even if the file on disk is replaced meanwhile
   * (an extension update, a rebuild).
   */
  constructor(
    private readonly source: string,
    /** Most worker threads (and so concurrent jobs) this pool runs. */
    readonly size: number,
  ) {}

  run(task: WorkerTask, control: JobControl, onProgress: ProgressSink, onStream?: StreamSink): Promise<WorkerOutcome> {
    return new Promise<WorkerOutcome>((resolve) => {
      const start = (): void => {
        if (control.cancelled) {
          resolve({ status: 'cancelled', message: 'cancelled before it started' });
          this.release();
          return;
        }
        const slot = this.freeSlot();
        const id = this.nextId++;
        Atomics.store(slot.cancelFlag, 0, 0);
        let settled = false;
        const finish = (o: WorkerOutcome): void => {
          if (settled) return;
          settled = true;
          resolve(o);
        };
        slot.running = { id, resolve: finish, onProgress, onStream };
        control.onCancel(() => this.cancelSlot(slot, id));
        slot.worker.postMessage({ id, task });
      };
      if (this.hasFreeSlot()) start();
      else this.waiting.push(start);
    });
  }

  /** Stops every worker; running jobs end as failed. */
  async dispose(): Promise<void> {
    this.disposed = true;
    for (const slot of this.slots.splice(0)) {
      slot.running?.resolve({ status: 'failed', message: 'the server is shutting down' });
      await slot.worker.terminate();
    }
  }

  private hasFreeSlot(): boolean {
    return this.slots.some((s) => !s.running) || this.slots.length < this.size;
  }

  private freeSlot(): Slot {
    const idle = this.slots.find((s) => !s.running);
    if (idle) return idle;
    const slot = this.spawn();
    this.slots.push(slot);
    return slot;
  }

  private spawn(): Slot {
    const cancelFlag = new Int32Array(new SharedArrayBuffer(4));
    const boot: WorkerBoot = { role: 'relax-solver-worker', cancelFlag };
    const worker = new Worker(this.source, { eval: true, workerData: boot });
    worker.unref();
    const slot: Slot = { worker, cancelFlag };
    worker.on('message', (reply: WorkerReply) => this.onReply(slot, reply));
    worker.on('error', (err: Error) => this.onDeath(slot, `the solver thread failed: ${err.message}`));
    worker.on('exit', (code) => this.onDeath(slot, `the solver thread stopped unexpectedly (exit code ${code})`));
    return slot;
  }

  private onReply(slot: Slot, reply: WorkerReply): void {
    const running = slot.running;
    if (!running || running.id !== reply.id) return;
    if (reply.type === 'progress') {
      running.onProgress(reply.percentage, reply.message);
      return;
    }
    if (reply.type === 'stream') {
      running.onStream?.(reply.chunk);
      return;
    }
    slot.running = undefined;
    if (reply.type === 'done') running.resolve({ status: 'done', result: reply.result });
    else running.resolve({ status: reply.type, message: reply.message });
    this.release();
  }

  private onDeath(slot: Slot, message: string): void {
    const index = this.slots.indexOf(slot);
    if (index < 0) return;
    this.slots.splice(index, 1);
    const running = slot.running;
    slot.running = undefined;
    running?.resolve({ status: 'failed', message });
    this.release();
  }

  private cancelSlot(slot: Slot, id: number): void {
    if (slot.running?.id !== id) return;
    Atomics.store(slot.cancelFlag, 0, 1);
    const timer = setTimeout(() => {
      if (slot.running?.id !== id) return;
      const running = slot.running;
      this.slots.splice(this.slots.indexOf(slot), 1);
      slot.running = undefined;
      void slot.worker.terminate();
      running.resolve({ status: 'cancelled', message: 'cancelled (the solver thread was stopped)' });
      this.release();
    }, CANCEL_GRACE_MS);
    timer.unref();
  }

  private release(): void {
    if (this.disposed) return;
    while (this.waiting.length > 0 && this.hasFreeSlot()) this.waiting.shift()!();
  }
}
