// npm run bench:learn [-- --quick] [-- --nx 25,50,100] [-- --jobs N] [-- --seeds K] [-- --instances T] [-- --out DIR]
// Issue 10's table in one run: the paper-port reference numbers (hard-coded, labelled "reference")
// next to Relax's learners and comparators on both public diagonal-shift sequences (5 seeds, mean
// and worst), and heat2d rows (SSOR-CG). Writes bench/.out/learn.json and cumulative-cost CSVs.
import * as esbuild from 'esbuild';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { runPool, table } from './pool.mjs';

/** Tables here end with a text column. */
const LEFT_FIRST_AND_LAST = (i, n) => i === 0 || i === n - 1;

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const argv = process.argv.slice(2);
const quick = argv.includes('--quick');
const opt = (name, def) => {
  const i = argv.indexOf(name);
  return i >= 0 && argv[i + 1] !== undefined ? argv[i + 1] : def;
};
const seeds = Number(opt('--seeds', quick ? 2 : 5));
const nxs = opt('--nx', quick ? '25' : '25,50')
  .split(',')
  .map(Number);
const workers = Math.max(1, Number(opt('--jobs', Math.min(2, availableParallelism()))));
const diagInstances = Number(opt('--instances', quick ? 1000 : 5000));
const outDir = resolve(opt('--out', join(root, 'bench', '.out')));
mkdirSync(outDir, { recursive: true });

const workerFile = join(outDir, 'learn-worker.cjs');
await esbuild.build({
  entryPoints: [join(root, 'bench', 'learn-entry.ts')],
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'cjs',
  outfile: workerFile,
  logLevel: 'warning',
});

/** Issue 10: the paper's MATLAB learners ported and run on these sequences (mean of 5 seeds). */
const REFERENCE = {
  'beta-0.5-1.5': {
    instanceOptimal: 272903,
    gridOptimal: 292649,
    bestFixedOmega: 1.8,
    bestFixed: 516658,
    tsallisToBestFixed: [1.19, 1.29],
    chebcbToInstanceOptimal: [1.21, 1.23],
    youngExactToInstanceOptimal: 1.03,
    chebcbFirstLast: [147, 62],
  },
  'beta-2-6': {
    instanceOptimal: 204882,
    gridOptimal: 216204,
    bestFixedOmega: 1.6,
    bestFixed: 297342,
    tsallisToBestFixed: [1.08, 1.13],
    chebcbToInstanceOptimal: [1.15, 1.16],
    youngExactToInstanceOptimal: 1.02,
    chebcbFirstLast: [81, 45],
  },
};

const DIAG_POLICIES = [
  'tsallis-inf',
  'tsallis-inf-cb',
  'chebcb',
  'auto',
  'young',
  'best-fixed',
  'grid-optimal',
  'instance-optimal',
];
const HEAT_POLICIES = ['cg', 'fixed=1', 'fixed=1.5', 'tsallis-inf', 'chebcb', 'auto', 'best-fixed', 'grid-optimal'];

const jobs = [];
for (const nx of nxs) {
  const spec = { kind: 'heat2d', nx, stopTime: quick ? 1 : 5, steps: quick ? 1000 : 5000, solver: 'ssor-cg' };
  const policies = nx <= 50 ? [...HEAT_POLICIES, 'instance-optimal'] : HEAT_POLICIES;
  jobs.push({
    id: `heat2d-nx${nx}`,
    spec,
    baseDir: root,
    policies,
    seedOffset: 0,
    learnerSeed: 0,
    weight: nx * nx * (nx <= 50 ? 30 : 10),
  });
}
for (const beta of ['0.5-1.5', '2-6']) {
  const spec = JSON.parse(readFileSync(join(root, 'samples', `paper-beta-${beta}.relax.json`), 'utf8'));
  spec.instances = diagInstances;
  for (let k = 0; k < seeds; k++) {
    jobs.push({
      id: `beta-${beta}`,
      spec,
      baseDir: root,
      policies: DIAG_POLICIES,
      seedOffset: k,
      learnerSeed: spec.seed + k,
      weight: 1000,
    });
  }
}
jobs.sort((a, b) => b.weight - a.weight);

const started = performance.now();
const results = await runPool(jobs, workers, workerFile, {
  tag: 'bench:learn',
  name: (job) => `${job.id} seed ${job.seedOffset}`,
  announce: true,
  message: ({ weight: _w, ...plain }) => plain,
});
const benchSeconds = (performance.now() - started) / 1000;

