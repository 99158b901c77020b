// AssemblyScript source of the WebAssembly passes of SSOR-CG with Eisenstat's trick (see wasm/index.ts).
// Every operation and its order match backwardPass, lowerProduct and forwardPass in
// src/core/solvers/ssorEisenstat.ts, so the iterates are bit-identical.

import { i32At, f64At, setF64 } from './memory';

/** Rows from the bottom: ph = K rh + beta ph, t = P^{-T} ph, ut = U t. */
export function eisenstatBackward(
  n: i32,
  rowPtr: usize,
  colIdx: usize,
  values: usize,
  diagIdx: usize,
  invDiag: usize,
  omega: f64,
  c2: f64,
  beta: f64,
  rh: usize,
  ph: usize,
  t: usize,
  ut: usize,
): void {
  for (let i: i32 = n - 1; i >= 0; i--) {
    const dk = i32At(diagIdx, i);
    const d = f64At(values, dk);
    const phi = c2 * d * f64At(rh, i) + beta * f64At(ph, i);
    setF64(ph, i, phi);
    let u: f64 = 0;
    const end = i32At(rowPtr, i + 1);
    for (let k = dk + 1; k < end; k++) u += f64At(values, k) * f64At(t, i32At(colIdx, k));
    setF64(t, i, (phi - u) * omega * f64At(invDiag, i));
    setF64(ut, i, u);
  }
}

/** Rows from the top: q = L t + D t + ut; returns t^T q. */
export function eisenstatLower(
  n: i32,
  rowPtr: usize,
  colIdx: usize,
  values: usize,
  diagIdx: usize,
  t: usize,
  ut: usize,
  q: usize,
): f64 {
  let pq: f64 = 0;
  for (let i: i32 = 0; i < n; i++) {
    const dk = i32At(diagIdx, i);
    let lt: f64 = 0;
    for (let k = i32At(rowPtr, i); k < dk; k++) lt += f64At(values, k) * f64At(t, i32At(colIdx, k));
    const ti = f64At(t, i);
    const qi = lt + f64At(values, dk) * ti + f64At(ut, i);
    setF64(q, i, qi);
    pq += ti * qi;
  }
  return pq;
}

/** x += alpha t, r -= alpha q, then rh = P^{-1} r; writes ||r||^2 and rh^T K rh to sums[0], sums[1]. */
export function eisenstatForward(
  n: i32,
  rowPtr: usize,
  colIdx: usize,
  values: usize,
  diagIdx: usize,
  invDiag: usize,
  omega: f64,
  c2: f64,
  alpha: f64,
  t: usize,
  q: usize,
  x: usize,
  r: usize,
  rh: usize,
  sums: usize,
): void {
  let rr: f64 = 0;
  let rz: f64 = 0;
  // One loop here (the TypeScript kernel needs two for V8's sake): row i's update precedes its solve,
  // and the solve reads only rows above, so every value and both sums are the same.
  for (let i: i32 = 0; i < n; i++) {
    setF64(x, i, f64At(x, i) + alpha * f64At(t, i));
    const ri = f64At(r, i) - alpha * f64At(q, i);
    setF64(r, i, ri);
    rr += ri * ri;
    const dk = i32At(diagIdx, i);
    let lr: f64 = 0;
    for (let k = i32At(rowPtr, i); k < dk; k++) lr += f64At(values, k) * f64At(rh, i32At(colIdx, k));
    const d = f64At(values, dk);
    const y = (ri - lr) * omega * f64At(invDiag, i);
    setF64(rh, i, y);
    rz += c2 * d * y * y;
  }
  setF64(sums, 0, rr);
  setF64(sums, 1, rz);
}
