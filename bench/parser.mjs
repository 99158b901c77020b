// Benchmark: relax's Matrix Market reader (parallel, and on one thread) vs scipy.io.mmread (SciPy's C++
// fast_matrix_market, with all cores and with one) on a generated ~100 MB coordinate real general file, in the same run. Each
// repetition is a fresh process for each reader, so peak memory is per read. Prints a table and one
// JSON line. Usage:
//   node bench/parser.mjs [--reps 5] [--mb 100] [--order row|column]
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, openSync, writeSync, closeSync, renameSync, statSync } from 'node:fs';
import * as esbuild from 'esbuild';
import os from 'node:os';
import seedrandom from 'seedrandom';

const args = process.argv.slice(2);
const opt = (name, dflt) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? args[i + 1] : dflt;
};
const reps = Number(opt('reps', '5'));
const targetMB = Number(opt('mb', '100'));
const order = opt('order', 'row');
const outDir = 'bench/.out';
mkdirSync(outDir, { recursive: true });

// The reader's threads load mmChunkWorker.js from beside the bundle, as dist/ has it.
for (const [entry, out] of [
  ['bench/parserEntry.ts', 'parser.cjs'],
  ['src/node/mmChunkWorker.ts', 'mmChunkWorker.js'],
]) {
  await esbuild.build({
    entryPoints: [entry],
    bundle: true,
    platform: 'node',
    target: 'node20',
    format: 'cjs',
    outfile: `${outDir}/${out}`,
    logLevel: 'warning',
  });
}

/**
 * Deterministic file: n rows with 8 entries each (diagonal plus 7 pseudo-random columns), values
 * full-precision doubles written as JavaScript's shortest round-trip text (what relax writes).
 */
function generate(path, mb, rowMajor) {
  const rng = seedrandom('relax-parser-bench-1');
  const perRow = 8;
  const approxLine = 30;
  const n = Math.round((mb * 1e6) / (perRow * approxLine));
  const tmp = `${path}.tmp`;
  const fd = openSync(tmp, 'w');
  writeSync(
    fd,
    `%%MatrixMarket matrix coordinate real general\n% relax parser benchmark, seed relax-parser-bench-1\n${n} ${n} ${n * perRow}\n`,
  );
  let text = '';
  const cols = new Int32Array(perRow);
  const emit = (i, j) => {
    text += `${i} ${j} ${(rng() * 2 - 1) * 10 ** Math.floor(rng() * 6 - 3)}\n`;
    if (text.length > 1 << 22) {
      writeSync(fd, text);
      text = '';
    }
  };
  for (let i = 1; i <= n; i++) {
    cols[0] = i;
    for (let k = 1; k < perRow; k++) cols[k] = 1 + Math.floor(rng() * n);
    cols.sort();
    for (let k = 0; k < perRow; k++) {
      const j = k > 0 && cols[k] <= cols[k - 1] ? Math.min(n, cols[k - 1] + 1) : cols[k];
      cols[k] = j;
    }
    // Keep columns unique and in range: walk back from n on overflow.
    for (let k = perRow - 1; k > 0; k--) if (cols[k] > n || cols[k] <= cols[k - 1]) cols[k - 1] = cols[k] - 1;
    for (let k = 0; k < perRow; k++) {
      if (rowMajor) emit(i, cols[k]);
      else emit(cols[k], i); // the transpose, written column by column like SuiteSparse files
    }
  }
  writeSync(fd, text);
  closeSync(fd);
  renameSync(tmp, path);
}

const file = `${outDir}/parser-${targetMB}MB-${order}.mtx`;
if (!existsSync(file)) {
  process.stderr.write(`generating ${file} ...\n`);
  generate(file, targetMB, order === 'row');
}
const sizeMB = statSync(file).size / 1e6;

const PY = `
import sys, time, resource, json
import scipy.io
import scipy.io._fast_matrix_market as fmm
fmm.PARALLELISM = int(sys.argv[2])  # 0 = all cores (SciPy's default)
rss0 = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
c0 = time.process_time()
t0 = time.perf_counter()
m = scipy.io.mmread(sys.argv[1])
t = time.perf_counter() - t0
c = time.process_time() - c0
peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
t1 = time.perf_counter()
a = m.tocsr()
tocsr = time.perf_counter() - t1
print(json.dumps({"seconds": t, "cpuSeconds": c, "tocsrSeconds": tocsr, "rssBeforeMB": rss0 / 1024, "peakRssMB": peak, "rows": m.shape[0], "storedEntries": int(m.nnz)}))
`;

