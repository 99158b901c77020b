import { readdir } from 'node:fs/promises';
import type { MatrixLimits } from '../core/io/types';
import type { SequenceSource } from '../core/sequences/source';
import { loadMatrix } from './loadMatrix';

/** Files of a sequence read from disk by the one loader, with the run's limits and cancellation. */
export function nodeSequenceSource(limits: MatrixLimits, isCancelled?: () => boolean): SequenceSource {
  return {
    readMatrix: (path, name) => loadMatrix(path, { limits, name, ...(isCancelled ? { isCancelled } : {}) }),
    listDirectory: (dir) => readdir(dir),
  };
}
