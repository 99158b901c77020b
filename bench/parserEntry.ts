// Child process of bench/parser.mjs: reads one Matrix Market file with relax's reader (on one thread
// when the second argument is 'single') and prints
// {seconds, cpuSeconds, rssBeforeMB, peakRssMB, rows, storedEntries} as JSON.
import { loadMatrix } from '../src/node/loadMatrix';

async function main(): Promise<void> {
  const path = process.argv[2];
  const rssBefore = process.memoryUsage().rss;
  const c0 = process.cpuUsage();
  const t0 = process.hrtime.bigint();
  const single = process.argv[3] === 'single';
  const m = await loadMatrix(path, single ? { parallel: { aboveBytes: Infinity } } : {});
  const seconds = Number(process.hrtime.bigint() - t0) / 1e9;
  const cpu = process.cpuUsage(c0);
  const peakRssMB = process.resourceUsage().maxRSS / 1024;
  process.stdout.write(
    JSON.stringify({
      seconds,
      cpuSeconds: (cpu.user + cpu.system) / 1e6,
      rssBeforeMB: rssBefore / 1048576,
      peakRssMB,
      rows: m.csr.rows,
      storedEntries: m.csr.rowPtr[m.csr.rows],
    }) + '\n',
  );
}

main().catch((e: unknown) => {
  process.stderr.write(`${e instanceof Error ? e.message : String(e)}\n`);
  process.exit(2);
});
