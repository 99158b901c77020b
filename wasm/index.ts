// The WebAssembly kernel module: every hot pass of the solvers, compiled by scripts/buildWasm.mjs into
// src/core/kernels/kernelsWasmBytes.ts. WebAssembly has no fused multiply-add and each file keeps the
// TypeScript kernel's operations in its order, so results are bit-identical to the TypeScript loops.
export { sweepPlain, sweepTracked } from './sor';
export { spmvDot, cgUpdate, cgDirection, dot } from './cg';
export { residual } from './residual';
export { ssorApply } from './ssor';
export { eisenstatBackward, eisenstatForward } from './eisenstat';
