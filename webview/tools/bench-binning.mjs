// Spy binning speed on a large pattern, as a ratio to one plain pass over the same CSR arrays
// (the least any binning can cost). Usage: node webview/tools/bench-binning.mjs [rows] [perRow]
import * as esbuild from 'esbuild';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
const built = await esbuild.build({
  entryPoints: [join(root, 'src/core/sparse/spyBinning.ts')],
  bundle: true,
  format: 'esm',
  platform: 'node',
  write: false,
});
const { binSparsityPattern, spyGridSize } = await import(
  `data:text/javascript;base64,${Buffer.from(built.outputFiles[0].text).toString('base64')}`
);

const rows = Number(process.argv[2] ?? 1_000_000);
const perRow = Number(process.argv[3] ?? 5);
// A banded pattern plus far off-diagonal couplings, like a 2-D Laplacian: rows * perRow entries.
const rowPtr = new Int32Array(rows + 1);
const colIdx = new Int32Array(rows * perRow);
const side = Math.round(Math.sqrt(rows));
let k = 0;
for (let i = 0; i < rows; i++) {
  const cand = [i - side, i - 1, i, i + 1, i + side].filter((j) => j >= 0 && j < rows).slice(0, perRow);
  for (const j of cand) colIdx[k++] = j;
  rowPtr[i + 1] = k;
}
const pattern = { rows, cols: rows, rowPtr, colIdx: colIdx.subarray(0, k) };

function baseline() {
  let s = 0;
  for (let i = 0; i < rows; i++) for (let q = rowPtr[i]; q < rowPtr[i + 1]; q++) s += colIdx[q];
  return s;
}
function time(fn, reps = 5) {
  fn();
  const t = [];
  for (let r = 0; r < reps; r++) {
    const t0 = process.hrtime.bigint();
    fn();
    t.push(Number(process.hrtime.bigint() - t0) / 1e6);
  }
  return t.sort((a, b) => a - b)[Math.floor(reps / 2)];
}
const { width, height } = spyGridSize(rows, rows, 512);
const base = time(baseline);
const bin = time(() => binSparsityPattern(pattern, width, height));
console.log(
  JSON.stringify({
    rows,
    entries: k,
    grid: `${width}x${height}`,
    baselineMs: +base.toFixed(2),
    binningMs: +bin.toFixed(2),
    ratio: +(bin / base).toFixed(2),
  }),
);