const run = (cmd, argv) => JSON.parse(execFileSync(cmd, argv, { encoding: 'utf8', maxBuffer: 1 << 20 }).trim());
const relax = [];
const relaxSingle = [];
const scipy = [];
const scipy1 = [];
for (let r = 0; r < reps; r++) {
  relax.push(run(process.execPath, [`${outDir}/parser.cjs`, file]));
  relaxSingle.push(run(process.execPath, [`${outDir}/parser.cjs`, file, 'single']));
  scipy.push(run('python3', ['-c', PY, file, '0']));
  scipy1.push(run('python3', ['-c', PY, file, '1']));
}
if (relax[0].storedEntries !== scipy[0].storedEntries) {
  throw new Error(`entry counts differ: relax ${relax[0].storedEntries}, scipy ${scipy[0].storedEntries}`);
}
const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};
const result = {
  file,
  fileMB: +sizeMB.toFixed(1),
  order,
  storedEntries: relax[0].storedEntries,
  reps,
  relaxSeconds: +median(relax.map((x) => x.seconds)).toFixed(3),
  scipySeconds: +median(scipy.map((x) => x.seconds)).toFixed(3),
  ratio: 0,
  relaxCpuSeconds: +median(relax.map((x) => x.cpuSeconds)).toFixed(3),
  relaxSingleSeconds: +median(relaxSingle.map((x) => x.seconds)).toFixed(3),
  relaxSingleCpuSeconds: +median(relaxSingle.map((x) => x.cpuSeconds)).toFixed(3),
  ratioSingle: 0,
  scipyCpuSeconds: +median(scipy.map((x) => x.cpuSeconds)).toFixed(3),
  cpuRatio: 0,
  scipyOneThreadSeconds: +median(scipy1.map((x) => x.seconds)).toFixed(3),
  ratioOneThread: 0,
  scipyToCsrSeconds: +median(scipy.map((x) => x.tocsrSeconds)).toFixed(3),
  ratioIncludingToCsr: 0,
  loadAverage1m: +os.loadavg()[0].toFixed(1),
  cores: os.cpus().length,
  relaxMBps: 0,
  relaxPeakRssMB: Math.round(Math.max(...relax.map((x) => x.peakRssMB))),
  relaxSinglePeakRssMB: Math.round(Math.max(...relaxSingle.map((x) => x.peakRssMB))),
  relaxRssBeforeMB: Math.round(relax[0].rssBeforeMB),
  scipyPeakRssMB: Math.round(Math.max(...scipy.map((x) => x.peakRssMB))),
  scipyRssBeforeMB: Math.round(scipy[0].rssBeforeMB),
};
result.ratio = +(result.relaxSeconds / result.scipySeconds).toFixed(3);
result.cpuRatio = +(result.relaxCpuSeconds / result.scipyCpuSeconds).toFixed(3);
// relax's reader on one thread against SciPy's, both restricted to one thread.
result.ratioSingle = +(result.relaxSingleSeconds / result.scipySeconds).toFixed(3);
result.ratioOneThread = +(result.relaxSingleSeconds / result.scipyOneThreadSeconds).toFixed(3);
// relax returns CSR; mmread returns COO, so also compare against mmread followed by tocsr().
result.ratioIncludingToCsr = +(result.relaxSeconds / (result.scipySeconds + result.scipyToCsrSeconds)).toFixed(3);
result.relaxMBps = Math.round(sizeMB / result.relaxSeconds);
const rows = [
  ['reader', 'median wall s', 'median CPU s', 'peak RSS MB', 'RSS before read MB'],
  [
    'relax readMatrixMarket',
    result.relaxSeconds,
    result.relaxCpuSeconds,
    result.relaxPeakRssMB,
    result.relaxRssBeforeMB,
  ],
  ['relax, one thread', result.relaxSingleSeconds, result.relaxSingleCpuSeconds, result.relaxSinglePeakRssMB, ''],
  ['scipy.io.mmread', result.scipySeconds, result.scipyCpuSeconds, result.scipyPeakRssMB, result.scipyRssBeforeMB],
  ['scipy mmread, 1 thread', result.scipyOneThreadSeconds, '', '', ''],
];
console.log(
  `parser benchmark: ${file} (${result.fileMB} MB, ${result.storedEntries} entries, ${order}-major), ${reps} reps`,
);
for (const r of rows) console.log(r.map((c, i) => String(c).padEnd(i === 0 ? 24 : 16)).join(''));
console.log(
  `ratio relax/scipy = ${result.ratio} wall (goal <= 1.0), ${result.cpuRatio} CPU; load average ${result.loadAverage1m} on ${result.cores} cores`,
);
console.log(
  `relax on one thread: ${result.ratioSingle} x scipy; ${result.ratioOneThread} x scipy with 1 thread (both on one thread)`,
);
console.log(
  `scipy tocsr() after mmread: ${result.scipyToCsrSeconds} s; ratio relax / (mmread + tocsr) = ${result.ratioIncludingToCsr}`,
);
if (result.loadAverage1m > result.cores) {
  console.log("note: the machine is busy; wall times understate scipy's multithreading, the CPU ratio is steadier");
}
console.log(JSON.stringify({ parser: result }));
