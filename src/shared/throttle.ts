// Pure timing logic, injectable clock so tests use fake timers.

export interface TimerApi {
  now(): number;
  setTimeout(fn: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

/** The platform's clock and timers. */
export const realTimers: TimerApi = {
  now: () => Date.now(),
  setTimeout: (fn, ms) => setTimeout(fn, ms),
  clearTimeout: (h) => clearTimeout(h as ReturnType<typeof setTimeout>),
};

export interface Throttle<T> {
  /** Queue an item; it is emitted (merged with others) at most once per interval. */
  push(item: T): void;
  /** Emit whatever is pending now. */
  flush(): void;
  /** Drop pending items and stop the timer. */
  dispose(): void;
}

export interface ThrottleOptions<T, B> {
  /** Minimum time between two emits, in milliseconds (100 = about 10 per second). */
  intervalMs: number;
  /** Folds an item into the pending batch (undefined when nothing is pending). */
  merge(batch: B | undefined, item: T): B;
  emit(batch: B): void;
  timers?: TimerApi;
}

/**
 * Leading-and-trailing throttle with merging: the first item after a quiet interval goes out at once,
 * later ones are merged and go out one interval after the previous emit. Nothing is ever lost.
 */
export function createThrottle<T, B>(options: ThrottleOptions<T, B>): Throttle<T> {
  const timers = options.timers ?? realTimers;
  let pending: B | undefined;
  let hasPending = false;
  let lastEmit = Number.NEGATIVE_INFINITY;
  let handle: unknown;
  let disposed = false;

  const fire = (): void => {
    handle = undefined;
    if (!hasPending) return;
    const batch = pending as B;
    pending = undefined;
    hasPending = false;
    lastEmit = timers.now();
    options.emit(batch);
  };

  return {
    push(item: T): void {
      if (disposed) return;
      pending = options.merge(pending, item);
      hasPending = true;
      if (handle !== undefined) return;
      const wait = lastEmit + options.intervalMs - timers.now();
      if (wait <= 0) fire();
      else handle = timers.setTimeout(fire, wait);
    },
    flush(): void {
      if (handle !== undefined) timers.clearTimeout(handle);
      fire();
    },
    dispose(): void {
      disposed = true;
      if (handle !== undefined) timers.clearTimeout(handle);
      handle = undefined;
      pending = undefined;
      hasPending = false;
    },
  };
}

/** Throttle that keeps only the latest value (resize, setState). */
export function latestThrottle<T>(intervalMs: number, emit: (value: T) => void, timers?: TimerApi): Throttle<T> {
  return createThrottle<T, T>({ intervalMs, merge: (_old, item) => item, emit, timers });
}
