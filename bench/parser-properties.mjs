// Counts and times the Matrix Market property cases at scale (valid round trips and random corruptions:
// truncation, byte flips, deleted/duplicated lines, huge numbers, bad UTF-8, gz). Usage:
//   node bench/parser-properties.mjs [runs=20000] [seed=1]
import { execFileSync } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import * as esbuild from 'esbuild';

mkdirSync('bench/.out', { recursive: true });
await esbuild.build({
  entryPoints: ['bench/parserPropertiesEntry.ts'],
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'cjs',
  outfile: 'bench/.out/parserProperties.cjs',
  logLevel: 'warning',
});
const out = execFileSync(process.execPath, ['bench/.out/parserProperties.cjs', ...process.argv.slice(2)], {
  encoding: 'utf8',
});
const r = JSON.parse(out);
for (const [name, t] of Object.entries({ 'valid round trip': r.roundTrip, corrupted: r.corrupted })) {
  console.log(
    `${name.padEnd(18)} cases ${t.cases}  MatrixMarketError ${t.errors}  accepted ${t.accepted}  other exceptions ${t.otherExceptions}  ` +
      `longest ${t.longestMs.toFixed(2)} ms wall (${t.longestBytes} bytes), ${t.longestCpuMs.toFixed(2)} ms CPU, 99.9th percentile ${t.p999Ms.toFixed(3)} ms`,
  );
}
console.log(JSON.stringify({ parserProperties: r }));
if (r.roundTrip.errors + r.roundTrip.otherExceptions + r.corrupted.otherExceptions > 0) process.exit(1);