const report = {
  generated: new Date().toISOString(),
  quick,
  seeds,
  diagInstances,
  workers,
  benchSeconds,
  diagonalShift: {},
  heat2d: {},
};
const lines = [];
for (const beta of ['0.5-1.5', '2-6']) {
  const id = `beta-${beta}`;
  const runs = results.filter((r) => r.id === id).sort((a, b) => a.seedOffset - b.seedOffset);
  const summary = summarize(runs);
  report.diagonalShift[id] = {
    reference: REFERENCE[id],
    relax: summary,
    skipped: runs[0].skipped,
    cumulativeCsv: `learn-cumulative-${id}.csv`,
  };
  lines.push(...diagTable(id, beta, runs.length, summary, REFERENCE[id]), '');
  writeFileSync(join(outDir, `learn-cumulative-${id}.csv`), cumulativeCsv(runs));
  writeFileSync(
    join(outDir, `learn-cumulative-${id}.svg`),
    cumulativeSvg(
      runs,
      `Cumulative cost, diagonal shift Beta(${beta.replace('-', ', ')}), mean of ${runs.length} seeds`,
    ),
  );
}
for (const nx of nxs) {
  const id = `heat2d-nx${nx}`;
  const runs = results.filter((r) => r.id === id);
  const summary = summarize(runs);
  report.heat2d[id] = { nx, n: (nx - 1) ** 2, relax: summary, skipped: runs[0].skipped };
  lines.push(...heatTable(nx, summary), '');
  writeFileSync(join(outDir, `learn-cumulative-${id}.csv`), cumulativeCsv(runs));
  writeFileSync(
    join(outDir, `learn-cumulative-${id}.svg`),
    cumulativeSvg(runs, `Cumulative SSOR-CG iterations, heat2d nx = ${nx}`),
  );
}
lines.push(
  "own time % = the policy's own time (learner bookkeeping, and for young/auto any spectral estimate) over its solve time; hindsight wall = its chosen solves only.",
);
lines.push(
  `bench:learn ${quick ? '(quick) ' : ''}finished in ${benchSeconds.toFixed(0)} s on ${workers} worker(s); JSON: ${join(outDir, 'learn.json')}; cumulative cost CSV/SVG: ${join(outDir, 'learn-cumulative-*.{csv,svg}')}`,
);
writeFileSync(join(outDir, 'learn.json'), `${JSON.stringify(report, null, 2)}\n`);
process.stdout.write(`${lines.join('\n')}\n`);

/** Per policy: mean totals over seeds and mean/worst ratios to the comparators of the same seed. */
function summarize(runs) {
  const names = runs[0].totals.map((t) => t.learner);
  const byName = (run, name) => run.totals.find((t) => t.learner === name);
  return names.map((name) => {
    const per = runs.map((run) => byName(run, name));
    const mean = (f) => per.reduce((s, t) => s + f(t), 0) / per.length;
    const ratio = (base) => {
      const xs = runs.map((run) => {
        const b = byName(run, base);
        return b ? byName(run, name).totalCost / b.totalCost : undefined;
      });
      if (xs.some((x) => x === undefined)) return undefined;
      return { mean: xs.reduce((a, b) => a + b, 0) / xs.length, worst: Math.max(...xs) };
    };
    return {
      learner: name,
      hindsight: per[0].hindsight,
      totalIterations: mean((t) => t.totalIterations),
      extraSweeps: mean((t) => t.extraSweeps),
      totalCost: mean((t) => t.totalCost),
      seconds: mean((t) => t.seconds),
      learnerSeconds: mean((t) => t.learnerSeconds),
      learnerShare: mean((t) => t.learnerShare),
      unconverged: per.reduce((s, t) => s + t.unconverged, 0),
      firstMean: mean((t) => t.firstMean),
      lastMean: mean((t) => t.lastMean),
      omegas: per.map((t) => t.omega).filter((w) => w !== undefined),
      toBestFixed: ratio('best-fixed'),
      toGridOptimal: ratio('grid-optimal'),
      toInstanceOptimal: ratio('instance-optimal'),
      toCgSeconds: (() => {
        const cg = runs.map((run) => byName(run, 'cg'));
        if (cg.some((c) => !c)) return undefined;
        return mean((t) => t.seconds) / (cg.reduce((s, c) => s + c.seconds, 0) / cg.length);
      })(),
    };
  });
}

