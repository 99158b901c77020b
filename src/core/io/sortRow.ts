/**
 * Sorts col[s, e) ascending, permuting val (and im) alongside. Insertion sort for the short rows
 * that dominate sparse matrices, heapsort beyond so a long unsorted row cannot go quadratic.
 */
export function sortRow(col: Int32Array, val: Float64Array, im: Float64Array | undefined, s: number, e: number): void {
  if (e - s <= 24) insertionSort(col, val, im, s, e);
  else heapSort(col, val, im, s, e);
}

function insertionSort(col: Int32Array, val: Float64Array, im: Float64Array | undefined, s: number, e: number): void {
  for (let k = s + 1; k < e; k++) {
    const c = col[k];
    const v = val[k];
    const w = im === undefined ? 0 : im[k];
    let m = k - 1;
    while (m >= s && col[m] > c) {
      col[m + 1] = col[m];
      val[m + 1] = val[m];
      if (im !== undefined) im[m + 1] = im[m];
      m--;
    }
    col[m + 1] = c;
    val[m + 1] = v;
    if (im !== undefined) im[m + 1] = w;
  }
}

function heapSort(col: Int32Array, val: Float64Array, im: Float64Array | undefined, s: number, e: number): void {
  const n = e - s;
  for (let i = (n >> 1) - 1; i >= 0; i--) siftDown(col, val, im, s, i, n);
  for (let end = n - 1; end > 0; end--) {
    swap(col, val, im, s, s + end);
    siftDown(col, val, im, s, 0, end);
  }
}

function siftDown(
  col: Int32Array,
  val: Float64Array,
  im: Float64Array | undefined,
  s: number,
  i: number,
  n: number,
): void {
  for (;;) {
    let big = i;
    const l = 2 * i + 1;
    const r = l + 1;
    if (l < n && col[s + l] > col[s + big]) big = l;
    if (r < n && col[s + r] > col[s + big]) big = r;
    if (big === i) return;
    swap(col, val, im, s + i, s + big);
    i = big;
  }
}

function swap(col: Int32Array, val: Float64Array, im: Float64Array | undefined, a: number, b: number): void {
  const c = col[a];
  col[a] = col[b];
  col[b] = c;
  const v = val[a];
  val[a] = val[b];
  val[b] = v;
  if (im !== undefined) {
    const w = im[a];
    im[a] = im[b];
    im[b] = w;
  }
}
