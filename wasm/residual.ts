// AssemblyScript source of the WebAssembly residual (see wasm/index.ts). Its operations and their order
// match residual() in src/core/sparse/residual.ts, so r and the returned sum are bit-identical.

import { i32At, f64At, setF64 } from './memory';

/** r = b - A x; returns ||r||^2 summed in row order. */
export function residual(n: i32, rowPtr: usize, colIdx: usize, values: usize, x: usize, b: usize, r: usize): f64 {
  let rr: f64 = 0;
  let k = i32At(rowPtr, 0);
  for (let i: i32 = 0; i < n; i++) {
    const end = i32At(rowPtr, i + 1);
    let s = f64At(b, i);
    for (; k < end; k++) s -= f64At(values, k) * f64At(x, i32At(colIdx, k));
    setF64(r, i, s);
    rr += s * s;
  }
  return rr;
}
