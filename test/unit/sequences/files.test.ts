import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { DEFAULT_LIMITS } from '../../../src/core/defaults';
import { filesSequence as filesSequenceFrom, globToRegExp } from '../../../src/core/sequences/files';
import { sequenceFromSpec as fromSpec } from '../../../src/core/sequences/load';
import { parseSpec, type FilesSpec, type SequenceSpec } from '../../../src/core/sequences/spec';
import type { Instance, Sequence } from '../../../src/core/sequences/sequence';
import { loadSpec } from '../../../src/node/loadSpec';
import { nodeSequenceSource } from '../../../src/node/sequenceSource';
import { gzipBomb } from '../../helpers/gzipBomb';

const source = nodeSequenceSource(DEFAULT_LIMITS);
const filesSequence = (spec: FilesSpec): Promise<Sequence> => filesSequenceFrom(spec, source);
const sequenceFromSpec = (spec: SequenceSpec): Promise<Sequence> => fromSpec(spec, source);

/** A 3 x 3 tridiagonal matrix with diagonal d and off-diagonal -1, symmetric storage. */
function tridiag(d: number[]): string {
  return `%%MatrixMarket matrix coordinate real symmetric\n3 3 5\n1 1 ${d[0]}\n2 2 ${d[1]}\n3 3 ${d[2]}\n2 1 -1\n3 2 -1\n`;
}

function fixtureDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'relax-files-'));
  writeFileSync(join(dir, 'step10.mtx'), tridiag([4.5, 4.5, 4.5]));
  writeFileSync(join(dir, 'step2.mtx'), tridiag([4, 5, 6]));
  writeFileSync(join(dir, 'step1.mtx'), tridiag([4, 4, 4]));
  writeFileSync(join(dir, 'rhs.mtx'), '%%MatrixMarket matrix array real general\n3 1\n1\n2\n3\n');
  writeFileSync(join(dir, 'notes.txt'), 'not a matrix');
  return dir;
}

async function all(spec: FilesSpec): Promise<Instance[]> {
  const stream = (await filesSequence(spec)).open();
  const out: Instance[] = [];
  for (let inst = await stream.next(); inst; inst = await stream.next())
    out.push({ ...inst, b: Float64Array.from(inst.b) });
  return out;
}

