// AssemblyScript source of the WebAssembly passes of SSOR-CG with Eisenstat's trick (see wasm/index.ts).
// Every operation and its order match backwardPass and forwardPass in
// src/core/solvers/ssorEisenstat.ts, so the iterates are bit-identical.

import { i32At, f64At, setF64 } from './memory';

/** Rows from the bottom: ph = K rh + beta ph, t = P^{-T} ph, q = A t (row i's U t and diagonal, its entries scattered into the rows below as L t). */
export function eisenstatBackward(
  n: i32,
  rowPtr: usize,
  colIdx: usize,
  values: usize,
  diagIdx: usize,
  sc: usize,
  c2: f64,
  beta: f64,
  rh: usize,
  ph: usize,
  t: usize,
  q: usize,
): void {
  for (let i: i32 = n - 1; i >= 0; i--) {
    const dk = i32At(diagIdx, i);
    const d = f64At(values, dk);
    const phi = c2 * d * f64At(rh, i) + beta * f64At(ph, i);
    setF64(ph, i, phi);
    const end = i32At(rowPtr, i + 1);
    const s = f64At(sc, i);
    let u: f64 = 0;
    let ti = phi * s;
    if (dk + 1 < end) {
      for (let k = end - 1; k > dk + 1; k--) u += f64At(values, k) * f64At(t, i32At(colIdx, k));
      const v = f64At(values, dk + 1);
      const tn = f64At(t, i32At(colIdx, dk + 1));
      ti = (phi - u) * s - v * s * tn;
      u += v * tn;
    }
    setF64(t, i, ti);
    setF64(q, i, u + d * ti);
    for (let k = dk + 1; k < end; k++) {
      const c = i32At(colIdx, k);
      setF64(q, c, f64At(q, c) + f64At(values, k) * ti);
    }
  }
}

/** x += alpha t, r -= alpha q, then rh = P^{-1} r; writes ||r||^2 and rh^T K rh to sums[0], sums[1]. */
export function eisenstatForward(
  n: i32,
  rowPtr: usize,
  colIdx: usize,
  values: usize,
  diagIdx: usize,
  sc: usize,
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
    const first = i32At(rowPtr, i);
    const s = f64At(sc, i);
    let y = ri * s;
    if (first < dk) {
      let lr: f64 = 0;
      for (let k = first; k < dk - 1; k++) lr += f64At(values, k) * f64At(rh, i32At(colIdx, k));
      const v = f64At(values, dk - 1);
      y = (ri - lr) * s - v * s * f64At(rh, i32At(colIdx, dk - 1));
    }
    const d = f64At(values, dk);
    setF64(rh, i, y);
    rz += c2 * d * y * y;
  }
  setF64(sums, 0, rr);
  setF64(sums, 1, rz);
}
