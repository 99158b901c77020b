import { appendFileSync, existsSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import type { OmegaGrid } from '../core/learn/options';
import type { LearnerState } from '../core/learn/learner';

/** One solved step of a served simulation, as appended to the records file. */
export interface StepRecord {
  /** 1-based step number; equals the prediction id. */
  step: number;
  context?: number;
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

/** `run.json` -> `run.records.jsonl`; other names get `.records.jsonl` appended. */
export function recordsPathFor(stateFile: string): string {
  return stateFile.endsWith('.json') ? `${stateFile.slice(0, -5)}.records.jsonl` : `${stateFile}.records.jsonl`;
}

/** Writes text so readers see either the old or the new file, never a mix. */
export function writeFileAtomic(path: string, text: string): void {
  const tmp = `${path}.${process.pid}.tmp`;
  writeFileSync(tmp, text);
  renameSync(tmp, path);
}

export class StateFileError extends Error {}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** Reads a snapshot; undefined when the file does not exist; StateFileError naming the file otherwise. */
export function readSnapshot(path: string): ServeStateSnapshot | undefined {
  if (!existsSync(path)) return undefined;
  let value: unknown;
  try {
    value = JSON.parse(readFileSync(path, 'utf8'));
  } catch (e) {
    throw new StateFileError(`${path}: not a readable state file (${(e as Error).message})`);
  }
  if (!isObject(value) || value.format !== 'relax-serve-state') {
    throw new StateFileError(`${path}: not a relax serve state file (no "format": "relax-serve-state")`);
  }
  if (value.version !== 1) throw new StateFileError(`${path}: unsupported state file version ${String(value.version)}`);
  const { learnerState, config, steps } = value;
  if (!isObject(learnerState) || typeof learnerState.name !== 'string' || !isObject(config) || typeof steps !== 'number') {
    throw new StateFileError(`${path}: state file lacks "config", "learnerState" or "steps"`);
  }
  return value as unknown as ServeStateSnapshot;
}

/** Keeps only records up to `steps` (a kill between the append and the snapshot leaves extras). */
export function trimRecords(path: string, steps: number): void {
  if (!existsSync(path)) return;
  const lines = readFileSync(path, 'utf8').split('\n').filter((l) => l.trim() !== '');
  const kept = lines.filter((l) => {
    try {
      const r = JSON.parse(l) as StepRecord;
      return typeof r.step === 'number' && r.step <= steps;
    } catch {
      return false;
    }
  });
  if (kept.length !== lines.length) writeFileAtomic(path, kept.map((l) => `${l}\n`).join(''));
}

/** Appends records as JSON lines, in one write. */
export function appendRecords(path: string, records: readonly StepRecord[]): void {
  appendFileSync(path, records.map((r) => `${JSON.stringify(r)}\n`).join(''));
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