describe('files sequence', () => {
  it('globs in natural order with auto context = mean diagonal change from the first matrix', async () => {
    const dir = fixtureDir();
    const spec = parseSpec(
      JSON.stringify({ kind: 'files', files: 'step*.mtx', context: 'auto' }),
      'f.json',
      dir,
    ) as FilesSpec;
    const seq = await filesSequence(spec);
    expect(seq.info.instances).toBe(3);
    expect(seq.info.contextRange).toEqual([0, 1]);
    const inst = await all(spec);
    expect(inst.map((i) => i.context)).toEqual([0, 1, 0.5]);
    expect(Array.from(inst[1].b)).toEqual([1, 1, 1]);
    // Symmetric storage expanded: row 2 of step2 is [-1, 5, -1].
    const a = inst[1].A;
    expect(Array.from(a.colIdx.slice(a.rowPtr[1], a.rowPtr[2]))).toEqual([0, 1, 2]);
    expect(Array.from(a.values.slice(a.rowPtr[1], a.rowPtr[2]))).toEqual([-1, 5, -1]);
  });

  it('takes an explicit list with right-hand sides and per-file contexts', async () => {
    const dir = fixtureDir();
    const spec = parseSpec(
      JSON.stringify({
        kind: 'files',
        files: [
          { matrix: 'step2.mtx', rhs: 'rhs.mtx', context: 7 },
          { matrix: 'step1.mtx', context: -1 },
        ],
      }),
      'f.json',
      dir,
    ) as FilesSpec;
    const inst = await all(spec);
    expect(inst.map((i) => i.context)).toEqual([7, -1]);
    expect(Array.from(inst[0].b)).toEqual([1, 2, 3]);
    expect((await filesSequence(spec)).info.contextRange).toEqual([-1, 7]);
  });

  it('has no context when none is given', async () => {
    const dir = fixtureDir();
    const spec = parseSpec(JSON.stringify({ kind: 'files', files: ['step1.mtx'] }), 'f.json', dir) as FilesSpec;
    expect((await filesSequence(spec)).info.contextRange).toBeUndefined();
    expect((await all(spec))[0].context).toBeUndefined();
  });

  it('reports missing files, empty globs and bad matrices with the spec path or the file line', async () => {
    const dir = fixtureDir();
    const make = (files: unknown) => parseSpec(JSON.stringify({ kind: 'files', files }), 'f.json', dir) as FilesSpec;
    const s = (await filesSequence(make(['step1.mtx', 'gone.mtx']))).open();
    expect((await s.next())?.t).toBe(0);
    await expect(s.next()).rejects.toThrow(/^gone\.mtx:1: cannot open the file: no such file$/);
    await expect(filesSequence(make('*.mtz'))).rejects.toThrow('f.json: $.files: no file matches "*.mtz"');
    await expect(filesSequence(make(['notes.txt']))).rejects.toThrow(/^notes\.txt:1: /);
  });

  it('reads every file within the limits it is given, from the size line', async () => {
    const dir = fixtureDir();
    const spec = parseSpec(JSON.stringify({ kind: 'files', files: ['step1.mtx'] }), 'f.json', dir) as FilesSpec;
    await expect(filesSequenceFrom(spec, nodeSequenceSource({ ...DEFAULT_LIMITS, maxRows: 2 }))).rejects.toThrow(
      'step1.mtx:2: the matrix has 3 rows, above the limit of 2 (setting relax.maxMatrixRows, flag --max-rows)',
    );
  });

  it('refuses a gzip bomb after its first 16 MB of decompressed text', async () => {
    const dir = fixtureDir();
    writeFileSync(join(dir, 'bomb.mtx.gz'), gzipBomb(256));
    const spec = parseSpec(
      JSON.stringify({ kind: 'files', files: ['step1.mtx', 'bomb.mtx.gz'] }),
      'f.json',
      dir,
    ) as FilesSpec;
    const s = (await filesSequence(spec)).open();
    await s.next();
    await expect(s.next()).rejects.toThrow(
      /^bomb\.mtx\.gz:\d+: the gzip data expands past 16 MB for 3 declared entries \(256 bytes an entry plus 16 MB\): refused as a gzip bomb; the memory limit \(setting relax\.maxMatrixMemoryMB, flag --max-memory-mb\) caps it further$/,
    );
  });

  it('loads a spec from disk and builds its sequence', async () => {
    const dir = fixtureDir();
    writeFileSync(join(dir, 'seq.relax.json'), JSON.stringify({ kind: 'files', files: 'step*.mtx', instances: 2 }));
    const seq = await sequenceFromSpec(await loadSpec(join(dir, 'seq.relax.json')));
    expect(seq.info.instances).toBe(2);
    await expect(loadSpec(join(dir, 'nope.json'))).rejects.toThrow('nope.json: cannot read: ENOENT');
  });
});

describe('globToRegExp', () => {
  it('matches * and ? within a name and nothing else', async () => {
    expect(globToRegExp('a*.mtx').test('a12.mtx')).toBe(true);
    expect(globToRegExp('a*.mtx').test('a12.mtxx')).toBe(false);
    expect(globToRegExp('a?.mtx').test('ab.mtx')).toBe(true);
    expect(globToRegExp('a?.mtx').test('abc.mtx')).toBe(false);
    expect(globToRegExp('a+b.mtx').test('a+b.mtx')).toBe(true);
  });
});

describe('diagonal-shift on a matrix file', () => {
  it('shifts the file matrix, adding the diagonal entries it lacks, and names a missing file by JSON path', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'relax-shift-'));
    writeFileSync(join(dir, 'A.mtx'), '%%MatrixMarket matrix coordinate real general\n2 2 3\n1 1 2\n1 2 -1\n2 1 -1\n');
    writeFileSync(
      join(dir, 's.relax.json'),
      JSON.stringify({ kind: 'diagonal-shift', matrix: { file: 'A.mtx' }, instances: 3, rhs: 'ones' }),
    );
    const stream = (await sequenceFromSpec(await loadSpec(join(dir, 's.relax.json')))).open();
    const inst = await stream.next();
    if (!inst) throw new Error('no instance');
    const c = inst.context as number;
    expect(Array.from(inst.A.values)).toEqual([2 + c, -1, -1, c]);
    writeFileSync(
      join(dir, 'm.relax.json'),
      JSON.stringify({ kind: 'diagonal-shift', matrix: { file: 'missing.mtx' } }),
    );
    await expect(sequenceFromSpec(await loadSpec(join(dir, 'm.relax.json')))).rejects.toThrow(
      /^missing\.mtx:1: cannot open the file: no such file$/,
    );
  });
});
