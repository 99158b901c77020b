// Benchmark: relax's SOR sweep (`relax bench sor`: the WebAssembly kernel every solve runs, and the
// TypeScript loops it is checked against) vs the same CSR sweep in C (bench/sor.c, gcc -O2), in the same run, on a 2-D 5-point Laplacian with about 1M stored entries.
// Prints a table and one JSON line {"sor": {..., ratio}}. Usage:
//   node bench/sor.mjs [--grid 450] [--sweeps 200] [--reps 5] [--omega 1.5]     (after npm run build)
import { execFileSync } from 'node:child_process';
import { laplacianFile } from './laplacianFile.mjs';

const args = process.argv.slice(2);
const opt = (name, dflt) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? args[i + 1] : dflt;
};
const grid = Number(opt('grid', '450'));
const sweeps = Number(opt('sweeps', '200'));
const reps = Number(opt('reps', '5'));
const omega = opt('omega', '1.5');
const outDir = 'bench/.out';

const file = laplacianFile(outDir, grid);
const entries = 5 * grid * grid - 4 * grid;
const exe = `${outDir}/sor-c`;
execFileSync('gcc', ['-O2', '-o', exe, 'bench/sor.c']);

const run = (cmd, cmdArgs) => JSON.parse(execFileSync(cmd, cmdArgs, { encoding: 'utf8' }).trim().split('\n').pop());
const cTimes = [];
const cTracked = [];
const tsTimes = [];
const jsTimes = [];
let cSum = 0;
let tsSum = 0;
let jsSum = 0;
const relaxBench = (kernels) =>
  run('node', [
    'dist/cli.js',
    'bench',
    'sor',
    file,
    '--omega',
    omega,
    '--sweeps',
    String(sweeps),
    '--kernels',
    kernels,
    '--json',
  ]);
// Alternate C and both relax kernels so machine load affects all alike; keep each side's best time.
for (let r = 0; r < reps; r++) {
  const c = run(exe, [file, omega, String(sweeps)]);
  const t = relaxBench('wasm');
  const j = relaxBench('js');
  cTimes.push(c.seconds);
  cTracked.push(c.trackedSecondsPerSweep);
  tsTimes.push(t.seconds);
  jsTimes.push(j.seconds);
  cSum = c.checksum;
  tsSum = t.checksum;
  jsSum = j.checksum;
}
// Informational: a full SOR solve iteration (sweep plus the fused residual norm), from `relax solve`.
const solve = run('node', [
  'dist/cli.js',
  'solve',
  file,
  '--omega',
  omega,
  '--max-iter',
  String(sweeps),
  '--tol',
  '1e-300',
  '--json',
]);
const solveSecondsPerIteration = solve.seconds / (sweeps + 1);
const cBest = Math.min(...cTimes);
const tsBest = Math.min(...tsTimes);
const jsBest = Math.min(...jsTimes);
const result = {
  file,
  rows: grid * grid,
  storedEntries: entries,
  omega: Number(omega),
  sweeps,
  reps,
  cSecondsPerSweep: cBest / sweeps,
  tsSecondsPerSweep: tsBest / sweeps,
  jsSecondsPerSweep: jsBest / sweeps,
  solveSecondsPerIteration,
  checksumsAgree: Math.abs(cSum - tsSum) <= 1e-9 * Math.abs(cSum),
  ratio: +(tsBest / cBest).toFixed(3),
  jsRatio: +(jsBest / cBest).toFixed(3),
  identicalKernels: tsSum === jsSum,
  cTrackedSecondsPerSweep: Math.min(...cTracked),
  trackedRatio: +(solveSecondsPerIteration / Math.min(...cTracked)).toFixed(3),
};
console.log(
  `SOR sweep benchmark: ${file} (${result.rows} rows, ${entries} stored entries), ${sweeps} sweeps x ${reps} reps, omega ${omega}`,
);
console.log(
  `  C (gcc -O2)   ${(result.cSecondsPerSweep * 1e3).toFixed(3)} ms/sweep   (runs: ${cTimes.map((s) => s.toFixed(3)).join(', ')} s)`,
);
console.log(
  `  relax (wasm)  ${(result.tsSecondsPerSweep * 1e3).toFixed(3)} ms/sweep   (runs: ${tsTimes.map((s) => s.toFixed(3)).join(', ')} s)`,
);
console.log(
  `  TS loops      ${(result.jsSecondsPerSweep * 1e3).toFixed(3)} ms/sweep   (runs: ${jsTimes.map((s) => s.toFixed(3)).join(', ')} s; ${result.jsRatio} x C; same x as wasm: ${result.identicalKernels ? 'yes' : 'NO'})`,
);
console.log(
  `  relax solve   ${(solveSecondsPerIteration * 1e3).toFixed(3)} ms/iteration (sweep + residual norm; ${(solveSecondsPerIteration / result.tsSecondsPerSweep).toFixed(2)} x a plain sweep); C residual-tracking sweep ${(result.cTrackedSecondsPerSweep * 1e3).toFixed(3)} ms`,
);
console.log(`  same iterate: ${result.checksumsAgree ? 'yes' : 'NO'} (checksums ${cSum} / ${tsSum})`);
console.log(
  `ratio relax/C = ${result.ratio} (goal <= 1.2); relax solve iteration / C tracked sweep = ${result.trackedRatio} (goal <= 1.2)`,
);
console.log(JSON.stringify({ sor: result }));
