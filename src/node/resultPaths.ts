import * as path from 'node:path';
import type { TuneMethod } from '../protocol';

/** Folder, inside each workspace folder, that holds saved results. */
export const RESULTS_DIR = '.relax';

/** Where a matrix's tuning result lives: `<workspace>/.relax/<relative path>.<method>.json`. */
export function tuneResultPath(matrixPath: string, method: TuneMethod, folders: readonly string[]): string {
  return path.join(resultsRoot(matrixPath, folders), `${relativeName(matrixPath, folders)}.${method}.json`);
}

/** Where a learning run on `sourcePath` (a spec or a folder) is saved. */
export function learnResultPath(sourcePath: string, learner: string, folders: readonly string[]): string {
  return path.join(resultsRoot(sourcePath, folders), `${relativeName(sourcePath, folders)}.learn-${learner}.json`);
}

function containingFolder(file: string, folders: readonly string[]): string | undefined {
  let best: string | undefined;
  for (const f of folders) {
    const rel = path.relative(f, file);
    if (rel !== '' && !rel.startsWith('..') && !path.isAbsolute(rel) && (!best || f.length > best.length)) best = f;
  }
  return best;
}

function resultsRoot(file: string, folders: readonly string[]): string {
  return path.join(containingFolder(file, folders) ?? path.dirname(file), RESULTS_DIR);
}

function relativeName(file: string, folders: readonly string[]): string {
  const folder = containingFolder(file, folders);
  return folder ? path.relative(folder, file) : path.basename(file);
}
