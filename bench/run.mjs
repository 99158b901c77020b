// `npm run bench`: runs every benchmark (bench/kernels.mjs, bench/sor.mjs, bench/heat.mjs, bench/parser.mjs) and prints
// their ratios in one summary, with the machine's load average, CPU, Node and Python/SciPy versions.
// Ratios measured with a 1-minute load average above 1 are provisional (other work shares the cores).
// `npm run bench -- --quick`: fewer repetitions, for development only.
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import os from 'node:os';

/** Each ratio: which bench prints it, where in its last JSON line, and the goal (time ratio, lower is better). */
const benches = [
  {
    script: 'bench/kernels.mjs',
    key: 'kernels',
    quick: ['--iterations', '40', '--reps', '2'],
    ratios: [
      { field: 'cgRatio', what: 'CG iteration relax (WebAssembly) / C -O2', goal: 1.3 },
      { field: 'cgJsRatio', what: 'CG iteration TypeScript loops / C -O2 (information)', goal: null },
      { field: 'ssorOverCg', what: 'SSOR-CG iteration / CG iteration', goal: 1.5 },
      { field: 'spmvRatio', what: 'SpMV TypeScript / C -O2 (information)', goal: null },
    ],
  },
  {
    script: 'bench/sor.mjs',
    key: 'sor',
    quick: ['--sweeps', '50', '--reps', '2'],
    ratios: [
      { field: 'ratio', what: 'SOR sweep relax (WebAssembly) / C -O2', goal: 1.2 },
      { field: 'jsRatio', what: 'SOR sweep TypeScript loops / C -O2 (information)', goal: null },
      { field: 'trackedRatio', what: 'SOR solve iteration / C residual-tracking sweep', goal: 1.2 },
    ],
  },
  {
    script: 'bench/heat.mjs',
    key: 'heat',
    quick: ['--nx', '50', '--steps', '500'],
    ratios: [
      { field: 'ratio50', what: 'heat2d nx=50: learned SSOR-CG / CG (time)', goal: 0.5 },
      { field: 'ratio100', what: 'heat2d nx=100: learned SSOR-CG / CG (time)', goal: 0.5 },
    ],
  },
  {
    script: 'bench/parser.mjs',
    key: 'parser',
    quick: ['--reps', '1'],
    ratios: [{ field: 'ratio', what: 'Matrix Market read relax / scipy.io.mmread', goal: 1.0 }],
  },
];

/** Child processes get a clean environment: no npm_* variables inherited from `npm run`. */
function cleanEnv() {
  const env = {};
  for (const [k, v] of Object.entries(process.env)) {
    if (k.startsWith('npm_') || k === 'INIT_CWD') continue;
    env[k] = v;
  }
  return env;
}

function pythonVersions() {
  try {
    const py =
      'import sys, scipy; import scipy.io._fast_matrix_market as f; print(sys.executable, sys.version.split()[0], scipy.__version__, "fast_matrix_market" if hasattr(f, "mmread") else "classic")';
    return execFileSync('python3', ['-c', py], { encoding: 'utf8', env: cleanEnv() }).trim();
  } catch {
    return 'python3 with SciPy not found';
  }
}

const quickRun = process.argv.includes('--quick');
const load0 = os.loadavg();
console.log('== machine');
console.log(`  CPU        ${os.cpus()[0]?.model ?? 'unknown'} x ${os.cpus().length}`);
console.log(`  Node       ${process.version}`);
console.log(`  gcc        ${execFileSync('gcc', ['-dumpfullversion'], { encoding: 'utf8' }).trim()} (-O2)`);
console.log(`  Python     ${pythonVersions()} (scipy.io.mmread's reader)`);
console.log(`  load avg   ${load0.map((l) => l.toFixed(2)).join(' ')} (1, 5, 15 min) at start`);

const summary = [];
for (const b of benches) {
  if (!existsSync(b.script)) continue;
  console.log(`\n== ${b.script}`);
  let out = '';
  try {
    out = execFileSync('node', [b.script, ...(quickRun ? b.quick : [])], {
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'inherit'],
      env: cleanEnv(),
    });
  } catch (e) {
    console.log(`   failed: ${e instanceof Error ? e.message.split('\n')[0] : e}`);
  }
  process.stdout.write(out);
  let parsed = {};
  try {
    parsed = JSON.parse(out.trim().split('\n').pop() ?? '{}')[b.key] ?? {};
  } catch {
    parsed = {};
  }
  for (const r of b.ratios) summary.push({ ...r, ratio: typeof parsed[r.field] === 'number' ? parsed[r.field] : null });
}

const load1 = os.loadavg();
const quiet = Math.max(load0[0], load1[0]) < 1;
console.log(
  `\n== summary (time ratios measured in this run; lower is better; load average ${load0[0].toFixed(2)} at start, ${load1[0].toFixed(2)} at end)`,
);
for (const s of summary) {
  const verdict =
    s.ratio === null ? 'no result' : s.goal === null ? '' : s.ratio <= s.goal ? 'meets goal' : 'above goal';
  const goal = s.goal === null ? '' : `goal <= ${s.goal}`;
  console.log(`  ${s.what.padEnd(46)} ${String(s.ratio ?? '-').padStart(7)}   ${goal.padEnd(12)} ${verdict}`);
}
if (quickRun) console.log('  quick run: fewer repetitions than the default');
if (!quiet)
  console.log('  provisional: the load average was >= 1, so other work shared the cores during these timings');
