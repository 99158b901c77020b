// Writing `relax serve`'s records file; reading it and the state file lives in src/node (serveState.ts,
// serveRecords.ts), below the service and VS Code's attach, which both read them.
import { closeSync, constants, fstatSync, openSync, writeSync } from 'node:fs';
import type { LearningRecord } from '../core/compare/learningRecord';
import { writeFileAtomicSync } from '../node/atomicWrite';
import { recordOfLine } from '../node/serveRecords';
import { READ_FLAGS, StateFileError, readWhole } from '../node/serveState';

const APPEND_FLAGS = constants.O_WRONLY | constants.O_APPEND | constants.O_CREAT | constants.O_NOFOLLOW;

/**
 * Cuts the records file after the last record of the first `steps` instances (t < steps; a kill between
 * the append and the snapshot leaves extras, a kill mid-append a torn line). Only the tail from the first
 * record past `steps`, or the first unreadable line, is removed; the lines before it are kept byte for byte
 * (version 1 lines included: readers upgrade them).
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
    const data = readWhole(fd, fstatSync(fd).size);
    const keep = keptPrefix(data, steps);
    // Replaced, not truncated in place: a follower (VS Code's attach) sees the new inode and
    // rereads from the start instead of missing a rewritten line at the same offsets.
    if (keep < data.length) writeFileAtomicSync(path, data.subarray(0, keep));
  } finally {
    closeSync(fd);
  }
}

/** Byte length of the leading complete lines that are records with t < `steps`. */
function keptPrefix(data: Buffer, steps: number): number {
  let offset = 0;
  while (offset < data.length) {
    const nl = data.indexOf(0x0a, offset);
    if (nl < 0) break;
    const line = data.subarray(offset, nl).toString('utf8');
    if (line.trim() !== '') {
      const r = recordOfLine(line);
      if (!r || r.t >= steps) break;
    }
    offset = nl + 1;
  }
  return offset;
}

/** Appends records as JSON lines, in one write, never through a symbolic link. */
export function appendRecords(path: string, records: readonly LearningRecord[]): void {
  const fd = openSync(path, APPEND_FLAGS, 0o644);
  try {
    writeSync(fd, records.map((r) => `${JSON.stringify(r)}\n`).join(''));
  } finally {
    closeSync(fd);
  }
}
