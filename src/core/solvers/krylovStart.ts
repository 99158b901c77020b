import type { Workspace } from '../kernels/arena';
import { dot } from '../sparse/vector';

/**
 * The scale of a Krylov solve's relative residual: ||b||_2, or ||r_0||_2 when b = 0 (x = 0 then solves
 * it exactly), or 1 when both vanish.
 */
export function residualScale(b: Float64Array, rNorm: number): number {
  const bNorm = Math.sqrt(dot(b, b));
  return bNorm > 0 ? bNorm : rNorm > 0 ? rNorm : 1;
}

/**
 * Puts x_0 (zero when absent) in slot `x` and r_0 = b - A x_0 in slot `r` of the workspace, using slot `bSlot`
 * for b; returns ||r_0||_2. The residual is the TypeScript residual()'s, bit for bit, without allocating.
 */
export function wasmStart(
  ws: Workspace,
  slots: { x: number; r: number; b: number },
  b: Float64Array,
  x0: Float64Array | undefined,
): number {
  const r = ws.view(slots.r);
  if (x0 === undefined) {
    ws.view(slots.x).fill(0);
    r.set(b);
    return Math.sqrt(dot(b, b));
  }
  ws.view(slots.x).set(x0);
  ws.view(slots.b).set(b);
  const { n, rowPtr, colIdx, values } = ws;
  return Math.sqrt(ws.exports.residual(n, rowPtr, colIdx, values, ws.ptr(slots.x), ws.ptr(slots.b), ws.ptr(slots.r)));
}
