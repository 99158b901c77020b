// AssemblyScript source of the WebAssembly CG passes (see wasm/index.ts). Every operation and its order
// match spmvDot and the vector loops of src/core/solvers/pcg.ts, so the iterates are bit-identical.

import { i32At, f64At, setF64 } from './memory';

/** q = A p; returns p^T q summed in row order. */
export function spmvDot(n: i32, rowPtr: usize, colIdx: usize, values: usize, p: usize, q: usize): f64 {
  let pq: f64 = 0;
  let k = i32At(rowPtr, 0);
  for (let i: i32 = 0; i < n; i++) {
    const end = i32At(rowPtr, i + 1);
    let s: f64 = 0;
    for (; k < end; k++) s += f64At(values, k) * f64At(p, i32At(colIdx, k));
    setF64(q, i, s);
    pq += f64At(p, i) * s;
  }
  return pq;
}

/** x += alpha p, r -= alpha q; returns ||r||^2. */
export function cgUpdate(n: i32, alpha: f64, x: usize, r: usize, p: usize, q: usize): f64 {
  let rr: f64 = 0;
  for (let i: i32 = 0; i < n; i++) {
    setF64(x, i, f64At(x, i) + alpha * f64At(p, i));
    const ri = f64At(r, i) - alpha * f64At(q, i);
    setF64(r, i, ri);
    rr += ri * ri;
  }
  return rr;
}

/** p = z + beta p. */
export function cgDirection(n: i32, beta: f64, p: usize, z: usize): void {
  for (let i: i32 = 0; i < n; i++) setF64(p, i, f64At(z, i) + beta * f64At(p, i));
}

/** x^T y in index order. */
export function dot(n: i32, x: usize, y: usize): f64 {
  let s: f64 = 0;
  for (let i: i32 = 0; i < n; i++) s += f64At(x, i) * f64At(y, i);
  return s;
}
