// The parallel reader against the single-thread one on many generated files: the same CSR bit for
// bit, the same warnings, the same error text and line, wherever the chunk seams fall. Small files
// are forced onto the parallel path with a zero threshold and small read blocks.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { open } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import seedrandom from 'seedrandom';
import { afterAll, describe, expect, it } from 'vitest';
import { DEFAULT_LIMITS } from '../../../src/core/defaults';
import { MatrixMarketError, type MmMatrix } from '../../../src/core/io/types';
import { loadMatrix } from '../../../src/node/loadMatrix';
import { readParallel, splitPoints, type ParallelTuning } from '../../../src/node/parallelRead';

const dir = mkdtempSync(join(tmpdir(), 'relax-parallel-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

type Field = 'real' | 'integer' | 'pattern' | 'complex';
type Symmetry = 'general' | 'symmetric' | 'skew-symmetric' | 'hermitian';

interface Shape {
  field: Field;
  symmetry: Symmetry;
  n: number;
  entries: number;
  sorted: boolean;
  crlf: boolean;
  comments: boolean;
  blank: boolean;
  /** Entries on the size line minus entries in the file. */
  countError: number;
  finalNewline: boolean;
  duplicates: boolean;
  upper: boolean;
}

function value(rng: () => number, field: Field): string {
  const v = (rng() * 2 - 1) * 10 ** Math.floor(rng() * 8 - 4);
  if (field === 'integer') return String(Math.round(v * 100));
  if (field === 'pattern') return '';
  const re = String(v);
  return field === 'complex' ? `${re} ${rng() < 0.5 ? 0 : (rng() - 0.5).toExponential(12)}` : re;
}

/** The text of a file of this shape; entry lines are single-space separated. */
function fileText(shape: Shape, seed: string): string {
  const rng = seedrandom(seed);
  const { n, field, symmetry } = shape;
  const eol = shape.crlf ? '\r\n' : '\n';
  const lines: string[] = [];
  for (let k = 0; k < shape.entries; k++) {
    let i = 1 + Math.floor(rng() * n);
    let j = 1 + Math.floor(rng() * n);
    if (shape.sorted) {
      i = 1 + Math.floor((k * n) / shape.entries);
      j = 1 + (k % n);
    }
    if (symmetry !== 'general') {
      if (i < j && !(shape.upper && rng() < 0.3)) [i, j] = [j, i];
      if (i === j && (symmetry === 'skew-symmetric' || symmetry === 'hermitian')) i = i === n ? i - 1 : i + 1;
      if (i === j && symmetry === 'hermitian') i = Math.max(1, i - 1);
    }
    if (shape.duplicates && k > 0 && rng() < 0.05) {
      lines.push(lines[lines.length - 1].split(' ').slice(0, 2).join(' ') + (field === 'pattern' ? '' : ' 1'));
      continue;
    }
    let v = value(rng, field);
    if (symmetry === 'hermitian' && i === j) v = `${v.split(' ')[0]} 0`;
    lines.push(field === 'pattern' ? `${i} ${j}` : `${i} ${j} ${v}`);
    if (shape.comments && rng() < 0.02) lines.push('% a comment in the data section');
    if (shape.blank && rng() < 0.02) lines.push(rng() < 0.5 ? '' : ' \t');
  }
  const header = `%%MatrixMarket matrix coordinate ${field} ${symmetry}${eol}% generated${eol}`;
  const entryLines = lines.filter((l) => l !== '' && !l.startsWith('%') && l.trim() !== '').length;
  const size = `${n} ${n} ${entryLines + shape.countError}${eol}`;
  return header + size + lines.join(eol) + (shape.finalNewline ? eol : '');
}

type Outcome = { matrix: MmMatrix } | { error: string; line: number };

async function outcome(read: () => Promise<MmMatrix | undefined>): Promise<Outcome | undefined> {
  try {
    const m = await read();
    return m === undefined ? undefined : { matrix: m };
  } catch (e) {
    if (!(e instanceof MatrixMarketError)) throw e;
    return { error: e.message, line: e.diagnostic.line };
  }
}

function single(path: string, blockBytes: number): Promise<Outcome | undefined> {
  return outcome(() => loadMatrix(path, { parallel: { aboveBytes: Infinity, blockBytes } }));
}

/** The parallel reader itself (undefined when it declines the file), as loadMatrix calls it. */
async function parallel(path: string, tuning: ParallelTuning): Promise<Outcome | undefined> {
  const fh = await open(path, 'r');
  try {
    const size = (await fh.stat()).size;
    const head = Buffer.alloc(Math.min(size, tuning.blockBytes));
    await fh.read(head, 0, head.length, 0);
    return await outcome(() => readParallel({ path, name: path, fh, head, size }, { limits: DEFAULT_LIMITS }, tuning));
  } finally {
    await fh.close();
  }
}

/** Same CSR arrays (values compared bit for bit through their bytes), warnings, or error. */
function expectSame(got: Outcome, want: Outcome): void {
  if ('error' in want) {
    expect(got).toEqual(want);
    return;
  }
  expect('matrix' in got).toBe(true);
  if (!('matrix' in got)) return;
  const a = got.matrix;
  const b = want.matrix;
  expect(a.header).toEqual(b.header);
  expect(a.warnings).toEqual(b.warnings);
  expect(Array.from(a.csr.rowPtr)).toEqual(Array.from(b.csr.rowPtr));
  expect(Array.from(a.csr.colIdx)).toEqual(Array.from(b.csr.colIdx));
  const bits = (x: Float64Array | undefined): number[] =>
    x === undefined ? [] : Array.from(new Uint32Array(Float64Array.from(x).buffer));
  expect(bits(a.csr.values)).toEqual(bits(b.csr.values));
  expect(bits(a.imag)).toEqual(bits(b.imag));
}

function shapeFor(rng: () => number): Shape {
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rng() * xs.length)];
  const field = pick(['real', 'real', 'integer', 'pattern', 'complex'] as const);
  const symmetries: Symmetry[] =
    field === 'complex'
      ? ['general', 'symmetric', 'skew-symmetric', 'hermitian']
      : field === 'pattern'
        ? ['general', 'symmetric']
        : ['general', 'symmetric', 'skew-symmetric'];
  return {
    field,
    symmetry: pick(symmetries),
    n: 2 + Math.floor(rng() * 40),
    entries: 1 + Math.floor(rng() * 300),
    sorted: rng() < 0.4,
    crlf: rng() < 0.25,
    comments: rng() < 0.3,
    blank: rng() < 0.2,
    countError: rng() < 0.7 ? 0 : pick([-3, -1, 1, 2]),
    finalNewline: rng() < 0.8,
    duplicates: rng() < 0.3,
    upper: rng() < 0.5,
  };
}

