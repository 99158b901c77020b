// Child process of bench/kernels.mjs: times relax's solver kernels in one process on the 5-point
// Laplacian of an m x m grid (the matrix bench/sor.c and bench/cg.c read from a file) and prints
// one JSON line of best-of-reps seconds per iteration.
import { setKernelBackend, type KernelBackend } from '../src/core/kernels/backend';
import { laplacian2d } from '../src/core/sequences/laplacian2d';
import { spmv, type CsrMatrix } from '../src/core/sparse/csr';
import { cg } from '../src/core/solvers/cg';
import { prepareSor, type PreparedMatrix } from '../src/core/solvers/prepared';
import { sor, sorSweeps } from '../src/core/solvers/sor';
import { ssorPcg, ssorPcgPlain } from '../src/core/solvers/ssorPcg';

interface Kernel {
  name: string;
  /** Runs `count` iterations; returns how many it ran. */
  run: (count: number) => number;
}

/** Runs `f` on the given kernels, then back to the default (WebAssembly). */
function on<T>(backend: KernelBackend, f: () => T): T {
  setKernelBackend(backend);
  try {
    return f();
  } finally {
    setKernelBackend('wasm');
  }
}

function kernels(a: CsrMatrix, p: PreparedMatrix, omega: number): Kernel[] {
  const n = a.rows;
  const b = new Float64Array(n).fill(1);
  const x = new Float64Array(n);
  const y = new Float64Array(n);
  // tol 0 never converges, so every solve runs exactly `count` iterations.
  const solveOptions = (count: number) => ({ tol: 0, maxIterations: count });
  return [
    {
      name: 'spmv',
      run: (c) => {
        for (let s = 0; s < c; s++) spmv(a, b, y);
        return c;
      },
    },
    { name: 'cg', run: (c) => cg(a, b, solveOptions(c)).iterations },
    { name: 'ssorCg', run: (c) => ssorPcg(p, b, omega, solveOptions(c)).iterations },
    { name: 'cgJs', run: (c) => on('js', () => cg(a, b, solveOptions(c)).iterations) },
    { name: 'ssorCgJs', run: (c) => on('js', () => ssorPcg(p, b, omega, solveOptions(c)).iterations) },
    { name: 'ssorCgPlain', run: (c) => ssorPcgPlain(p, b, omega, solveOptions(c)).iterations },
    {
      name: 'sorSweep',
      run: (c) => {
        x.fill(0);
        sorSweeps(p, b, x, omega, c);
        return c;
      },
    },
    { name: 'sorSolve', run: (c) => sor(p, b, omega, solveOptions(c)).iterations + 1 },
  ];
}

function main(): void {
  const m = Number(process.argv[2] ?? 450);
  const count = Number(process.argv[3] ?? 100);
  const reps = Number(process.argv[4] ?? 5);
  const only = process.argv[5]?.split(',');
  const omega = 1.5;
  const a = laplacian2d(m);
  const p = prepareSor(a);
  const ks = kernels(a, p, omega).filter((k) => only === undefined || only.includes(k.name));
  const best: Record<string, number> = {};
  for (const k of ks) k.run(Math.max(2, count >> 3)); // warm-up: optimised code before timing
  // Interleave kernels across repetitions so load changes touch all of them alike.
  for (let r = 0; r < reps; r++) {
    for (const k of ks) {
      const t0 = process.hrtime.bigint();
      const done = k.run(count);
      const s = Number(process.hrtime.bigint() - t0) / 1e9 / done;
      best[k.name] = Math.min(best[k.name] ?? Infinity, s);
    }
  }
  process.stdout.write(
    JSON.stringify({ rows: a.rows, storedEntries: a.rowPtr[a.rows], omega, count, reps, secondsPerIteration: best }) +
      '\n',
  );
}

main();
