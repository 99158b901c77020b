import { closeSync, constants, existsSync, fstatSync, openSync, readFileSync, readSync, writeSync } from 'node:fs';
import type { OmegaGrid } from '../core/learn/options';
import type { LearnerState } from '../core/learn/learner';
import { writeFileAtomicSync } from '../node/atomicWrite';
import { jsonDepthExceeds } from './jsonDepth';
import { MAX_STATE_FILE_BYTES } from './limits';
import { SnapshotFieldError, snapshotOf } from './snapshotShape';

/** One solved step of a served simulation, as appended to the records file. */
export interface StepRecord {
  /** 1-based step number; equals the prediction id. */
  step: number;
  context?: number;
  /** The client's Jacobi spectral estimate sent with the predict, when it sent one. */
  jacobiRho?: number;
  omega: number;
  iterations: number;
  converged: boolean;
  seconds?: number;
}

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
 * Snapshot written atomically (temporary file, then rename) after each observe, or every k.
 * Readers (a restarted `relax serve`, VS Code's "Attach to Running Simulation") never see a
 * half-written file. The full per-step history is in `recordsFile` (JSON lines, append only).
 */
export interface ServeStateSnapshot {
  format: 'relax-serve-state';
  version: 1;
  config: ServeConfig;
  learnerState: LearnerState;
  steps: number;
  totalIterations: number;
  unconverged: number;
  totalSeconds: number;
  /** The last (up to) RECENT_LIMIT records, oldest first. */
  recent: StepRecord[];
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

const READ_FLAGS = constants.O_RDONLY | constants.O_NOFOLLOW;
const APPEND_FLAGS = constants.O_WRONLY | constants.O_APPEND | constants.O_CREAT | constants.O_NOFOLLOW;

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
    const data = Buffer.alloc(size);
    let read = 0;
    while (read < size) {
      const n = readSync(fd, data, read, size - read, read);
      if (n === 0) break;
      read += n;
    }
    return data.subarray(0, read);
  } finally {
    closeSync(fd);
  }
}

/**
 * Reads and checks a snapshot; undefined when the file does not exist. A file that is not a
 * state file, too deep, too large, or has any field missing or out of range is refused with a
 * StateFileError naming the file and the first bad field (the learner's own state is checked by
 * the session, which can restore it).
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

/**
 * Cuts the records file after the last record with step <= `steps` (a kill between the append
 * and the snapshot leaves extras, a kill mid-append a torn line). Only the tail from the first
 * record past `steps`, or the first unreadable line, is removed; the lines before it are kept
 * byte for byte.
 */
export function trimRecords(path: string, steps: number): void {
  let fd: number;
  try {
    fd = openSync(path, READ_FLAGS);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return;
    throw new StateFileError(`${path}: cannot open the records file (${(e as Error).message})`);
  }
  try {
    const size = fstatSync(fd).size;
    const data = Buffer.alloc(size);
    let read = 0;
    while (read < size) {
      const n = readSync(fd, data, read, size - read, read);
      if (n === 0) break;
      read += n;
    }
    const keep = keptPrefix(data.subarray(0, read), steps);
    // Replaced, not truncated in place: a follower (VS Code's attach) sees the new inode and
    // rereads from the start instead of missing a rewritten line at the same offsets.
    if (keep < read) writeFileAtomicSync(path, data.subarray(0, keep));
  } finally {
    closeSync(fd);
  }
}

/** Byte length of the leading complete lines that are records with step <= `steps`. */
function keptPrefix(data: Buffer, steps: number): number {
  let offset = 0;
  while (offset < data.length) {
    const nl = data.indexOf(0x0a, offset);
    if (nl < 0) break;
    const line = data.subarray(offset, nl).toString('utf8');
    if (line.trim() !== '') {
      let step: unknown;
      try {
        step = (JSON.parse(line) as { step?: unknown }).step;
      } catch {
        break;
      }
      if (typeof step !== 'number' || step > steps) break;
    }
    offset = nl + 1;
  }
  return offset;
}

/** Appends records as JSON lines, in one write, never through a symbolic link. */
export function appendRecords(path: string, records: readonly StepRecord[]): void {
  const fd = openSync(path, APPEND_FLAGS, 0o644);
  try {
    writeSync(fd, records.map((r) => `${JSON.stringify(r)}\n`).join(''));
  } finally {
    closeSync(fd);
  }
}

/** New complete records of a records file from `offset` on, and where to continue next time. */
export interface RecordsTail {
  records: StepRecord[];
  /** Byte offset after the last complete line read; pass it back to continue. */
  nextOffset: number;
}

/**
 * Reads the records appended since `offset` (for a viewer following a live run). A line still
 * being written (no newline yet) is left for the next call; a file shorter than `offset` (a
 * restarted run trimmed it) is read from the start.
 */
export function readRecordsSince(path: string, offset: number): RecordsTail {
  if (!existsSync(path)) return { records: [], nextOffset: 0 };
  const data = readFileSync(path);
  const start = data.length < offset ? 0 : offset;
  const end = data.lastIndexOf(0x0a) + 1;
  if (end <= start) return { records: [], nextOffset: start };
  const records: StepRecord[] = [];
  for (const line of data.subarray(start, end).toString('utf8').split('\n')) {
    if (line.trim() === '') continue;
    try {
      records.push(JSON.parse(line) as StepRecord);
    } catch {
      // A corrupt line (disk full, manual edit) is skipped rather than stopping the view.
    }
  }
  return { records, nextOffset: end };
}
