/**
 * The WebAssembly kernels (wasm/index.ts) as TypeScript sees them. Pointers are byte offsets into the
 * arena's memory; n is the row count. Each mirrors the TypeScript kernel named in its source file.
 */
export interface KernelExports {
  sweepPlain(
    n: number,
    rowPtr: number,
    colIdx: number,
    values: number,
    diagIdx: number,
    invDiag: number,
    b: number,
    x: number,
    omega: number,
  ): void;
  sweepTracked(
    n: number,
    rowPtr: number,
    colIdx: number,
    values: number,
    diagIdx: number,
    invDiag: number,
    b: number,
    x: number,
    up: number,
    d: number,
    omega: number,
    coef: number,
  ): number;
  residual(n: number, rowPtr: number, colIdx: number, values: number, x: number, b: number, r: number): number;
  spmvDot(n: number, rowPtr: number, colIdx: number, values: number, p: number, q: number): number;
  cgUpdate(n: number, alpha: number, x: number, r: number, p: number, q: number): number;
  cgDirection(n: number, beta: number, p: number, z: number): void;
  dot(n: number, x: number, y: number): number;
  ssorApply(
    n: number,
    rowPtr: number,
    colIdx: number,
    values: number,
    diagIdx: number,
    invDiag: number,
    omega: number,
    scale: number,
    r: number,
    z: number,
    y: number,
  ): void;
  eisenstatBackward(
    n: number,
    rowPtr: number,
    colIdx: number,
    values: number,
    diagIdx: number,
    scaledInverseDiagonal: number,
    c2: number,
    beta: number,
    rh: number,
    ph: number,
    t: number,
    q: number,
  ): void;
  eisenstatForward(
    n: number,
    rowPtr: number,
    colIdx: number,
    values: number,
    diagIdx: number,
    scaledInverseDiagonal: number,
    c2: number,
    alpha: number,
    t: number,
    q: number,
    x: number,
    r: number,
    rh: number,
    sums: number,
  ): void;
}
