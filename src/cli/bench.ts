import { nnz } from '../core/sparse/csr';
import { prepareSor } from '../core/solvers/prepared';
import { setKernelBackend, type KernelBackend } from '../core/kernels/backend';
import { sorSweeps } from '../core/solvers/sor';
import {
  choiceOption,
  integerOption,
  LIMIT_OPTIONS,
  limitsOption,
  numberOption,
  parseArgs,
  usageOf,
  UsageError,
  type CommandSpec,
} from './args';
import { commandEntry, EXIT_OK } from './exit';
import { num, seconds, table } from './format';
import { loadSystem } from './load';

const BENCH: CommandSpec = {
  name: 'bench',
  synopsis: ['sor FILE --omega W --sweeps N [--kernels wasm|js] [--json]'],
  description: 'Times N in-place SOR sweeps (b = ones, x0 = 0) after a warm-up of max(1, N/10) sweeps.',
  options: {
    omega: { kind: 'value', arg: 'W', help: 'relaxation parameter in (0, 2) (default 1)' },
    sweeps: { kind: 'value', arg: 'N', help: 'sweeps timed (default 100)' },
    kernels: {
      kind: 'value',
      arg: 'K',
      help: 'wasm (the default, what every solve runs) or js (the TypeScript loops it is checked against)',
    },
    json: { kind: 'flag', help: 'prints {"sweeps", "seconds", "secondsPerSweep", ...}' },
    ...LIMIT_OPTIONS,
  },
};
export const BENCH_USAGE = usageOf(BENCH);

/** `relax bench sor`: raw sweep speed, for comparison with bench/sor.c. */
export const runBench = commandEntry('bench', async (args: string[]): Promise<number> => {
  const p = parseArgs(args, BENCH.options);
  const [kernel, file, extra] = p.positional;
  if (kernel !== 'sor')
    throw new UsageError(
      kernel === undefined ? 'missing kernel: relax bench sor FILE' : `unknown kernel '${kernel}' (only sor)`,
    );
  if (file === undefined) throw new UsageError('missing FILE (relax bench sor FILE --omega W --sweeps N)');
  if (extra !== undefined) throw new UsageError(`unexpected argument '${extra}'`);
  const omega = numberOption(p, 'omega', (w) => w > 0 && w < 2, 'in (0, 2)') ?? 1;
  const sweeps = integerOption(p, 'sweeps', 1) ?? 100;
  const kernels = choiceOption<KernelBackend>(p, 'kernels', ['wasm', 'js'], 'wasm');
  setKernelBackend(kernels);
  const { a } = await loadSystem(file, limitsOption(p));
  const prepared = prepareSor(a);
  const b = new Float64Array(a.rows).fill(1);
  const x = new Float64Array(a.rows);
  sorSweeps(prepared, b, x, omega, Math.max(1, Math.floor(sweeps / 10)));
  x.fill(0);
  const t0 = process.hrtime.bigint();
  sorSweeps(prepared, b, x, omega, sweeps);
  const s = Number(process.hrtime.bigint() - t0) / 1e9;
  // A checksum keeps the work observable (and comparable with the C kernel's).
  let checksum = 0;
  for (let i = 0; i < x.length; i++) checksum += x[i];
  const o = {
    file,
    rows: a.rows,
    storedEntries: nnz(a),
    omega,
    sweeps,
    kernels,
    seconds: s,
    secondsPerSweep: s / sweeps,
    checksum,
  };
  if (p.flags.has('json')) process.stdout.write(JSON.stringify(o) + '\n');
  else
    process.stdout.write(
      table([
        ['matrix', `${file}  (${a.rows} rows, ${o.storedEntries} stored entries)`],
        ['sweeps', `${sweeps} at omega ${omega} (${kernels === 'wasm' ? 'WebAssembly' : 'TypeScript'} kernels)`],
        [
          'time',
          `${seconds(s)}  (${seconds(s / sweeps)} per sweep, ${num((o.storedEntries * sweeps) / s / 1e6)} M entries/s)`,
        ],
      ]),
    );
  return EXIT_OK;
});
