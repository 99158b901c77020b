/** Which implementation runs the hot sweeps: WebAssembly (the default) or the TypeScript loops it is checked against. */
export type KernelBackend = 'wasm' | 'js';

/** Per thread: each worker thread loads its own copy of this module. */
let selected: KernelBackend = 'wasm';

/** Selects the kernels for this thread (tests and `relax bench` compare the two; results are bit-identical). */
export function setKernelBackend(backend: KernelBackend): void {
  selected = backend;
}

/** The kernels this thread runs. */
export function kernelBackend(): KernelBackend {
  return selected;
}
