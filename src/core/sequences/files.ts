import { basename, dirname, isAbsolute, join, relative, resolve } from 'node:path';
import { solvableMatrix, vectorFromMatrix } from '../io/matrixMarket';
import { diagonalIndex, type CsrMatrix } from '../sparse/csr';
import type { Instance, InstanceStream, Sequence } from './sequence';
import type { SequenceSource } from './source';
import { SpecError, type FileEntry, type FilesSpec } from './spec';

/** A files entry with absolute paths and the JSON path it came from (for messages). */
interface ResolvedEntry {
  matrix: string;
  rhs?: string;
  context?: number;
  path: string;
}

/**
 * An ordered list of Matrix Market files, each with an optional right-hand side (default all ones)
 * and context. Files are read one at a time through `source` (with its limits) as the stream reaches
 * them. With `context: "auto"` the context of matrix t is mean_i (A_t(i,i) - A_0(i,i)); computing the
 * context range reads every file's diagonal once up front.
 */
export async function filesSequence(spec: FilesSpec, source: SequenceSource): Promise<Sequence> {
  const all = await resolveEntries(spec, source);
  const entries = spec.instances > 0 ? all.slice(0, spec.instances) : all;
  const load = (e: ResolvedEntry): Promise<CsrMatrix> => loadMatrix(spec, source, e);
  const first = await load(entries[0]);
  const firstDiag = diagonalOf(first);
  let contexts: number[] | undefined;
  if (spec.context === 'auto') {
    contexts = [0];
    for (const e of entries.slice(1)) contexts.push(meanDiagonalChange(diagonalOf(await load(e)), firstDiag, spec, e));
  } else if (entries.every((e) => e.context !== undefined)) {
    contexts = entries.map((e) => e.context as number);
  }
  const contextRange: [number, number] | undefined = contexts
    ? [Math.min(...contexts), Math.max(...contexts)]
    : undefined;
  return {
    info: {
      kind: 'files',
      instances: entries.length,
      n: first.rows,
      solver: spec.solver,
      tolerance: spec.tolerance,
      maxIterations: spec.maxIterations,
      omegaGrid: spec.omegaGrid,
      ...(contextRange ? { contextRange } : {}),
    },
    open(): InstanceStream {
      let t = 0;
      return {
        async next(): Promise<Instance | undefined> {
          if (t >= entries.length) return undefined;
          const e = entries[t];
          const A = t === 0 ? first : await load(e);
          const b = e.rhs ? await loadRhs(spec, source, e, A.rows) : new Float64Array(A.rows).fill(1);
          const inst: Instance = { t, A, b, ...(contexts ? { context: contexts[t] } : {}) };
          t++;
          return inst;
        },
        accept(): void {
          // Files are independent of earlier solutions.
        },
      };
    },
  };
}

async function resolveEntries(spec: FilesSpec, source: SequenceSource): Promise<ResolvedEntry[]> {
  const abs = (p: string): string => (isAbsolute(p) ? p : resolve(spec.baseDir, p));
  if (Array.isArray(spec.files)) {
    return spec.files.map((f: FileEntry, i) => ({
      matrix: abs(f.matrix),
      ...(f.rhs ? { rhs: abs(f.rhs) } : {}),
      ...(f.context !== undefined ? { context: f.context } : {}),
      path: `$.files[${i}]`,
    }));
  }
  const pattern = abs(spec.files);
  const dir = dirname(pattern);
  const re = globToRegExp(basename(pattern));
  let names: string[];
  try {
    names = await source.listDirectory(dir);
  } catch (e) {
    throw new SpecError(spec.file, [
      {
        path: '$.files',
        message: `cannot list "${relative(spec.baseDir, dir) || '.'}": ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`,
      },
    ]);
  }
  const matches = names.filter((n) => re.test(n)).sort((a, b) => a.localeCompare(b, 'en', { numeric: true }));
  if (matches.length === 0)
    throw new SpecError(spec.file, [{ path: '$.files', message: `no file matches "${spec.files}"` }]);
  if (spec.instances > matches.length) {
    throw new SpecError(spec.file, [
      {
        path: '$.instances',
        message: `must be at most the ${matches.length} files matching "${spec.files}", got ${spec.instances}`,
      },
    ]);
  }
  return matches.map((n, i) => ({ matrix: join(dir, n), path: `$.files (match ${i + 1}: ${n})` }));
}

/** `*` any run of characters, `?` one character; everything else literal. */
export function globToRegExp(pattern: string): RegExp {
  let src = '';
  for (const ch of pattern) {
    if (ch === '*') src += '[^/]*';
    else if (ch === '?') src += '[^/]';
    else src += ch.replace(/[.+^${}()|[\]\\]/g, '\\$&');
  }
  return new RegExp(`^${src}$`);
}

function nameOf(spec: FilesSpec, file: string): string {
  return relative(spec.baseDir, file) || file;
}

async function loadMatrix(spec: FilesSpec, source: SequenceSource, e: ResolvedEntry): Promise<CsrMatrix> {
  return solvableMatrix(await source.readMatrix(e.matrix, nameOf(spec, e.matrix)));
}

async function loadRhs(spec: FilesSpec, source: SequenceSource, e: ResolvedEntry, n: number): Promise<Float64Array> {
  const file = e.rhs as string;
  const b = vectorFromMatrix(await source.readMatrix(file, nameOf(spec, file)));
  if (b.length !== n) {
    throw new SpecError(spec.file, [
      {
        path: `${e.path}.rhs`,
        message: `"${nameOf(spec, file)}" has ${b.length} entries but the matrix has ${n} rows`,
      },
    ]);
  }
  return b;
}

function diagonalOf(a: CsrMatrix): Float64Array {
  const idx = diagonalIndex(a);
  const d = new Float64Array(a.rows);
  for (let i = 0; i < a.rows; i++) d[i] = idx[i] >= 0 ? a.values[idx[i]] : 0;
  return d;
}

function meanDiagonalChange(d: Float64Array, d0: Float64Array, spec: FilesSpec, e: ResolvedEntry): number {
  if (d.length !== d0.length) {
    throw new SpecError(spec.file, [
      {
        path: '$.context',
        message: `"auto" needs matrices of one size: "${relative(spec.baseDir, e.matrix)}" has ${d.length} rows, the first has ${d0.length}`,
      },
    ]);
  }
  let s = 0;
  for (let i = 0; i < d.length; i++) s += d[i] - d0[i];
  return s / d.length;
}
