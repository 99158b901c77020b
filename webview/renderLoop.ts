// Draws the panel's latest state, as often as the renderer can afford: after a draw that took d ms the
// next waits so that drawing uses at most a quarter of the thread (and never more than ~10 draws a
// second). In code-server the webview shares its thread with the workbench, so a draw that cannot keep
// up must not starve the palette or the progress toasts. Each draw is acknowledged (`drawn`), which
// paces the host's live updates in turn (src/client/liveFeed.ts): frames are skipped, never queued.
import type { TimerApi } from '../src/shared/throttle';

export interface RenderLoopOptions<S> {
  draw(state: S): void;
  /** Called after each draw, for the host's pacing. */
  drawn(): void;
  timers: TimerApi;
  /** Runs `fn` at the next animation frame. */
  frame(fn: () => void): void;
  /** Shortest time between two draws. */
  minIntervalMs?: number;
  /** Largest share of the thread drawing may take, in (0, 1]. */
  share?: number;
}

/** A render loop; `push` the newest state, as often as it changes. */
export interface RenderLoop<S> {
  push(state: S): void;
}

/** Starts a render loop (see the file comment). */
export function createRenderLoop<S>(o: RenderLoopOptions<S>): RenderLoop<S> {
  const minInterval = o.minIntervalMs ?? 100;
  const share = o.share ?? 0.25;
  let latest: S | undefined;
  let scheduled = false;
  let next = Number.NEGATIVE_INFINITY;
  const drawNow = (): void => {
    scheduled = false;
    if (latest === undefined) return;
    const state = latest;
    const t0 = o.timers.now();
    o.draw(state);
    const t1 = o.timers.now();
    next = t1 + Math.max(minInterval - (t1 - t0), ((t1 - t0) * (1 - share)) / share);
    o.drawn();
  };
  return {
    push(state: S): void {
      latest = state;
      if (scheduled) return;
      scheduled = true;
      o.timers.setTimeout(() => o.frame(drawNow), Math.max(0, next - o.timers.now()));
    },
  };
}