function int(x) {
  return x === undefined ? '' : Math.round(x).toLocaleString('en-US');
}
function r2(x) {
  return x === undefined ? '' : x.toFixed(2);
}
function mw(r) {
  return r === undefined ? '' : `${r.mean.toFixed(3)} (${r.worst.toFixed(3)})`;
}

function diagTable(id, beta, nSeeds, summary, ref) {
  const [a, b] = beta.split('-');
  const head = [
    'row',
    'total cost',
    '/ best-fixed',
    '/ grid-opt',
    '/ inst-opt',
    'extra sweeps',
    'first->last 200',
    'wall s',
    'own time %',
    'note',
  ];
  const refRows = [
    [
      'reference: instance-optimal',
      int(ref.instanceOptimal),
      r2(ref.instanceOptimal / ref.bestFixed),
      r2(ref.instanceOptimal / ref.gridOptimal),
      '1.00',
      '',
      '',
      '',
      '',
      'paper port (issue 10), hindsight',
    ],
    [
      'reference: grid-optimal',
      int(ref.gridOptimal),
      r2(ref.gridOptimal / ref.bestFixed),
      '1.00',
      r2(ref.gridOptimal / ref.instanceOptimal),
      '',
      '',
      '',
      '',
      'paper port, hindsight',
    ],
    [
      'reference: best-fixed',
      int(ref.bestFixed),
      '1.00',
      r2(ref.bestFixed / ref.gridOptimal),
      r2(ref.bestFixed / ref.instanceOptimal),
      '',
      '',
      '',
      '',
      `paper port, omega=${ref.bestFixedOmega.toFixed(2)}, hindsight`,
    ],
    [
      'reference: Tsallis-INF',
      '',
      `${ref.tsallisToBestFixed[0]} (${ref.tsallisToBestFixed[1]})`,
      '',
      '',
      '',
      '',
      '',
      '',
      'paper port',
    ],
    [
      'reference: ChebCB',
      '',
      '',
      '',
      `${ref.chebcbToInstanceOptimal[0]} (${ref.chebcbToInstanceOptimal[1]})`,
      '',
      `${ref.chebcbFirstLast[0]}->${ref.chebcbFirstLast[1]}`,
      '',
      '',
      'paper port',
    ],
    [
      'reference: Young (exact rho)',
      '',
      '',
      '',
      `${ref.youngExactToInstanceOptimal}`,
      '',
      '',
      '',
      '',
      'paper port, spectral cost not counted',
    ],
  ];
  const relaxRows = summary.map((s) => [
    `relax: ${s.learner}`,
    int(s.totalCost),
    mw(s.toBestFixed),
    mw(s.toGridOptimal),
    mw(s.toInstanceOptimal),
    int(s.extraSweeps),
    `${s.firstMean.toFixed(0)}->${s.lastMean.toFixed(0)}`,
    s.seconds.toFixed(2),
    s.hindsight ? '' : (100 * s.learnerShare).toFixed(2),
    [
      s.hindsight ? 'hindsight' : '',
      s.learner === 'best-fixed' ? `omega=${s.omegas.map((w) => w.toFixed(2)).join('/')}` : '',
      s.unconverged ? `${s.unconverged} unconverged` : '',
    ]
      .filter(Boolean)
      .join(', '),
  ]);
  return [
    `== Diagonal shift ${id}: A_t = laplacian2d(10) + c_t I, c_t = -0.15 + 0.6 Beta(${a}, ${b}), SOR, tol 1e-8, ${diagInstances} instances; relax rows: mean of ${nSeeds} seeds, worst seed in parentheses ==`,
    ...table(head, [...refRows, ...relaxRows], LEFT_FIRST_AND_LAST),
  ];
}

function heatTable(nx, summary) {
  const head = [
    'policy',
    'total iterations',
    'extra sweeps',
    'total cost',
    '/ best-fixed',
    '/ inst-opt',
    'wall s',
    'wall / cg',
    'own time %',
    'note',
  ];
  const rows = summary.map((s) => [
    s.learner,
    int(s.totalIterations),
    int(s.extraSweeps),
    int(s.totalCost),
    s.toBestFixed ? s.toBestFixed.mean.toFixed(3) : '',
    s.toInstanceOptimal ? s.toInstanceOptimal.mean.toFixed(3) : '',
    s.seconds.toFixed(2),
    s.toCgSeconds === undefined ? '' : s.toCgSeconds.toFixed(2),
    s.hindsight ? '' : (100 * s.learnerShare).toFixed(2),
    [
      s.hindsight ? 'hindsight (wall = its chosen solves only)' : '',
      s.learner === 'best-fixed' ? `omega=${s.omegas[0].toFixed(2)}` : '',
      s.unconverged ? `${s.unconverged} unconverged` : '',
    ]
      .filter(Boolean)
      .join(', '),
  ]);
  const steps = quick ? '1000 steps to t = 1' : '5000 steps to t = 5';
  return [
    `== heat2d nx = ${nx} (n = ${(nx - 1) ** 2}), Crank-Nicolson, ${steps}, SSOR-CG, tol 1e-8, one run ==`,
    ...table(head, rows, LEFT_FIRST_AND_LAST),
  ];
}

