// AssemblyScript source of the WebAssembly SOR sweeps (see wasm/index.ts; compiled by scripts/buildWasm.mjs into
// src/core/kernels/kernelsWasmBytes.ts). Every operation and its order match sorSweepPlain and
// sorSweepTracked in src/core/solvers/sor.ts, and WebAssembly has no fused multiply-add, so the
// iterates are bit-identical to the TypeScript sweeps. Arguments are byte offsets into linear memory
// (rowPtr, colIdx, diagIdx: i32 arrays; values, invDiag, b, x, up, d: f64 arrays).

import { i32At, f64At, setF64 } from './memory';

/** One plain in-place SOR sweep. */
export function sweepPlain(
  n: i32,
  rowPtr: usize,
  colIdx: usize,
  values: usize,
  diagIdx: usize,
  invDiag: usize,
  b: usize,
  x: usize,
  omega: f64,
): void {
  for (let i: i32 = 0; i < n; i++) {
    const dk = i32At(diagIdx, i);
    let s = f64At(b, i);
    for (let k = i32At(rowPtr, i); k < dk; k++) s -= f64At(values, k) * f64At(x, i32At(colIdx, k));
    const end = i32At(rowPtr, i + 1);
    for (let k = dk + 1; k < end; k++) s -= f64At(values, k) * f64At(x, i32At(colIdx, k));
    const xi = f64At(x, i);
    setF64(x, i, xi + omega * (s * f64At(invDiag, i) - xi));
  }
}

/** One in-place SOR sweep that returns ||r_k||^2 of the incoming iterate (see sorSweepTracked). */
export function sweepTracked(
  n: i32,
  rowPtr: usize,
  colIdx: usize,
  values: usize,
  diagIdx: usize,
  invDiag: usize,
  b: usize,
  x: usize,
  up: usize,
  d: usize,
  omega: f64,
  coef: f64,
): f64 {
  let rr: f64 = 0;
  for (let i: i32 = 0; i < n; i++) {
    const dk = i32At(diagIdx, i);
    let lower: f64 = 0;
    for (let k = i32At(rowPtr, i); k < dk; k++) lower += f64At(values, k) * f64At(x, i32At(colIdx, k));
    let upper: f64 = 0;
    const end = i32At(rowPtr, i + 1);
    for (let k = dk + 1; k < end; k++) upper += f64At(values, k) * f64At(x, i32At(colIdx, k));
    const ri = coef * f64At(values, dk) * f64At(d, i) - (upper - f64At(up, i));
    rr += ri * ri;
    const xi = f64At(x, i);
    const step = omega * ((f64At(b, i) - lower - upper) * f64At(invDiag, i) - xi);
    setF64(x, i, xi + step);
    setF64(d, i, step);
    setF64(up, i, upper);
  }
  return rr;
}
