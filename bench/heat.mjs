// Benchmark: heat2d through `relax learn` (the product's own path): the learned SSOR-CG (learner auto,
// solves plus the learner's own time) against plain CG solves of the same instances, in the same run.
// The specs are samples/heat2d-small.relax.json with nx and the step count changed (dt = 1e-3 as in
// the paper). Prints a table and one JSON line {"heat": {..., ratio50, ratio100}}. Usage:
//   node bench/heat.mjs [--nx 50,100] [--steps 2000]     (after npm run build)
import { execFileSync } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';

const args = process.argv.slice(2);
const opt = (name, dflt) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? args[i + 1] : dflt;
};
const nxs = opt('nx', '50,100').split(',').map(Number);
const steps = Number(opt('steps', '2000'));
const outDir = 'bench/.out';
mkdirSync(outDir, { recursive: true });
const base = JSON.parse(readFileSync('samples/heat2d-small.relax.json', 'utf8'));

const learn = (spec, learner) =>
  JSON.parse(
    execFileSync('node', ['dist/cli.js', 'learn', spec, '--learner', learner, '--json'], {
      encoding: 'utf8',
      maxBuffer: 1 << 28,
    }),
  );
const result = { steps, loadAverage1m: 0 };
console.log(`heat2d benchmark: ${steps} steps (dt = 1e-3), relax learn --learner auto (SSOR-CG) vs --learner cg`);
for (const nx of nxs) {
  const spec = `${outDir}/heat2d-nx${nx}-${steps}.relax.json`;
  writeFileSync(spec, JSON.stringify({ ...base, name: `heat2d-nx${nx}`, nx, steps, stopTime: steps / 1000 }, null, 1));
  const cg = learn(spec, 'cg');
  const auto = learn(spec, 'auto');
  const ratio = +(auto.seconds / cg.seconds).toFixed(3);
  result[`ratio${nx}`] = ratio;
  result[`nx${nx}`] = {
    cgSeconds: cg.seconds,
    cgIterations: cg.totalIterations,
    autoSeconds: auto.seconds,
    autoLearnerSeconds: auto.learnerSeconds,
    autoIterations: auto.totalIterations,
    autoUnconverged: auto.unconverged,
  };
  console.log(
    `  nx = ${nx}: CG ${cg.seconds.toFixed(2)} s (${cg.totalIterations} iterations); learned SSOR-CG ${auto.seconds.toFixed(2)} s ` +
      `(${auto.totalIterations} iterations, learner ${auto.learnerSeconds.toFixed(2)} s); ratio ${ratio}`,
  );
}
result.loadAverage1m = +os.loadavg()[0].toFixed(2);
console.log(`  load average ${result.loadAverage1m}`);
console.log(JSON.stringify({ heat: result }));