function cumulativeCsv(runs) {
  const names = runs[0].totals.map((t) => t.learner);
  const len = Math.min(...runs.map((r) => r.cumulative[names[0]].length));
  const stride = runs[0].stride;
  const lines = [['instance', ...names].join(',')];
  for (let i = 0; i < len; i++) {
    const t = Math.min((i + 1) * stride, runs[0].totals[0].instances);
    const vals = names.map((n) => Math.round(runs.reduce((s, r) => s + r.cumulative[n][i], 0) / runs.length));
    lines.push([t, ...vals].join(','));
  }
  return `${lines.join('\n')}\n`;
}

/** Mean cumulative cost per policy as an SVG line chart (hindsight comparators dashed). */
function cumulativeSvg(runs, title) {
  const names = runs[0].totals.map((t) => t.learner);
  const hindsight = new Set(runs[0].totals.filter((t) => t.hindsight).map((t) => t.learner));
  const len = Math.min(...runs.map((r) => r.cumulative[names[0]].length));
  const stride = runs[0].stride;
  const total = runs[0].totals[0].instances;
  const series = names.map((n) =>
    Array.from({ length: len }, (_, i) => runs.reduce((s, r) => s + r.cumulative[n][i], 0) / runs.length),
  );
  const ymax = Math.max(...series.map((s) => s[len - 1]));
  const [W, H, L, R, T, B] = [820, 440, 70, 250, 36, 44];
  const x = (i) => L + ((W - L - R) * Math.min((i + 1) * stride, total)) / total;
  const y = (v) => H - B - ((H - T - B) * v) / ymax;
  const colors = [
    '#0072BD',
    '#D95319',
    '#EDB120',
    '#7E2F8E',
    '#77AC30',
    '#4DBEEE',
    '#A2142F',
    '#000000',
    '#888888',
    '#1b9e77',
  ];
  const out = [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${W}" height="${H}" viewBox="0 0 ${W} ${H}" font-family="sans-serif" font-size="12">`,
    `<rect width="${W}" height="${H}" fill="white"/>`,
  ];
  out.push(`<text x="${L}" y="20" font-size="14">${title}</text>`);
  out.push(
    `<line x1="${L}" y1="${H - B}" x2="${W - R}" y2="${H - B}" stroke="black"/><line x1="${L}" y1="${T}" x2="${L}" y2="${H - B}" stroke="black"/>`,
  );
  for (let k = 0; k <= 4; k++) {
    const v = (ymax * k) / 4;
    out.push(`<text x="${L - 6}" y="${y(v) + 4}" text-anchor="end">${Math.round(v).toLocaleString('en-US')}</text>`);
    const t = Math.round((total * k) / 4);
    out.push(`<text x="${L + ((W - L - R) * k) / 4}" y="${H - B + 16}" text-anchor="middle">${t}</text>`);
  }
  out.push(`<text x="${(L + W - R) / 2}" y="${H - 8}" text-anchor="middle">instance</text>`);
  names.forEach((n, j) => {
    const pts = series[j].map((v, i) => `${x(i).toFixed(1)},${y(v).toFixed(1)}`).join(' ');
    const dash = hindsight.has(n) ? ' stroke-dasharray="6 4"' : '';
    const c = colors[j % colors.length];
    out.push(`<polyline fill="none" stroke="${c}" stroke-width="2"${dash} points="${pts}"/>`);
    out.push(
      `<line x1="${W - R + 12}" y1="${T + 10 + 18 * j}" x2="${W - R + 36}" y2="${T + 10 + 18 * j}" stroke="${c}" stroke-width="2"${dash}/>`,
    );
    out.push(`<text x="${W - R + 42}" y="${T + 14 + 18 * j}">${n}${hindsight.has(n) ? ' (hindsight)' : ''}</text>`);
  });
  out.push('</svg>');
  return `${out.join('\n')}\n`;
}
