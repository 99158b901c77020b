import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { filesSequence, globToRegExp } from '../../../src/core/sequences/files';
import { loadSpec, sequenceFromSpec } from '../../../src/core/sequences/load';
import { parseSpec, type FilesSpec } from '../../../src/core/sequences/spec';
import type { Instance } from '../../../src/core/sequences/sequence';

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

function all(spec: FilesSpec): Instance[] {
  const stream = filesSequence(spec).open();
  const out: Instance[] = [];
  for (let inst = stream.next(); inst; inst = stream.next()) out.push({ ...inst, b: Float64Array.from(inst.b) });
  return out;
}

describe('files sequence', () => {
  it('globs in natural order with auto context = mean diagonal change from the first matrix', () => {
    const dir = fixtureDir();
    const spec = parseSpec(JSON.stringify({ kind: 'files', files: 'step*.mtx', context: 'auto' }), 'f.json', dir) as FilesSpec;
    const seq = filesSequence(spec);
    expect(seq.info.instances).toBe(3);
    expect(seq.info.contextRange).toEqual([0, 1]);
    const inst = all(spec);
    expect(inst.map((i) => i.context)).toEqual([0, 1, 0.5]);
    expect(Array.from(inst[1].b)).toEqual([1, 1, 1]);
    // Symmetric storage expanded: row 2 of step2 is [-1, 5, -1].
    const a = inst[1].A;
    expect(Array.from(a.colIdx.slice(a.rowPtr[1], a.rowPtr[2]))).toEqual([0, 1, 2]);
    expect(Array.from(a.values.slice(a.rowPtr[1], a.rowPtr[2]))).toEqual([-1, 5, -1]);
  });

  it('takes an explicit list with right-hand sides and per-file contexts', () => {
    const dir = fixtureDir();
    const spec = parseSpec(
      JSON.stringify({ kind: 'files', files: [{ matrix: 'step2.mtx', rhs: 'rhs.mtx', context: 7 }, { matrix: 'step1.mtx', context: -1 }] }),
      'f.json',
      dir,
    ) as FilesSpec;
    const inst = all(spec);
    expect(inst.map((i) => i.context)).toEqual([7, -1]);
    expect(Array.from(inst[0].b)).toEqual([1, 2, 3]);
    expect(filesSequence(spec).info.contextRange).toEqual([-1, 7]);
  });

  it('has no context when none is given', () => {
    const dir = fixtureDir();
    const spec = parseSpec(JSON.stringify({ kind: 'files', files: ['step1.mtx'] }), 'f.json', dir) as FilesSpec;
    expect(filesSequence(spec).info.contextRange).toBeUndefined();
    expect(all(spec)[0].context).toBeUndefined();
  });

  it('reports missing files, empty globs and bad matrices with the spec path or the file line', () => {
    const dir = fixtureDir();
    const make = (files: unknown) => parseSpec(JSON.stringify({ kind: 'files', files }), 'f.json', dir) as FilesSpec;
    expect(() => filesSequence(make(['step1.mtx', 'gone.mtx'])).open().next()).not.toThrow();
    expect(() => {
      const s = filesSequence(make(['step1.mtx', 'gone.mtx'])).open();
      s.next();
      s.next();
    }).toThrow('f.json: $.files[1]: cannot read "gone.mtx": ENOENT');
    expect(() => filesSequence(make('*.mtz'))).toThrow('f.json: $.files: no file matches "*.mtz"');
    expect(() => filesSequence(make(['notes.txt']))).toThrow(/^notes\.txt:1: /);
  });

  it('loads a spec from disk and builds its sequence', () => {
    const dir = fixtureDir();
    writeFileSync(join(dir, 'seq.relax.json'), JSON.stringify({ kind: 'files', files: 'step*.mtx', instances: 2 }));
    const seq = sequenceFromSpec(loadSpec(join(dir, 'seq.relax.json')));
    expect(seq.info.instances).toBe(2);
    expect(() => loadSpec(join(dir, 'nope.json'))).toThrow('nope.json: cannot read: ENOENT');
  });
});

describe('globToRegExp', () => {
  it('matches * and ? within a name and nothing else', () => {
    expect(globToRegExp('a*.mtx').test('a12.mtx')).toBe(true);
    expect(globToRegExp('a*.mtx').test('a12.mtxx')).toBe(false);
    expect(globToRegExp('a?.mtx').test('ab.mtx')).toBe(true);
    expect(globToRegExp('a?.mtx').test('abc.mtx')).toBe(false);
    expect(globToRegExp('a+b.mtx').test('a+b.mtx')).toBe(true);
  });
});

describe('diagonal-shift on a matrix file', () => {
  it('shifts the file matrix, adding the diagonal entries it lacks, and names a missing file by JSON path', () => {
    const dir = mkdtempSync(join(tmpdir(), 'relax-shift-'));
    writeFileSync(join(dir, 'A.mtx'), '%%MatrixMarket matrix coordinate real general\n2 2 3\n1 1 2\n1 2 -1\n2 1 -1\n');
    writeFileSync(join(dir, 's.relax.json'), JSON.stringify({ kind: 'diagonal-shift', matrix: { file: 'A.mtx' }, instances: 3, rhs: 'ones' }));
    const stream = sequenceFromSpec(loadSpec(join(dir, 's.relax.json'))).open();
    const inst = stream.next();
    if (!inst) throw new Error('no instance');
    const c = inst.context as number;
    expect(Array.from(inst.A.values)).toEqual([2 + c, -1, -1, c]);
    writeFileSync(join(dir, 'm.relax.json'), JSON.stringify({ kind: 'diagonal-shift', matrix: { file: 'missing.mtx' } }));
    expect(() => sequenceFromSpec(loadSpec(join(dir, 'm.relax.json')))).toThrow(/m\.relax\.json: \$\.matrix\.file: cannot read "missing\.mtx": ENOENT$/);
  });
});
