// Benchmark: relax's CG, SSOR-CG (Eisenstat) and SpMV per iteration against bench/cg.c (gcc -O2) on
// the 5-point Laplacian of a grid x grid mesh (about 1 M stored entries at 450), in the same run.
// Prints a table and one JSON line {"kernels": {..., cgRatio, ssorOverCg}}. Usage:
//   node bench/kernels.mjs [--grid 450] [--iterations 100] [--reps 3]
import { execFileSync } from 'node:child_process';
import os from 'node:os';
import * as esbuild from 'esbuild';
import { laplacianFile } from './laplacianFile.mjs';

const args = process.argv.slice(2);
const opt = (name, dflt) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? args[i + 1] : dflt;
};
const grid = opt('grid', '450');
const iterations = opt('iterations', '100');
const reps = Number(opt('reps', '3'));
const outDir = 'bench/.out';
const file = laplacianFile(outDir, Number(grid));
const exe = `${outDir}/cg-c`;
execFileSync('gcc', ['-O2', '-o', exe, 'bench/cg.c', '-lm']);
await esbuild.build({
  entryPoints: ['bench/kernelsEntry.ts'],
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'cjs',
  outfile: `${outDir}/kernels.cjs`,
  logLevel: 'warning',
});

const run = (cmd, argv) => JSON.parse(execFileSync(cmd, argv, { encoding: 'utf8' }).trim().split('\n').pop());
let c = { secondsPerIteration: Infinity, spmvSeconds: Infinity };
let ts = {};
// Alternate C and TS processes so load changes touch both alike; keep each kernel's best.
for (let r = 0; r < reps; r++) {
  const cr = run(exe, [file, iterations]);
  c = {
    secondsPerIteration: Math.min(c.secondsPerIteration, cr.secondsPerIteration),
    spmvSeconds: Math.min(c.spmvSeconds, cr.spmvSeconds),
  };
  const tr = run(process.execPath, [
    `${outDir}/kernels.cjs`,
    grid,
    iterations,
    '1',
    'spmv,cg,cgJs,ssorCg,ssorCgJs,ssorCgPlain',
  ]).secondsPerIteration;
  for (const [k, v] of Object.entries(tr)) ts[k] = Math.min(ts[k] ?? Infinity, v);
}
const ms = (s) => (s * 1e3).toFixed(3).padStart(8);
const result = {
  file,
  iterations: Number(iterations),
  reps,
  cCgSecondsPerIteration: c.secondsPerIteration,
  cSpmvSeconds: c.spmvSeconds,
  ts,
  cgRatio: +(ts.cg / c.secondsPerIteration).toFixed(3),
  cgJsRatio: +(ts.cgJs / c.secondsPerIteration).toFixed(3),
  ssorJsOverCgJs: +(ts.ssorCgJs / ts.cgJs).toFixed(3),
  spmvRatio: +(ts.spmv / c.spmvSeconds).toFixed(3),
  ssorOverCg: +(ts.ssorCg / ts.cg).toFixed(3),
  ssorPlainOverCg: +(ts.ssorCgPlain / ts.cg).toFixed(3),
  loadAverage1m: +os.loadavg()[0].toFixed(2),
};
console.log(`kernel benchmark: ${file}, ${iterations} iterations x ${reps} reps (best per kernel)`);
console.log(`  SpMV              C ${ms(c.spmvSeconds)} ms   TS ${ms(ts.spmv)} ms   ratio ${result.spmvRatio}`);
console.log(
  `  CG iteration      C ${ms(c.secondsPerIteration)} ms   relax ${ms(ts.cg)} ms   ratio ${result.cgRatio} (goal <= 1.3)`,
);
console.log(
  `  SSOR-CG iteration   Eisenstat ${ms(ts.ssorCg)} ms = ${result.ssorOverCg} CG iterations (goal <= 1.5); plain form ${ms(ts.ssorCgPlain)} ms = ${result.ssorPlainOverCg}`,
);
console.log(
  `  TypeScript loops  CG ${ms(ts.cgJs)} ms (ratio to C ${result.cgJsRatio}); SSOR-CG ${ms(ts.ssorCgJs)} ms = ${result.ssorJsOverCgJs} of their CG (the kernels WebAssembly replaced, same iterates)`,
);
console.log(`  load average ${result.loadAverage1m}`);
console.log(JSON.stringify({ kernels: result }));
