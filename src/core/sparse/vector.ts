/** Dot product of the first n entries of x and y. */
export function dot(x: Float64Array, y: Float64Array, n: number = x.length): number {
  let s = 0;
  for (let i = 0; i < n; i++) s += x[i] * y[i];
  return s;
}

/** Euclidean norm. */
export function norm2(x: Float64Array): number {
  return Math.sqrt(dot(x, x));
}
