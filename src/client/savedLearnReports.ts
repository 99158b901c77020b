import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { learningRecordFrom } from '../core/compare/learningRecord';
import {
  LEARN_SCHEMA_VERSION,
  type LearnComparator,
  type LearnDetails,
  type LearnRecord,
  type LearningRecord,
} from '../protocol';
import { learnResultPath } from '../node/resultPaths';

/** A learning run saved under `.relax/` for one sequence. */
export interface SavedLearnReport {
  file: string;
  record: LearnRecord;
}

function isLearnRecord(v: unknown): v is Omit<LearnRecord, 'schemaVersion'> & { schemaVersion: unknown } {
  if (v === null || typeof v !== 'object') return false;
  const r = v as Partial<LearnRecord>;
  return (
    r.kind === 'learn' &&
    typeof r.learner === 'string' &&
    typeof r.source === 'string' &&
    Array.isArray(r.steps) &&
    typeof r.createdAt === 'string'
  );
}

/** Every record upgraded to the current shape, or undefined when one is not a record. */
function recordsFrom(steps: readonly unknown[]): LearningRecord[] | undefined {
  const out: LearningRecord[] = [];
  for (const s of steps) {
    const r = learningRecordFrom(s);
    if (!r) return undefined;
    out.push(r);
  }
  return out;
}

/** Details with every comparator's records upgraded; undefined when they are not a run's details. */
function detailsFrom(v: unknown): LearnDetails | undefined {
  if (v === null || typeof v !== 'object' || !Array.isArray((v as LearnDetails).comparators)) return undefined;
  const d = v as LearnDetails;
  const comparators: LearnComparator[] = [];
  for (const c of d.comparators as unknown[]) {
    if (c === null || typeof c !== 'object' || !Array.isArray((c as LearnComparator).steps)) return undefined;
    const steps = recordsFrom((c as LearnComparator).steps);
    if (!steps) return undefined;
    comparators.push({ ...(c as LearnComparator), steps });
  }
  return { ...d, comparators };
}

/**
 * A parsed saved learning run in the current shape, or undefined when it is not one. Version 1 files
 * (records keyed `index`) are upgraded here, the one place saved runs are read; unknown versions are refused.
 */
export function learnRecordFrom(v: unknown): LearnRecord | undefined {
  if (!isLearnRecord(v) || (v.schemaVersion !== 1 && v.schemaVersion !== LEARN_SCHEMA_VERSION)) return undefined;
  const steps = recordsFrom(v.steps);
  if (!steps) return undefined;
  const { details: rawDetails, ...rest } = v;
  const details = detailsFrom(rawDetails);
  return { ...rest, schemaVersion: LEARN_SCHEMA_VERSION, steps, ...(details ? { details } : {}) };
}

/**
 * Every learning run saved for the sequence at `sourcePath` (finished `.learn-<learner>.json` and partial
 * `.partial.json` ones), newest first. Unreadable or foreign files are skipped: they are not reports.
 */
export async function savedLearnReports(sourcePath: string, folders: readonly string[]): Promise<SavedLearnReport[]> {
  const probe = learnResultPath(sourcePath, '*', folders);
  const dir = path.dirname(probe);
  const [prefix] = path.basename(probe).split('*');
  let names: string[];
  try {
    names = await fs.readdir(dir);
  } catch {
    return [];
  }
  const out: SavedLearnReport[] = [];
  for (const name of names) {
    if (!name.startsWith(prefix) || !name.endsWith('.json')) continue;
    const file = path.join(dir, name);
    const record = await readLearnRecord(file);
    if (record) out.push({ file, record });
  }
  return out.sort((a, b) =>
    a.record.createdAt < b.record.createdAt ? 1 : a.record.createdAt > b.record.createdAt ? -1 : 0,
  );
}

/** A saved learning record, or undefined when the file is not one. */
export async function readLearnRecord(file: string): Promise<LearnRecord | undefined> {
  try {
    const value: unknown = JSON.parse(await fs.readFile(file, 'utf8'));
    return learnRecordFrom(value);
  } catch {
    return undefined;
  }
}
