import type { MmMatrix } from '../io/types';

/**
 * Where a sequence gets its files: core never touches the file system, so the CLI and the server
 * hand in the node loader (src/node/sequenceSource.ts) with the run's limits and cancellation.
 */
export interface SequenceSource {
  /** Reads one Matrix Market file; `name` is how messages call it. Throws MatrixMarketError. */
  readMatrix(path: string, name: string): Promise<MmMatrix>;
  /** The names in a directory; throws an Error with a `code` (ENOENT, ...) when it cannot be listed. */
  listDirectory(dir: string): Promise<string[]>;
}