/** Replaces the byte at `at` (a line's first byte) by 'x', keeping every offset. */
function corruptAt(text: string, at: number): string {
  return text.slice(0, at) + 'x' + text.slice(at + 1);
}

describe('parallel Matrix Market reader', () => {
  it('matches the single-thread reader on 120 generated files, good and bad, cut into 2 to 5 chunks', async () => {
    const rng = seedrandom('relax-parallel-read');
    let parallelRuns = 0;
    for (let f = 0; f < 120; f++) {
      const shape = shapeFor(rng);
      let text = fileText(shape, `file-${f}`);
      const chunks = 2 + (f % 4);
      const blockBytes = [64, 97, 256, 4096][f % 4];
      const dataStart = text.indexOf('\n', text.indexOf('\n', text.indexOf('\n') + 1) + 1) + 1;
      const bounds = splitPoints(dataStart, text.length, chunks);
      // A bad line: none, somewhere in chunk 0 or 1, or the line starting right at a seam.
      const where = f % 5;
      if (where > 0 && text.length > dataStart + 10) {
        const seam = bounds[1 + (f % (chunks - 1))];
        const target =
          where === 1
            ? dataStart + Math.floor(rng() * (bounds[1] - dataStart))
            : where === 2
              ? bounds[1] + Math.floor(rng() * (bounds[2] - bounds[1]))
              : seam - (where === 3 ? 0 : 1);
        const lineStart = text.lastIndexOf('\n', target - 1) + 1;
        if (lineStart >= dataStart && lineStart < text.length) text = corruptAt(text, lineStart);
      }
      const path = join(dir, `f${f}.mtx`);
      writeFileSync(path, text, 'latin1');
      const want = await single(path, blockBytes);
      const got = await parallel(path, { aboveBytes: 0, chunks, blockBytes });
      if (want === undefined) throw new Error('the single-thread reader returned nothing');
      if (got !== undefined) {
        parallelRuns++;
        expectSame(got, want);
      }
      // Through the loader too (it falls back to one thread when the parallel reader declines).
      const viaLoader = await outcome(() => loadMatrix(path, { parallel: { aboveBytes: 0, chunks, blockBytes } }));
      expectSame(viaLoader as Outcome, want);
    }
    // The parallel reader declines files whose size line lies beyond the first read block (some
    // headers are longer than 64 bytes) and files with many more lines than entries: 90 of 120 here.
    expect(parallelRuns).toBeGreaterThanOrEqual(85);
  });

  it('reports errors at a seam with the single-thread text and line', async () => {
    const rows = Array.from({ length: 400 }, (_v, k) => `${1 + (k % 20)} ${1 + ((k * 7) % 20)} ${k + 0.5}`);
    const head = `%%MatrixMarket matrix coordinate real general\n20 20 400\n`;
    const text = head + rows.join('\n') + '\n';
    const bounds = splitPoints(head.length, text.length, 2);
    const lineStart = text.lastIndexOf('\n', bounds[1] - 1) + 1;
    for (const bad of [corruptAt(text, lineStart), corruptAt(text, text.indexOf('\n', bounds[1]) + 1)]) {
      const path = join(dir, 'seam.mtx');
      writeFileSync(path, bad);
      const want = await single(path, 128);
      const got = await parallel(path, { aboveBytes: 0, chunks: 2, blockBytes: 128 });
      expect(want && 'error' in want).toBe(true);
      expect(got).toEqual(want);
    }
  });

  it('reports too many entries at the first extra line, in any chunk', async () => {
    const lines = Array.from({ length: 300 }, (_v, k) => `${1 + (k % 30)} ${1 + ((k * 11) % 30)} ${k}`);
    for (const declared of [0, 1, 100, 150, 299]) {
      const path = join(dir, `many-${declared}.mtx`);
      writeFileSync(path, `%%MatrixMarket matrix coordinate real general\n30 30 ${declared}\n${lines.join('\n')}\n`);
      const want = await single(path, 64);
      expect(want).toMatchObject({ error: expect.stringContaining('more entries than the') });
      const got = await outcome(() => loadMatrix(path, { parallel: { aboveBytes: 0, chunks: 3, blockBytes: 64 } }));
      expect(got).toEqual(want);
    }
  });

  it('stops when cancelled with the cancellation error', async () => {
    const lines = Array.from({ length: 5000 }, (_v, k) => `${1 + (k % 50)} ${1 + ((k * 13) % 50)} ${k}`);
    const path = join(dir, 'cancel.mtx');
    writeFileSync(path, `%%MatrixMarket matrix coordinate real general\n50 50 5000\n${lines.join('\n')}\n`);
    const err = await loadMatrix(path, {
      parallel: { aboveBytes: 0, chunks: 2, blockBytes: 1024 },
      isCancelled: () => true,
    }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(MatrixMarketError);
    expect((err as MatrixMarketError).cancelled).toBe(true);
  });

  it('ends with one MatrixMarketError naming the file when the file shrinks under the reader threads', async () => {
    const lines = Array.from({ length: 4000 }, (_v, k) => `${1 + (k % 40)} ${1 + ((k * 17) % 40)} ${k + 0.25}`);
    const text = `%%MatrixMarket matrix coordinate real general\n40 40 4000\n${lines.join('\n')}\n`;
    const path = join(dir, 'shrinks.mtx');
    writeFileSync(path, text);
    const fh = await open(path, 'r');
    try {
      const size = (await fh.stat()).size;
      const head = Buffer.alloc(256);
      await fh.read(head, 0, head.length, 0);
      writeFileSync(path, text.slice(0, Math.floor(size / 3)));
      const tuning = { aboveBytes: 0, chunks: 3, blockBytes: 256 };
      const err = await readParallel({ path, name: path, fh, head, size }, { limits: DEFAULT_LIMITS }, tuning).catch(
        (e: unknown) => e,
      );
      expect(err).toBeInstanceOf(MatrixMarketError);
      expect((err as MatrixMarketError).message.startsWith(`${path}:`)).toBe(true);
    } finally {
      await fh.close();
    }
  });

  describe('a reader thread that dies', () => {
    const lines = Array.from({ length: 6000 }, (_v, k) => `${1 + (k % 50)} ${1 + ((k * 13) % 50)} ${k + 0.5}`);
    const path = join(dir, 'crash.mtx');
    writeFileSync(
      path,
      `%%MatrixMarket matrix coordinate real general\n% a comment\n50 50 6000\n${lines.join('\n')}\n`,
    );
    const realScript = join(__dirname, '..', '..', '..', 'dist', 'mmChunkWorker.js');
    /** A thread script that dies in `how` as chunk `index` and runs the real reader for the others. */
    function dyingScript(how: string, index: number): string {
      const script = join(dir, `dies-${index}-${how.replace(/\W+/g, '')}.js`);
      writeFileSync(
        script,
        `const { workerData } = require('node:worker_threads');\n` +
          `if (workerData.index === ${index}) { ${how} } else require(${JSON.stringify(realScript)});\n`,
      );
      return script;
    }
    const cases: Array<[string, string, number, RegExp]> = [
      ['exits', 'process.exit(3);', 1, /a reader thread failed \(it stopped \(exit code 3\)\)/],
      ['throws', "throw new Error('disk on fire');", 1, /a reader thread failed \(disk on fire\)/],
      // The last chunk's thread is the one that counts nobody's lines but its own: no other waits on it.
      ['exits as the last chunk', 'process.exit(4);', 3, /a reader thread failed \(it stopped \(exit code 4\)\)/],
    ];
    for (const [name, how, index, message] of cases) {
      // Chunk 1's thread also counts chunk 0's lines, which chunks 2 and 3 wait for: they must not wait forever.
      it(`${name}: one MatrixMarketError at the size line, and the next read is whole`, async () => {
        const got = await parallel(path, {
          aboveBytes: 0,
          chunks: 4,
          blockBytes: 512,
          script: dyingScript(how, index),
        });
        expect(got).toEqual({ error: expect.stringMatching(message), line: 3 });
        expect((got as { error: string }).error.startsWith(`${path}:3: `)).toBe(true);
        const again = await parallel(path, { aboveBytes: 0, chunks: 4, blockBytes: 512 });
        const want = await single(path, 512);
        expect(want !== undefined && 'matrix' in want).toBe(true);
        expectSame(again as Outcome, want as Outcome);
      });
    }
  });
});
