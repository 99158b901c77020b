// Helper of bench/tune.mjs: fine scan of SOR counts at given omegas, in one process.
// usage: node tune-scan.cjs FILE LO HI STEP  -> JSON { omega, iterations } of the minimum, and the scan
import { solvableMatrix } from '../src/core/io/matrixMarket';
import { loadMatrix } from '../src/node/loadMatrix';
import { prepareSor } from '../src/core/solvers/prepared';
import { sor } from '../src/core/solvers/sor';

async function main(): Promise<void> {
  const [file, lo, hi, step] = process.argv.slice(2);
  const a = solvableMatrix(await loadMatrix(file));
  const p = prepareSor(a);
  const b = new Float64Array(a.rows).fill(1);
  const points: [number, number][] = [];
  let best: [number, number] = [NaN, Infinity];
  const n = Math.round((Number(hi) - Number(lo)) / Number(step));
  for (let k = 0; k <= n; k++) {
    const omega = Number(lo) + k * Number(step);
    const r = sor(p, b, omega);
    const count = r.converged ? r.iterations : Infinity;
    points.push([omega, r.converged ? r.iterations : -1]);
    if (count < best[1]) best = [omega, count];
  }
  process.stdout.write(JSON.stringify({ omega: best[0], iterations: best[1], points }) + '\n');
}
void main();
