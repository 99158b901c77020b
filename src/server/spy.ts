import { spyGrid } from '../../webview/data/binning';
import type { JobOutcome, SpyGrid } from '../protocol';
import type { MatrixCache } from './matrixCache';

/** Largest spy grid side the panel asks for; bounds the message size to 1024² counts. */
const MAX_SIDE = 1024;

/** The binned sparsity pattern of a matrix, from the shared parse (O(nnz), no copy of the pattern). */
export async function provideSpy(cache: MatrixCache, uri: string, maxSide = 512): Promise<JobOutcome<SpyGrid>> {
  try {
    const parsed = await cache.get(uri);
    if (!parsed.matrix) {
      const e = parsed.diagnostics[0];
      return { status: 'failed', message: e ? `${e.file}:${e.line}: ${e.message}` : `${parsed.path}: unreadable` };
    }
    return { status: 'completed', result: spyGrid(parsed.matrix.csr, Math.max(16, Math.min(MAX_SIDE, maxSide))) };
  } catch (err) {
    return { status: 'failed', message: err instanceof Error ? err.message : String(err) };
  }
}
