// `npm run bench`: runs every benchmark present (bench/sor.mjs, bench/parser.mjs) and prints their ratios.
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';

const benches = [
  { script: 'bench/sor.mjs', key: 'sor', what: 'SOR sweep TypeScript / C -O2', goal: 1.3 },
  { script: 'bench/parser.mjs', key: 'parser', what: 'Matrix Market read relax / scipy.io.mmread', goal: 1.0 },
];

const summary = [];
for (const b of benches) {
  if (!existsSync(b.script)) continue;
  console.log(`\n== ${b.script}`);
  let out = '';
  try {
    out = execFileSync('node', [b.script], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] });
  } catch (e) {
    console.log(`   failed: ${e instanceof Error ? e.message.split('\n')[0] : e}`);
    summary.push({ ...b, ratio: null });
    continue;
  }
  process.stdout.write(out);
  const last = out.trim().split('\n').pop() ?? '{}';
  let ratio = null;
  try {
    ratio = JSON.parse(last)[b.key]?.ratio ?? null;
  } catch {
    ratio = null;
  }
  summary.push({ ...b, ratio });
}

console.log('\n== summary (time ratios measured in this run; lower is better)');
for (const s of summary) {
  const verdict = s.ratio === null ? 'no result' : s.ratio <= s.goal ? 'meets goal' : 'above goal';
  console.log(`  ${s.what.padEnd(46)} ${String(s.ratio ?? '-').padStart(7)}   goal <= ${s.goal}   ${verdict}`);
}
