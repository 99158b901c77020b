import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import {
  TUNE_SCHEMA_VERSION,
  type LearnRecord,
  type TuneMethod,
  type TunePoint,
  type TuneRecord,
  type TuneResult,
} from '../protocol';
import { TEMP_SUFFIX, writeFileAtomic } from '../node/atomicWrite';
import { learnResultPath, RESULTS_DIR, tuneResultPath } from '../node/resultPaths';

/** A saved tuning of any version this reads (1 or the current); points and reasons are upgraded afterwards. */
type SavedTune = Omit<TuneRecord, 'schemaVersion'> & { schemaVersion: 1 | typeof TUNE_SCHEMA_VERSION };

function isTuneRecord(v: unknown): v is SavedTune {
  if (v === null || typeof v !== 'object') return false;
  const r = v as Partial<SavedTune>;
  return (
    r.kind === 'tune' &&
    (r.schemaVersion === 1 || r.schemaVersion === TUNE_SCHEMA_VERSION) &&
    typeof r.converged === 'boolean' &&
    (!r.converged || (typeof r.omega === 'number' && typeof r.iterations === 'number')) &&
    typeof r.matrix?.uri === 'string' &&
    (r.inputs?.method === 'sor' || r.inputs?.method === 'ssor-cg') &&
    (r.baselines?.omega1 === null || typeof r.baselines?.omega1?.iterations === 'number')
  );
}

/** A version 1 point: a skipped one marked `notRun`, flags only when set, reasons possibly absent. */
type SavedPoint = Partial<TunePoint> & { notRun?: boolean };

/** A point in the current shape: `notRun` becomes reason `not-run`, a missing reason what the point could say. */
function upgradedPoint(p: SavedPoint): TunePoint {
  const { notRun, ...rest } = p;
  const converged = p.converged === true;
  const reason: TunePoint['reason'] = notRun ? 'not-run' : (p.reason ?? (converged ? 'converged' : 'max-iterations'));
  return {
    ...rest,
    omega: p.omega ?? 1,
    iterations: p.iterations ?? 0,
    converged,
    reason,
    abandoned: p.abandoned === true,
    estimated: p.estimated === true,
  };
}

/**
 * A record as this version reads it. Version 1 points get the current shape (upgradedPoint); results
 * saved before stop reasons were kept get `converged` or `max-iterations` (all they could say), and an
 * unconverged one loses the cap it showed as a count.
 */
function upgraded(saved: SavedTune): TuneRecord {
  const r: TuneRecord =
    saved.schemaVersion === TUNE_SCHEMA_VERSION
      ? (saved as TuneRecord)
      : {
          ...saved,
          schemaVersion: TUNE_SCHEMA_VERSION,
          baselines: {
            omega1: upgradedPoint(saved.baselines.omega1),
            young: saved.baselines.young ? upgradedPoint(saved.baselines.young) : null,
          },
          curve: (Array.isArray(saved.curve) ? saved.curve : []).map(upgradedPoint),
        };
  if (typeof r.reason === 'string') return r;
  if (r.converged) return { ...r, reason: 'converged' };
  const { omega: _omega, iterations: _iterations, ...rest } = r;
  return {
    ...rest,
    reason: 'max-iterations',
    message: `No ω in [${r.inputs.omegaRange[0]}, ${r.inputs.omegaRange[1]}] converged within ${r.inputs.maxIterations} iterations (saved by an older version, which kept no stop reasons); tune again for the reason.`,
  };
}

/** The last tuning result per matrix URI and method, mirrored on disk under `.relax/`. */
export class ResultStore {
  private readonly byUri = new Map<string, Partial<Record<TuneMethod, TuneResult>>>();

  constructor(private folders: readonly string[]) {}

  setFolders(folders: readonly string[]): void {
    this.folders = folders;
  }

  get(uri: string): Partial<Record<TuneMethod, TuneResult>> {
    return this.byUri.get(canonicalUri(uri)) ?? {};
  }

  /** Saves atomically, then remembers it; the in-memory copy changes only once the file is complete. */
  async saveTune(record: TuneRecord): Promise<TuneResult> {
    const file = tuneResultPath(fileURLToPath(record.matrix.uri), record.inputs.method, this.folders);
    await writeFileAtomic(file, JSON.stringify(record, null, 2) + '\n');
    const result: TuneResult = { record, resultUri: pathToFileURL(file).toString() };
    this.remember(result);
    return result;
  }

  async saveLearn(record: LearnRecord, sourcePath: string): Promise<string> {
    const file = learnResultPath(sourcePath, record.learner, this.folders);
    await writeFileAtomic(file, JSON.stringify(record, null, 2) + '\n');
    return pathToFileURL(file).toString();
  }

  private loading: Promise<number> = Promise.resolve(0);

  /** Resolves once the results saved before this server started are in memory. */
  async whenLoaded(): Promise<void> {
    await this.loading.catch(() => 0);
  }

  /** Loads every saved tuning result under the workspace folders' `.relax/`; unreadable files are skipped. */
  load(): Promise<number> {
    this.loading = this.loadAll();
    return this.loading;
  }

  private async loadAll(): Promise<number> {
    let loaded = 0;
    for (const folder of this.folders) {
      for (const file of await jsonFilesUnder(path.join(folder, RESULTS_DIR))) {
        try {
          const value: unknown = JSON.parse(await fs.readFile(file, 'utf8'));
          if (!isTuneRecord(value)) continue;
          const result = { record: upgraded(value), resultUri: pathToFileURL(file).toString() };
          const known = this.get(value.matrix.uri)[value.inputs.method];
          if (!known || known.record.createdAt < value.createdAt) this.remember(result);
          loaded++;
        } catch {
          // A foreign or damaged file in .relax/ is not ours to report on.
        }
      }
    }
    return loaded;
  }

  private remember(result: TuneResult): void {
    const key = canonicalUri(result.record.matrix.uri);
    const entry = this.byUri.get(key) ?? {};
    entry[result.record.inputs.method] = result;
    this.byUri.set(key, entry);
  }
}

/** One spelling per file, so `file:///a%20b.mtx` and `file:///a b.mtx` meet in maps. */
export function canonicalUri(uri: string): string {
  try {
    return pathToFileURL(fileURLToPath(uri)).toString();
  } catch {
    return uri;
  }
}

async function jsonFilesUnder(dir: string, depth = 0): Promise<string[]> {
  if (depth > 8) return [];
  let entries;
  try {
    entries = await fs.readdir(dir, { withFileTypes: true });
  } catch {
    return [];
  }
  const out: string[] = [];
  for (const e of entries) {
    const full = path.join(dir, e.name);
    if (e.isDirectory()) out.push(...(await jsonFilesUnder(full, depth + 1)));
    else if (e.name.endsWith(TEMP_SUFFIX)) await removeIfAbandoned(full);
    else if (e.name.endsWith('.json')) out.push(full);
  }
  return out;
}

/** A temporary file untouched for a minute belongs to a write that died (a newer one may still be in flight). */
async function removeIfAbandoned(file: string): Promise<void> {
  try {
    const st = await fs.stat(file);
    if (Date.now() - st.mtimeMs > 60_000) await fs.unlink(file);
  } catch {
    // Already gone.
  }
}
