import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import type { LearnRecord } from '../protocol';
import { learnResultPath } from '../node/resultPaths';

/** A learning run saved under `.relax/` for one sequence. */
export interface SavedLearnReport {
  file: string;
  record: LearnRecord;
}

function isLearnRecord(v: unknown): v is LearnRecord {
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
    return isLearnRecord(value) ? value : undefined;
  } catch {
    return undefined;
  }
}
