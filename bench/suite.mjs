// npm run bench:suite [-- --quick] [-- --instances T] [-- --only WORD[,WORD]] [-- --jobs N] [-- --out DIR]
// The learning suite: every bench/suite/*.relax.json with SOR and, where it applies, SSOR-CG; per run
// the learners and comparators' total cost (iterations + extra sweeps), wall time including the
// learner's own time, and ratios. --quick cuts every sequence to a few instances (development only).
// Timings are provisional whenever the load average printed with them is above the core count.
import * as esbuild from 'esbuild';
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { availableParallelism, loadavg } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { runPool, table } from './pool.mjs';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const suiteDir = join(root, 'bench', 'suite');
const argv = process.argv.slice(2);
const quick = argv.includes('--quick');
const opt = (name, def) => {
  const i = argv.indexOf(name);
  return i >= 0 && argv[i + 1] !== undefined ? argv[i + 1] : def;
};
const only = opt('--only', '').split(',').filter(Boolean);
/** --instances T: at most T instances per sequence (a shorter run than the specs', still not --quick). */
const cap = Number(opt('--instances', Infinity));
const workers = Math.max(1, Number(opt('--jobs', 1)));
const outDir = resolve(opt('--out', join(root, 'bench', '.out')));
mkdirSync(outDir, { recursive: true });

const POLICIES = [
  'auto',
  'chebcb',
  'tsallis-inf',
  'tsallis-inf-cb',
  'young',
  'best-fixed',
  'grid-optimal',
  'instance-optimal',
];
const CONTEXTUAL = new Set(['chebcb', 'tsallis-inf-cb']);
/** --quick: instances per sequence kind. */
const QUICK = { 'diagonal-shift': 150, heat2d: 40, files: 7 };

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

const jobs = [];
for (const file of readdirSync(suiteDir)
  .filter((f) => f.endsWith('.relax.json'))
  .sort()) {
  const spec = JSON.parse(readFileSync(join(suiteDir, file), 'utf8'));
  if (only.length > 0 && !only.some((w) => spec.name.includes(w))) continue;
  for (const solver of solversOf(spec)) {
    const s = { ...spec, solver };
    if (quick) {
      if (s.kind === 'heat2d') s.instances = Math.min(QUICK.heat2d, s.steps);
      else if (s.kind === 'files') s.files = s.files.slice(0, QUICK.files);
      else s.instances = Math.min(QUICK['diagonal-shift'], s.instances);
    }
    if (Number.isFinite(cap)) {
      if (s.kind === 'files') s.files = s.files.slice(0, cap);
      else s.instances = Math.min(cap, s.instances ?? s.steps);
    }
    const withContext = s.kind === 'heat2d' || (s.kind === 'diagonal-shift' && s.context !== 'withheld');
    const policies = POLICIES.filter((p) => withContext || !CONTEXTUAL.has(p));
    jobs.push({ id: `${spec.name} ${solver}`, spec: s, baseDir: suiteDir, policies, seedOffset: 0, learnerSeed: 0 });
  }
}

/** SOR applies to every sequence; SSOR-CG needs symmetric matrices (files sequences name their own solver). */
function solversOf(spec) {
  if (spec.kind === 'files') return [spec.solver];
  if (spec.kind === 'diagonal-shift' && spec.matrix.operator === 'convection-diffusion') return ['sor'];
  return ['sor', 'ssor-cg'];
}

const load0 = loadavg()[0];
const started = performance.now();
const results = await runPool(jobs, workers, workerFile, { tag: 'bench:suite', name: (job) => job.id });
const benchSeconds = (performance.now() - started) / 1000;
const load1 = loadavg()[0];

