import { spyGrid } from '../core/sparse/spyBinning';
import type { JobOutcome, SpyGrid } from '../protocol';
import { nnz } from '../core/sparse/csr';
import type { MatrixCache } from './matrixCache';
import type { WorkerOutcome } from './workerPool';
import type { WorkerTask } from './workerMessages';

/** Largest spy grid side the panel asks for; bounds the message size to 1024² counts. */
const MAX_SIDE = 1024;
/** Patterns up to this many entries are binned on the main thread (a few ms). */
const INLINE_ENTRIES = 500_000;

/** The binned sparsity pattern of a matrix, from the shared parse (O(nnz), no copy of the pattern). */
export async function provideSpy(
  cache: MatrixCache,
  offThread: (task: WorkerTask) => Promise<WorkerOutcome>,
  uri: string,
  maxSide = 512,
): Promise<JobOutcome<SpyGrid>> {
  try {
    const parsed = await cache.get(uri);
    if (!parsed.matrix) {
      const e = parsed.diagnostics[0];
      return { status: 'failed', message: e ? `${e.file}:${e.line}: ${e.message}` : `${parsed.path}: unreadable` };
    }
    const a = parsed.matrix.csr;
    const side = Math.max(16, Math.min(MAX_SIDE, maxSide));
    if (nnz(a) <= INLINE_ENTRIES) return { status: 'completed', result: spyGrid(a, side) };
    const out = await offThread({ kind: 'spy', matrix: a, maxSide: side });
    if (out.status !== 'done') return out;
    return out.result.kind === 'spy'
      ? { status: 'completed', result: out.result.grid }
      : { status: 'failed', message: 'internal: unexpected worker result' };
  } catch (err) {
    return { status: 'failed', message: err instanceof Error ? err.message : String(err) };
  }
}
