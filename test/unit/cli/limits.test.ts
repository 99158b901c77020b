// The CLI applies the editor's size limits at every command that reads a matrix, from the size line.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { runChild } from '../../helpers/childProcess';
import { gzipBomb } from '../../helpers/gzipBomb';

const root = resolve(__dirname, '../../..');
const cli = resolve(root, 'dist/cli.js');
let dir = '';

/** Runs the CLI under /usr/bin/time, resolving with its exit status, output and peak resident memory in bytes. */
async function relax(...args: string[]) {
  const timing = join(dir, 'time.txt');
  const r = await runChild('/usr/bin/time', ['-f', '%M', '-o', timing, process.execPath, cli, ...args], { cwd: dir });
  return {
    status: r.status,
    stdout: r.stdout,
    stderr: r.stderr,
    peakBytes: Number(readFileSync(timing, 'utf8').trim().split('\n').pop()) * 1024,
  };
}

const ROWS =
  'rows.mtx:2: the matrix has 1000000000 rows, above the limit of 10000000 (setting relax.maxMatrixRows, flag --max-rows)';
const ENTRIES =
  'entries.mtx:2: the file lists 1000000000000 entries, above the limit of 100000000 stored entries (setting relax.maxStoredEntries, flag --max-entries)';
const DENSE =
  'dense.mtx:2: the file lists 10000000000 entries, above the limit of 100000000 stored entries (setting relax.maxStoredEntries, flag --max-entries)';
const BOMB =
  /^bomb\.mtx\.gz:\d+: the gzip data expands past 16 MB for 3 declared entries \(256 bytes an entry plus 16 MB\): refused as a gzip bomb; the memory limit \(setting relax\.maxMatrixMemoryMB, flag --max-memory-mb\) caps it further$/;

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'relax-cli-limits-'));
  writeFileSync(
    join(dir, 'rows.mtx'),
    '%%MatrixMarket matrix coordinate real general\n1000000000 1000000000 1\n1 1 1\n',
  );
  writeFileSync(
    join(dir, 'entries.mtx'),
    '%%MatrixMarket matrix coordinate real general\n1000000 1000000 1000000000000\n1 1 1\n',
  );
  writeFileSync(join(dir, 'dense.mtx'), '%%MatrixMarket matrix array real general\n100000 100000\n1\n');
  writeFileSync(join(dir, 'ok.mtx'), '%%MatrixMarket matrix coordinate real general\n3 3 3\n1 1 4\n2 2 4\n3 3 4\n');
  writeFileSync(join(dir, 'bomb.mtx.gz'), gzipBomb(2560));
  for (const name of ['rows', 'entries', 'dense'])
    writeFileSync(join(dir, `${name}.relax.json`), JSON.stringify({ kind: 'files', files: [`${name}.mtx`] }));
  writeFileSync(join(dir, 'bomb.relax.json'), JSON.stringify({ kind: 'files', files: ['ok.mtx', 'bomb.mtx.gz'] }));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function expectRefused(r: Awaited<ReturnType<typeof relax>>, expected: string | RegExp, prefix: string) {
  expect(r.status).toBe(2);
  expect(r.stdout).toBe('');
  const lines = r.stderr.split('\n').filter((l) => l !== '');
  expect(lines).toHaveLength(1);
  if (typeof expected === 'string') expect(lines[0]).toBe(prefix + expected);
  else expect(lines[0].slice(prefix.length)).toMatch(expected);
  expect(r.peakBytes).toBeLessThan(300 * 1048576);
}

describe('size limits at the CLI: exit 2, one line naming the limit and the flag, under 300 MB', () => {
  test.each([
    ['rows', ROWS],
    ['entries', ENTRIES],
    ['dense', DENSE],
  ])('info, solve and learn refuse %s from the size line', async (name, message) => {
    const file = join(dir, `${name}.mtx`);
    expectRefused(await relax('info', file), `${file}:${message.slice(message.indexOf(':') + 1)}`, 'relax info: ');
    expectRefused(await relax('solve', file), `${file}:${message.slice(message.indexOf(':') + 1)}`, 'relax solve: ');
    expectRefused(await relax('learn', `${name}.relax.json`), message, 'relax learn: ');
  });

  test('info and a files sequence refuse a 2.5 GB gzip bomb after 16 MB', async () => {
    expectRefused(await relax('info', 'bomb.mtx.gz'), BOMB, 'relax info: ');
    expectRefused(await relax('learn', 'bomb.relax.json'), BOMB, 'relax learn: ');
  });

  test('a raised flag lets the same header through to the next check', async () => {
    const r = await relax('info', 'rows.mtx', '--max-rows', '2000000000', '--max-memory-mb', '1');
    expectRefused(
      r,
      /^rows\.mtx:2: reading this matrix needs about \d+ MB, above the limit of 1 MB \(setting relax\.maxMatrixMemoryMB, flag --max-memory-mb\)$/,
      'relax info: ',
    );
  });
});
