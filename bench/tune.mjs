// npm run bench:tune [-- --quick]: issue 15's claims measured in one run. For each matrix: `relax tune --json`
// (wall time and iteration cost), one `relax solve` at the omega it found (wall time, count), and a fine SOR
// scan around the found omega (step 1e-4 / 2e-4) for the optimum it must come within 1 % of. anisotropic3d7816
// is tuned against one capped `relax solve` (it must give up within 3 x that). Ratios are measured in this run;
// under load (printed) they are provisional. Writes bench/.out/tune.json.
import { execFileSync } from 'node:child_process';
import * as esbuild from 'esbuild';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const quick = process.argv.includes('--quick');
const outDir = join(root, 'bench', '.out');
mkdirSync(outDir, { recursive: true });
const cli = join(root, 'dist', 'cli.js');
if (!existsSync(cli)) throw new Error('dist/cli.js is missing: run npm run build first');
const shared = resolve(root, '..', 'shared', 'matrices');

// Nested node processes run without npm's environment (BRIEF: clean env for nested calls).
const env = Object.fromEntries(
  Object.entries(process.env).filter(
    ([k]) => !/^(npm_config_|npm_lifecycle_|npm_package_)/i.test(k) && k !== 'INIT_CWD',
  ),
);

const scanner = join(outDir, 'tune-scan.cjs');
await esbuild.build({
  entryPoints: [join(root, 'bench', 'tune-scan.ts')],
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'cjs',
  outfile: scanner,
  logLevel: 'warning',
});

/** Writes a symmetric Matrix Market file of a stencil Laplacian (lower triangle stored). */
function writeLaplacian(path, dims) {
  if (existsSync(path)) return path;
  const [nx, ny, nz] = [dims[0], dims[1] ?? 1, dims[2] ?? 1];
  const n = nx * ny * nz;
  const diag = 2 * dims.length;
  const lines = [];
  for (let k = 0; k < nz; k++)
    for (let j = 0; j < ny; j++)
      for (let i = 0; i < nx; i++) {
        const r = (k * ny + j) * nx + i + 1;
        if (k > 0) lines.push(`${r} ${r - nx * ny} -1`);
        if (j > 0) lines.push(`${r} ${r - nx} -1`);
        if (i > 0) lines.push(`${r} ${r - 1} -1`);
        lines.push(`${r} ${r} ${diag}`);
      }
  writeFileSync(
    path,
    `%%MatrixMarket matrix coordinate real symmetric\n${n} ${n} ${lines.length}\n${lines.join('\n')}\n`,
  );
  return path;
}

function timed(args) {
  const t0 = performance.now();
  const out = execFileSync('node', [cli, ...args], { encoding: 'utf8', env, maxBuffer: 1 << 26 });
  return { seconds: (performance.now() - t0) / 1000, json: JSON.parse(out.trim().split('\n').pop()) };
}

function scan(file, center, half, step) {
  const out = execFileSync(
    'node',
    [scanner, file, String(center - half), String(Math.min(1.999, center + half)), String(step)],
    { encoding: 'utf8', env, maxBuffer: 1 << 26 },
  );
  return JSON.parse(out);
}

const cases = [
  {
    name: '5-point Laplacian 150 x 150',
    file: writeLaplacian(join(outDir, 'laplace2d_150.mtx'), [150, 150]),
    goal: 'wall',
    limit: 5,
    half: quick ? 0.001 : 0.003,
    step: 1e-4,
  },
  {
    name: '7-point Laplacian 31^3 (n 29,791)',
    file: writeLaplacian(join(outDir, 'laplace3d_31.mtx'), [31, 31, 31]),
    goal: 'cost',
    limit: 10,
    half: quick ? 0.002 : 0.006,
    step: 2e-4,
  },
  { name: 'gr_30_30', file: join(shared, 'gr_30_30.mtx'), goal: 'cost', limit: 10, half: 0.02, step: 1e-4 },
];

