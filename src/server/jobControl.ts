/** Cancellation state of one job, shared by the queue, the request handler and the worker bridge. */
export class JobControl {
  private cancelledFlag = false;
  private readonly listeners: (() => void)[] = [];

  get cancelled(): boolean {
    return this.cancelledFlag;
  }

  cancel(): void {
    if (this.cancelledFlag) return;
    this.cancelledFlag = true;
    for (const l of this.listeners.splice(0)) l();
  }

  /** Runs `listener` once on cancellation (at once if already cancelled). */
  onCancel(listener: () => void): void {
    if (this.cancelledFlag) listener();
    else this.listeners.push(listener);
  }
}
