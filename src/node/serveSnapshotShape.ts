import { MAX_ITERATIONS, MAX_POINTS, MAX_SECONDS } from './serveLimits';
import { upgradeRecordFields, type LearningRecord } from '../core/compare/learningRecord';
import { SERVE_STATE_VERSION, type ServeConfig, type ServeStateSnapshot } from './serveState';

/** The first field of a state file that is missing or out of range, as `field: what was wrong`. */
export class SnapshotFieldError extends Error {
  constructor(
    readonly field: string,
    problem: string,
  ) {
    super(`bad field "${field}": ${problem}`);
  }
}

type Fields = Record<string, unknown>;

function isObject(v: unknown): v is Fields {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function object(v: unknown, field: string): Fields {
  if (!isObject(v)) throw new SnapshotFieldError(field, 'must be an object');
  return v;
}

function integer(v: unknown, field: string, min: number, max: number): number {
  if (typeof v !== 'number' || !Number.isInteger(v) || v < min || v > max) {
    throw new SnapshotFieldError(field, `must be an integer in [${min}, ${max}]`);
  }
  return v;
}

function number(v: unknown, field: string, min: number, max: number): number {
  if (typeof v !== 'number' || !Number.isFinite(v) || v < min || v > max) {
    throw new SnapshotFieldError(field, `must be a number in [${min}, ${max}]`);
  }
  return v;
}

function text(v: unknown, field: string): string {
  if (typeof v !== 'string' || v.length === 0) throw new SnapshotFieldError(field, 'must be a non-empty string');
  return v;
}

function configOf(v: unknown): ServeConfig {
  const c = object(v, 'config');
  const learner = text(c.learner, 'config.learner');
  const g = object(c.grid, 'config.grid');
  const min = number(g.min, 'config.grid.min', Number.MIN_VALUE, 2);
  const max = number(g.max, 'config.grid.max', min, 2);
  const points = integer(g.points, 'config.grid.points', 1, MAX_POINTS);
  const seed = c.seed;
  if (!(typeof seed === 'string' || (typeof seed === 'number' && Number.isFinite(seed)))) {
    throw new SnapshotFieldError('config.seed', 'must be a string or a finite number');
  }
  const config: ServeConfig = { learner, grid: { min, max, points }, seed };
  if (c.contextRange !== undefined) {
    const r = c.contextRange;
    if (!Array.isArray(r) || r.length !== 2) throw new SnapshotFieldError('config.contextRange', 'must be [lo, hi]');
    const lo = number(r[0], 'config.contextRange[0]', -Number.MAX_VALUE, Number.MAX_VALUE);
    const hi = number(r[1], 'config.contextRange[1]', lo, Number.MAX_VALUE);
    config.contextRange = [lo, hi];
  }
  if (c.solver !== undefined) {
    if (c.solver !== 'sor' && c.solver !== 'ssor-cg')
      throw new SnapshotFieldError('config.solver', 'must be "sor" or "ssor-cg"');
    config.solver = c.solver;
  }
  return config;
}

/** A record of `recent`; a version 1 record (`step`, 1-based) is upgraded first, so its errors name `t`. */
function recordOf(v: unknown, field: string, steps: number): LearningRecord {
  const r = upgradeRecordFields(object(v, field));
  const record: LearningRecord = {
    t: integer(r.t, `${field}.t`, 0, steps - 1),
    omega: number(r.omega, `${field}.omega`, Number.MIN_VALUE, 2),
    iterations: integer(r.iterations, `${field}.iterations`, 0, MAX_ITERATIONS),
    converged: r.converged === true,
    extraSweeps: number(r.extraSweeps, `${field}.extraSweeps`, 0, 0),
  };
  if (typeof r.converged !== 'boolean') throw new SnapshotFieldError(`${field}.converged`, 'must be true or false');
  if (r.context !== undefined)
    record.context = number(r.context, `${field}.context`, -Number.MAX_VALUE, Number.MAX_VALUE);
  if (r.jacobiRho !== undefined) record.jacobiRho = number(r.jacobiRho, `${field}.jacobiRho`, 0, 1e6);
  if (r.seconds !== undefined) record.seconds = number(r.seconds, `${field}.seconds`, 0, MAX_SECONDS);
  return record;
}

/**
 * Checks every field of a parsed state file except the learner's own state (which only the
 * learner can judge) and returns a snapshot built from the checked values only.
 */
export function snapshotOf(value: unknown, recentLimit: number): ServeStateSnapshot {
  const s = object(value, '(top level)');
  if (s.format !== 'relax-serve-state') throw new SnapshotFieldError('format', 'must be "relax-serve-state"');
  if (s.version !== 1 && s.version !== SERVE_STATE_VERSION)
    throw new SnapshotFieldError('version', `must be 1 or ${SERVE_STATE_VERSION} (the versions this relax reads)`);
  const config = configOf(s.config);
  const learnerState = object(s.learnerState, 'learnerState');
  if (learnerState.name !== config.learner)
    throw new SnapshotFieldError('learnerState.name', `must equal config.learner ("${config.learner}")`);
  integer(learnerState.version, 'learnerState.version', 0, Number.MAX_SAFE_INTEGER);
  const steps = integer(s.steps, 'steps', 0, Number.MAX_SAFE_INTEGER);
  const totalIterations = integer(
    s.totalIterations,
    'totalIterations',
    0,
    Math.min(Number.MAX_SAFE_INTEGER, steps * MAX_ITERATIONS),
  );
  const unconverged = integer(s.unconverged, 'unconverged', 0, steps);
  const totalSeconds = number(s.totalSeconds, 'totalSeconds', 0, Number.MAX_VALUE);
  if (!Array.isArray(s.recent) || s.recent.length > Math.min(recentLimit, steps)) {
    throw new SnapshotFieldError('recent', `must be a list of at most ${Math.min(recentLimit, steps)} records`);
  }
  const recent = s.recent.map((r, i) => recordOf(r, `recent[${i}]`, steps));
  return {
    format: 'relax-serve-state',
    version: SERVE_STATE_VERSION,
    config,
    learnerState: learnerState as ServeStateSnapshot['learnerState'],
    steps,
    totalIterations,
    unconverged,
    totalSeconds,
    recent,
    recordsFile: text(s.recordsFile, 'recordsFile'),
    updatedAt: typeof s.updatedAt === 'string' ? s.updatedAt : '',
    pid: typeof s.pid === 'number' ? s.pid : 0,
  };
}

/**
 * The first path where two JSON values differ (`core.weights[3]`), or null when equal. Walks
 * with an explicit stack: the values come from files and may be deep.
 */
export function firstDifference(a: unknown, b: unknown, root: string): string | null {
  const stack: [unknown, unknown, string][] = [[a, b, root]];
  while (stack.length > 0) {
    const [x, y, path] = stack.pop() as [unknown, unknown, string];
    if (Array.isArray(x) || Array.isArray(y)) {
      if (!Array.isArray(x) || !Array.isArray(y) || x.length !== y.length) return path;
      for (let i = x.length - 1; i >= 0; i--) stack.push([x[i], y[i], `${path}[${i}]`]);
    } else if (isObject(x) || isObject(y)) {
      if (!isObject(x) || !isObject(y)) return path;
      const keys = new Set([...Object.keys(x), ...Object.keys(y)]);
      for (const k of [...keys].reverse()) stack.push([x[k], y[k], `${path}.${k}`]);
    } else if (!Object.is(x, y)) {
      return path;
    }
  }
  return null;
}