const rows = [];
const lines = [];
for (const job of jobs) {
  const r = results.find((x) => x.id === job.id);
  const t = (name) => r.totals.find((x) => x.learner === name);
  const bestFixed = t('best-fixed');
  const rivals = ['best-fixed', 'chebcb', 'tsallis-inf'].map(t).filter(Boolean);
  const rival = rivals.reduce((a, b) => (b.totalCost < a.totalCost ? b : a));
  const inst = t('instance-optimal');
  lines.push(
    `${job.id}  (${r.totals[0].instances} instances; best-fixed omega ${bestFixed?.omega?.toFixed(3) ?? '-'})`,
  );
  lines.push(
    ...table(
      ['policy', 'total cost', '/ min(bf,cb,ts)', '/ inst-opt', 'extra sweeps', 'unconv', 'wall s', 'own %'],
      r.totals.map((x) => [
        x.learner,
        int(x.totalCost),
        (x.totalCost / rival.totalCost).toFixed(3),
        inst ? (x.totalCost / inst.totalCost).toFixed(3) : '',
        int(x.extraSweeps),
        String(x.unconverged),
        x.hindsight ? '' : x.seconds.toFixed(2),
        x.hindsight ? '' : (100 * x.learnerShare).toFixed(2),
      ]),
    ).map((l) => `  ${l}`),
  );
  lines.push('');
  const a = t('auto');
  rows.push({
    id: job.id,
    instances: a.instances,
    auto: a.totalCost,
    rival: rival.learner,
    rivalCost: rival.totalCost,
    toRival: a.totalCost / rival.totalCost,
    toInstanceOptimal: inst ? a.totalCost / inst.totalCost : undefined,
    chebcb: t('chebcb')?.totalCost,
    tsallis: t('tsallis-inf')?.totalCost,
    bestFixed: bestFixed?.totalCost,
    bestFixedOmega: bestFixed?.omega,
    young: t('young')?.totalCost,
    instanceOptimal: inst?.totalCost,
    autoSeconds: a.seconds,
    autoOwnShare: a.learnerShare,
    n: r.n,
    totals: r.totals,
  });
}
lines.push(
  'Summary: auto total cost / min(best-fixed, chebcb, tsallis-inf) (target <= 1.03), / instance-optimal, auto own time %',
);
lines.push(
  ...table(
    ['sequence', 'auto', 'rival', 'auto/rival', 'auto/inst-opt', 'auto own %', 'ok'],
    rows.map((x) => [
      x.id,
      int(x.auto),
      x.rival,
      x.toRival.toFixed(3),
      x.toInstanceOptimal?.toFixed(3) ?? '',
      (100 * x.autoOwnShare).toFixed(2),
      x.toRival <= 1.03 ? 'yes' : 'NO',
    ]),
  ),
);
const provisional = Math.max(load0, load1) > availableParallelism();
lines.push(
  `load average ${load0.toFixed(1)} -> ${load1.toFixed(1)} on ${availableParallelism()} cores${provisional ? ': wall times and own-time shares are PROVISIONAL' : ''}; ${quick ? 'QUICK run (few instances), ' : ''}${Number.isFinite(cap) ? `at most ${cap} instances per sequence, ` : ''}${benchSeconds.toFixed(0)} s; JSON ${join(outDir, 'suite.json')}`,
);
writeFileSync(
  join(outDir, 'suite.json'),
  `${JSON.stringify({ generated: new Date().toISOString(), quick, load: [load0, load1], benchSeconds, rows }, null, 2)}\n`,
);
writeFileSync(join(outDir, 'suite.md'), markdown(rows));
process.stdout.write(`${lines.join('\n')}\n`);

/** README's learning table: one row per run, ratios of total cost. */
function markdown(rs) {
  const r3 = (x) => (x === undefined ? '' : x.toFixed(3));
  const head =
    '| sequence | instances | auto / min(best-fixed, chebcb, tsallis-inf) | auto / instance-optimal | chebcb / inst-opt | tsallis-inf / inst-opt | best-fixed omega, / inst-opt | young / inst-opt |\n| --- | --- | --- | --- | --- | --- | --- | --- |';
  const body = rs.map((x) => {
    const io = (v) => (v === undefined || x.instanceOptimal === undefined ? '' : r3(v / x.instanceOptimal));
    return `| ${x.id} | ${x.instances} | ${r3(x.toRival)}${x.toRival <= 1.03 ? '' : ' **(> 1.03)**'} | ${r3(x.toInstanceOptimal)} | ${io(x.chebcb)} | ${io(x.tsallis)} | ${x.bestFixedOmega?.toFixed(2) ?? ''}, ${io(x.bestFixed)} | ${io(x.young)} |`;
  });
  return `${head}\n${body.join('\n')}\n`;
}

function int(x) {
  return x === undefined ? '' : Math.round(x).toLocaleString('en-US');
}