const load0 = loadavg();
console.log(
  `load average at start: ${load0.map((l) => l.toFixed(2)).join(', ')}${load0[0] > 1.5 ? '  (machine busy: ratios are provisional)' : ''}`,
);
const results = [];
for (const c of cases) {
  const tune = timed(['tune', c.file, '--json']);
  const t = tune.json;
  const solve = timed(['solve', c.file, '--method', 'sor', '--omega', String(t.omega), '--json']);
  const fine = scan(c.file, t.omega, c.half, c.step);
  const searchCost = t.cost.estimate + t.cost.search;
  const r = {
    case: c.name,
    found: { omega: t.omega, iterations: t.iterations },
    fineScan: {
      omega: fine.omega,
      iterations: fine.iterations,
      window: [t.omega - c.half, t.omega + c.half],
      step: c.step,
    },
    foundOverFine: t.iterations / fine.iterations,
    solve: { iterations: solve.json.iterations, seconds: solve.seconds },
    tune: { seconds: tune.seconds, evaluations: t.evaluations, cost: t.cost },
    wallRatio: tune.seconds / solve.seconds,
    searchCostRatio: searchCost / t.iterations,
    totalCostRatio: t.cost.total / t.iterations,
    omega1: t.baselines.omega1,
    goal:
      c.goal === 'wall' ? `tune wall <= ${c.limit} x solve wall` : `prior + search cost <= ${c.limit} x optimal count`,
  };
  r.meets = (c.goal === 'wall' ? r.wallRatio : r.searchCostRatio) <= c.limit && r.foundOverFine <= 1.01;
  results.push(r);
  console.log(`\n== ${c.name}`);
  console.log(
    `  found ω ${t.omega} -> ${t.iterations}; fine scan (step ${c.step} within ±${c.half}) ${fine.iterations} at ω ${fine.omega.toFixed(4)}: ratio ${r.foundOverFine.toFixed(4)} (goal <= 1.01)`,
  );
  console.log(
    `  tune ${tune.seconds.toFixed(2)} s, ${t.evaluations} solves; cost ${t.cost.total} = estimate ${t.cost.estimate} + search ${t.cost.search} + baselines ${t.cost.baselines}`,
  );
  console.log(`  one solve at the found ω: ${solve.json.iterations} sweeps, ${solve.seconds.toFixed(2)} s`);
  console.log(
    `  wall ratio ${r.wallRatio.toFixed(2)}; (estimate + search) / optimal count ${r.searchCostRatio.toFixed(2)}; total incl. baselines ${r.totalCostRatio.toFixed(2)}`,
  );
  console.log(
    `  ω = 1 baseline: ${t.baselines.omega1.estimated ? `~${t.baselines.omega1.iterations} (estimated after ${t.baselines.omega1.work} sweeps)` : t.baselines.omega1.iterations}`,
  );
  console.log(`  goal: ${r.goal} and found <= 1.01 x fine: ${r.meets ? 'meets' : 'MISSES'}`);
}

{
  const file = join(shared, 'anisotropic3d7816.mtx');
  const tune = timed(['tune', file, '--json']);
  const t = tune.json;
  const capped = timed(['solve', file, '--method', 'sor', '--omega', String(t.prior.omega), '--json']);
  const r = {
    case: 'anisotropic3d7816 SOR (give up)',
    outcome: t.outcome,
    message: t.message,
    tune: { seconds: tune.seconds, evaluations: t.evaluations, cost: t.cost },
    cappedSolve: { iterations: capped.json.iterations, reason: capped.json.reason, seconds: capped.seconds },
    wallRatio: tune.seconds / capped.seconds,
    costRatio: t.cost.total / capped.json.iterations,
  };
  r.meets = t.outcome === 'gave-up' && r.wallRatio <= 3 && /^no ω in \[/i.test(t.message ?? '');
  results.push(r);
  console.log('\n== anisotropic3d7816 SOR');
  console.log(`  outcome ${t.outcome}: ${t.message}`);
  console.log(
    `  tune ${tune.seconds.toFixed(2)} s (${t.evaluations} solves, cost ${t.cost.total}); one capped solve ${capped.seconds.toFixed(2)} s (${capped.json.iterations}, ${capped.json.reason})`,
  );
  console.log(
    `  wall ratio ${r.wallRatio.toFixed(2)} (goal <= 3), cost ratio ${r.costRatio.toFixed(3)}: ${r.meets ? 'meets' : 'MISSES'}`,
  );
}

const load1 = loadavg();
console.log(
  `\nload average at end: ${load1.map((l) => l.toFixed(2)).join(', ')}${Math.max(load0[0], load1[0]) > 1.5 ? '  (provisional: measured while the machine was busy)' : ''}`,
);
writeFileSync(join(outDir, 'tune.json'), JSON.stringify({ load: { start: load0, end: load1 }, results }, null, 2));
console.log(JSON.stringify({ tune: { meets: results.every((r) => r.meets) } }));
