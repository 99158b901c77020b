// AssemblyScript source of the WebAssembly SSOR preconditioner of the plain SSOR-CG form (see
// wasm/index.ts). Every operation and its order match ssorPreconditioner in src/core/solvers/ssorPcg.ts.

import { i32At, f64At, setF64 } from './memory';

/** z = omega (2 - omega) (D + omega L)^{-T} D (D + omega L)^{-1} r (scale = omega (2 - omega)); y is scratch. */
export function ssorApply(
  n: i32,
  rowPtr: usize,
  colIdx: usize,
  values: usize,
  diagIdx: usize,
  invDiag: usize,
  omega: f64,
  scale: f64,
  r: usize,
  z: usize,
  y: usize,
): void {
  for (let i: i32 = 0; i < n; i++) {
    let s = f64At(r, i);
    const dk = i32At(diagIdx, i);
    for (let k = i32At(rowPtr, i); k < dk; k++) s -= omega * f64At(values, k) * f64At(y, i32At(colIdx, k));
    setF64(y, i, s * f64At(invDiag, i));
    setF64(z, i, s);
  }
  for (let i: i32 = n - 1; i >= 0; i--) {
    const zi = f64At(z, i) * f64At(invDiag, i);
    setF64(z, i, zi);
    const dk = i32At(diagIdx, i);
    const wz = omega * zi;
    for (let k = i32At(rowPtr, i); k < dk; k++) {
      const c = i32At(colIdx, k);
      setF64(z, c, f64At(z, c) - f64At(values, k) * wz);
    }
  }
  for (let i: i32 = 0; i < n; i++) setF64(z, i, f64At(z, i) * scale);
}
