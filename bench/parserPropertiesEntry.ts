// Run by bench/parser-properties.mjs: the Matrix Market property checks at a larger scale than the unit
// tests, timing every case. Prints JSON: cases per property, failures, longest case in ms and its size.
import fc from 'fast-check';
import { gzipSync } from 'node:zlib';
import { MatrixMarketError, parseMatrixMarket } from '../src/core/io/matrixMarket';
import { corrupt, corruptionArb, specArb, specText } from '../test/unit/io/mmArbitraries';

interface Tally {
  cases: number;
  errors: number;
  accepted: number;
  otherExceptions: number;
  longestMs: number;
  longestBytes: number;
  /** Largest CPU time of one case (wall time on a busy machine includes waiting for a core). */
  longestCpuMs: number;
  p999Ms: number;
  times: number[];
}

function timed(t: Tally, bytes: Buffer, run: () => void): void {
  const c0 = process.cpuUsage();
  const t0 = process.hrtime.bigint();
  try {
    run();
    t.accepted++;
  } catch (e) {
    if (e instanceof MatrixMarketError) t.errors++;
    else t.otherExceptions++;
  }
  const ms = Number(process.hrtime.bigint() - t0) / 1e6;
  const cpu = process.cpuUsage(c0);
  t.longestCpuMs = Math.max(t.longestCpuMs, (cpu.user + cpu.system) / 1000);
  t.times.push(ms);
  t.cases++;
  if (ms > t.longestMs) {
    t.longestMs = ms;
    t.longestBytes = bytes.length;
  }
}

const runs = Number(process.argv[2] ?? '20000');
const seed = Number(process.argv[3] ?? '1');
const tally = (): Tally => ({
  cases: 0,
  errors: 0,
  accepted: 0,
  otherExceptions: 0,
  longestMs: 0,
  longestBytes: 0,
  longestCpuMs: 0,
  p999Ms: 0,
  times: [],
});
const roundTrip = tally();
const corrupted = tally();
const samples = fc.sample(fc.tuple(specArb(), fc.array(corruptionArb, { minLength: 1, maxLength: 3 }), fc.boolean()), {
  seed,
  numRuns: runs,
});
for (const [spec, corruptions, gz] of samples) {
  const text = Buffer.from(specText(spec));
  const clean: Buffer = gz ? gzipSync(text) : text;
  timed(roundTrip, clean, () => parseMatrixMarket(clean, 'p.mtx'));
  let bad: Buffer = clean;
  for (const c of corruptions) bad = corrupt(bad, c);
  timed(corrupted, bad, () => parseMatrixMarket(bad, 'c.mtx'));
}
for (const t of [roundTrip, corrupted]) {
  const sorted = [...t.times].sort((a, b) => a - b);
  t.p999Ms = sorted[Math.floor(0.999 * (sorted.length - 1))];
  t.times = [];
}
process.stdout.write(JSON.stringify({ seed, roundTrip, corrupted }) + '\n');
