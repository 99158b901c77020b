import { readdirSync, readFileSync } from 'node:fs';
import { basename, dirname, isAbsolute, join, relative, resolve } from 'node:path';
import { parseMatrixMarket, solvableMatrix, vectorFromMatrix } from '../io/matrixMarket';
import { diagonalIndex, type CsrMatrix } from '../sparse/csr';
import type { Instance, InstanceStream, Sequence } from './sequence';
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
 * and context. Files are read one at a time as the stream reaches them. With `context: "auto"` the
 * context of matrix t is mean_i (A_t(i,i) - A_0(i,i)); computing the context range reads every
 * file's diagonal once up front.
 */
export function filesSequence(spec: FilesSpec): Sequence {
  const all = resolveEntries(spec);
  const entries = spec.instances > 0 ? all.slice(0, spec.instances) : all;
  const first = loadMatrix(spec, entries[0]);
  const firstDiag = diagonalOf(first);
  let contexts: number[] | undefined;
  if (spec.context === 'auto') {
    contexts = entries.map((e, t) => (t === 0 ? 0 : meanDiagonalChange(diagonalOf(loadMatrix(spec, e)), firstDiag, spec, e)));
  } else if (entries.every((e) => e.context !== undefined)) {
    contexts = entries.map((e) => e.context as number);
  }
  const contextRange: [number, number] | undefined = contexts ? [Math.min(...contexts), Math.max(...contexts)] : undefined;
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
        next(): Instance | undefined {
          if (t >= entries.length) return undefined;
          const e = entries[t];
          const A = t === 0 ? first : loadMatrix(spec, e);
          const b = e.rhs ? loadRhs(spec, e, A.rows) : new Float64Array(A.rows).fill(1);
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

function resolveEntries(spec: FilesSpec): ResolvedEntry[] {
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
    names = readdirSync(dir);
  } catch (e) {
    throw new SpecError(spec.file, [{ path: '$.files', message: `cannot list "${relative(spec.baseDir, dir) || '.'}": ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}` }]);
  }
  const matches = names.filter((n) => re.test(n)).sort((a, b) => a.localeCompare(b, 'en', { numeric: true }));
  if (matches.length === 0) throw new SpecError(spec.file, [{ path: '$.files', message: `no file matches "${spec.files}"` }]);
  if (spec.instances > matches.length) {
    throw new SpecError(spec.file, [{ path: '$.instances', message: `must be at most the ${matches.length} files matching "${spec.files}", got ${spec.instances}` }]);
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

function readBytes(spec: FilesSpec, file: string, path: string): Uint8Array {
  try {
    return readFileSync(file);
  } catch (e) {
    throw new SpecError(spec.file, [{ path, message: `cannot read "${relative(spec.baseDir, file)}": ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}` }]);
  }
}

function loadMatrix(spec: FilesSpec, e: ResolvedEntry): CsrMatrix {
  return solvableMatrix(parseMatrixMarket(readBytes(spec, e.matrix, e.path), relative(spec.baseDir, e.matrix) || e.matrix));
}

function loadRhs(spec: FilesSpec, e: ResolvedEntry, n: number): Float64Array {
  const file = e.rhs as string;
  const b = vectorFromMatrix(parseMatrixMarket(readBytes(spec, file, `${e.path}.rhs`), relative(spec.baseDir, file)));
  if (b.length !== n) {
    throw new SpecError(spec.file, [{ path: `${e.path}.rhs`, message: `"${relative(spec.baseDir, file)}" has ${b.length} entries but the matrix has ${n} rows` }]);
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
    throw new SpecError(spec.file, [{ path: '$.context', message: `"auto" needs matrices of one size: "${relative(spec.baseDir, e.matrix)}" has ${d.length} rows, the first has ${d0.length}` }]);
  }
  let s = 0;
  for (let i = 0; i < d.length; i++) s += d[i] - d0[i];
  return s / d.length;
}
