import type { Workspace } from '../kernels/arena';
import { dot } from '../sparse/vector';
import { finishSolve, type IterationMonitor } from './monitor';
import type { SolveResult } from './result';

/**
 * The scale of a Krylov solve's relative residual: ||b||_2, or ||r_0||_2 when b = 0 (x = 0 then solves
 * it exactly), or 1 when both vanish.
 */
export function residualScale(b: Float64Array, rNorm: number): number {
  const bNorm = Math.sqrt(dot(b, b));
  return bNorm > 0 ? bNorm : rNorm > 0 ? rNorm : 1;
}

/** r_0 = b for x_0 = 0: copies b into r and returns ||b||_2. */
export function copyNorm(b: Float64Array, r: Float64Array): number {
  r.set(b);
  return Math.sqrt(dot(b, b));
}

/** How a WebAssembly Krylov solve starts: its residual scale and relative residual, and how x is read out. */
export interface WasmStart {
  scale: number;
  rel: number;
  /** A copy of the iterate in slot x (the workspace's memory is reused by the next solve). */
  out: () => Float64Array;
  /** The result when x_0 already meets the stopping test (iteration 0), else undefined. */
  stopped: SolveResult | undefined;
}

/**
 * Puts x_0 (zero when absent) in slot `x` and r_0 = b - A x_0 in slot `r` of the workspace (slot `b` holds b
 * for the residual), then applies the stopping test to iterate 0. The residual is the TypeScript
 * residual()'s, bit for bit, without allocating.
 */
export function startInWasm(
  ws: Workspace,
  monitor: IterationMonitor,
  slots: { x: number; r: number; b: number },
  b: Float64Array,
  x0: Float64Array | undefined,
): WasmStart {
  const rNorm = x0 === undefined ? zeroStart(ws, slots, b) : residualStart(ws, slots, b, x0);
  const scale = residualScale(b, rNorm);
  const rel = rNorm / scale;
  const wx = ws.view(slots.x);
  const out = (): Float64Array => Float64Array.from(wx);
  const reason = monitor.observe(0, rel, rel <= monitor.tol);
  return { scale, rel, out, stopped: reason === undefined ? undefined : finishSolve(monitor, out(), 0, reason, rel) };
}

function zeroStart(ws: Workspace, slots: { x: number; r: number }, b: Float64Array): number {
  ws.view(slots.x).fill(0);
  return copyNorm(b, ws.view(slots.r));
}

function residualStart(
  ws: Workspace,
  slots: { x: number; r: number; b: number },
  b: Float64Array,
  x0: Float64Array,
): number {
  ws.view(slots.x).set(x0);
  ws.view(slots.b).set(b);
  const { n, rowPtr, colIdx, values } = ws;
  return Math.sqrt(ws.exports.residual(n, rowPtr, colIdx, values, ws.ptr(slots.x), ws.ptr(slots.b), ws.ptr(slots.r)));
}
