// Reading `relax serve`'s state file: the service reads it to resume, VS Code's "Attach to Running
// Simulation" to follow a run. Node-only and below both; the writers stay in src/serve/stateFile.ts.
import { closeSync, constants, fstatSync, openSync, readSync } from 'node:fs';
import type { LearningRecord } from '../core/compare/learningRecord';
import type { LearnerState } from '../core/learn/learner';
import type { OmegaGrid } from '../core/learn/options';
import { jsonDepthExceeds } from './jsonDepth';
import { MAX_STATE_FILE_BYTES } from './serveLimits';
import { SnapshotFieldError, snapshotOf } from './serveSnapshotShape';

/** How the learner was configured in `hello`; kept so a viewer can label the run. */
export interface ServeConfig {
  learner: string;
  grid: OmegaGrid;
  seed: string | number;
  contextRange?: [number, number];
  /** The simulation's solver, when it said (`auto` normalises costs by it). */
  solver?: 'sor' | 'ssor-cg';
}

/**
 * Version of the state file and its records. 2: records are the one LearningRecord (`t` = prediction
 * id - 1, `extraSweeps` 0); 1 keyed them `step` (1-based) and is still read, upgraded when read.
 */
export const SERVE_STATE_VERSION = 2;

/**
 * Snapshot written atomically (temporary file, then rename) after each observe, or every k.
 * Readers (a restarted `relax serve`, VS Code's "Attach to Running Simulation") never see a
 * half-written file. The full per-step history is in `recordsFile` (JSON lines, append only).
 */
export interface ServeStateSnapshot {
  format: 'relax-serve-state';
  version: typeof SERVE_STATE_VERSION;
  config: ServeConfig;
  learnerState: LearnerState;
  steps: number;
  totalIterations: number;
  unconverged: number;
  totalSeconds: number;
  /** The last (up to) RECENT_LIMIT records, oldest first. */
  recent: LearningRecord[];
  /** File name of the records file, relative to the state file's directory. */
  recordsFile: string;
  /** ISO 8601 time of this write. */
  updatedAt: string;
  /** Process id of the writing `relax serve`. */
  pid: number;
}

/** Records kept in the snapshot (the records file has them all); small so each save stays cheap. */
export const RECENT_LIMIT = 50;

/** Deepest nesting a state file may have (learner states nest about 6 levels). */
export const MAX_STATE_DEPTH = 64;

/** `run.json` -> `run.records.jsonl`; other names get `.records.jsonl` appended. */
export function recordsPathFor(stateFile: string): string {
  return stateFile.endsWith('.json') ? `${stateFile.slice(0, -5)}.records.jsonl` : `${stateFile}.records.jsonl`;
}

export class StateFileError extends Error {}

/** Opening for reading never follows a symbolic link (state files must be regular files). */
export const READ_FLAGS = constants.O_RDONLY | constants.O_NOFOLLOW;

/** The first `size` bytes of an open file (fewer when it is shorter). */
export function readWhole(fd: number, size: number): Buffer {
  const data = Buffer.alloc(size);
  let read = 0;
  while (read < size) {
    const n = readSync(fd, data, read, size - read, read);
    if (n === 0) break;
    read += n;
  }
  return data.subarray(0, read);
}

/** The file's bytes, refusing symlinks and files over `maxBytes`; undefined when it does not exist. */
function readBounded(path: string, maxBytes: number): Buffer | undefined {
  let fd: number;
  try {
    fd = openSync(path, READ_FLAGS);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') return undefined;
    if (code === 'ELOOP') throw new StateFileError(`${path}: is a symbolic link; state files must be regular files`);
    throw new StateFileError(`${path}: cannot open (${(e as Error).message})`);
  }
  try {
    const size = fstatSync(fd).size;
    if (size > maxBytes)
      throw new StateFileError(`${path}: ${size} bytes, more than the ${maxBytes} a state file may have`);
    return readWhole(fd, size);
  } finally {
    closeSync(fd);
  }
}

/**
 * Reads and checks a snapshot; undefined when the file does not exist. A file that is not a
 * state file, too deep, too large, or has any field missing or out of range is refused with a
 * StateFileError naming the file and the first bad field (the learner's own state is checked by
 * the session, which can restore it). A version 1 file is returned upgraded to the current shape.
 */
export function readSnapshot(path: string): ServeStateSnapshot | undefined {
  const data = readBounded(path, MAX_STATE_FILE_BYTES);
  if (data === undefined) return undefined;
  const text = data.toString('utf8');
  if (jsonDepthExceeds(text, MAX_STATE_DEPTH))
    throw new StateFileError(`${path}: nested deeper than ${MAX_STATE_DEPTH} levels; not a state file`);
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (e) {
    throw new StateFileError(`${path}: not a readable state file (${(e as Error).message.slice(0, 120)})`);
  }
  const format = typeof value === 'object' && value !== null ? (value as { format?: unknown }).format : undefined;
  if (format !== 'relax-serve-state')
    throw new StateFileError(`${path}: not a relax serve state file (no "format": "relax-serve-state")`);
  try {
    return snapshotOf(value, RECENT_LIMIT);
  } catch (e) {
    if (e instanceof SnapshotFieldError) throw new StateFileError(`${path}: not a usable state file: ${e.message}`);
    throw e;
  }
}
