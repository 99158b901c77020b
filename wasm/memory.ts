// Typed access to linear memory for the kernels: base is a byte offset, i an element index.

/** The i-th 32-bit integer of the array at `base`. */
export function i32At(base: usize, i: i32): i32 {
  return load<i32>(base + ((<usize>i) << 2));
}

/** The i-th double of the array at `base`. */
export function f64At(base: usize, i: i32): f64 {
  return load<f64>(base + ((<usize>i) << 3));
}

/** Stores v as the i-th double of the array at `base`. */
export function setF64(base: usize, i: i32, v: f64): void {
  store<f64>(base + ((<usize>i) << 3), v);
}
